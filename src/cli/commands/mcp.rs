//! `replylint mcp`: compile the rules once (broken rule files are reported
//! here, before any client connects) and hand them to the MCP server in the
//! library.

use std::io;

use replylint::server::mcp;

use crate::cli::args::McpArgs;
use crate::cli::{load_rules, usage_error, ExitStatus};

pub(crate) fn run(args: McpArgs) -> io::Result<ExitStatus> {
    let Some(rules) = load_rules(&args.rule_args) else {
        return Ok(ExitStatus::Error);
    };
    match mcp::run_stdio(rules) {
        Ok(()) => Ok(ExitStatus::Success),
        Err(e) => {
            usage_error(&format!("MCP server: {e}"));
            Ok(ExitStatus::Error)
        }
    }
}
