//! Long-running servers over stdio for programs that call replylint: the
//! language server for editors ([`lsp`]) and the Model Context Protocol
//! server for AI agents ([`mcp`]). Both reuse the engine unchanged (a
//! [`RuleSet`](crate::RuleSet) compiled once, [`Linter`](crate::Linter),
//! findings with byte spans) and the JSON contract of
//! [`report::json`](crate::report::json); they only translate protocols.
//!
//! Neither server prints: stdout carries protocol messages only, and what a
//! person should see goes to the client (`window/logMessage`, tool errors).

pub mod lsp;
mod lsp_transport;
pub mod mcp;
pub mod workspace;

use thiserror::Error;

/// Why a server stopped abnormally.
#[derive(Debug, Error)]
pub enum ServerError {
    /// Reading stdin or writing stdout failed.
    #[error("i/o error on the protocol stream: {0}")]
    Io(#[from] std::io::Error),
    /// The client closed the stream before `shutdown` and `exit`.
    #[error("the client closed the connection without `shutdown` and `exit`")]
    Disconnected,
    /// `exit` arrived without a `shutdown` first (the LSP spec asks for exit
    /// code 1 then).
    #[error("`exit` notification received before `shutdown`")]
    ExitWithoutShutdown,
    /// No usable rule set, not even the built-in rules.
    #[error(transparent)]
    Rules(#[from] crate::error::LoadErrors),
    /// The MCP runtime failed (handshake or transport).
    #[error("MCP server: {0}")]
    Mcp(String),
}
