//! One file per subcommand.

pub(crate) mod check;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod lsp;
pub(crate) mod mcp;
pub(crate) mod rules;
pub(crate) mod test_rules;
