//! `replylint lsp`: hand the flags to the language server in the library
//! and turn how it ended into an exit status. Rule files are loaded by the
//! server itself (it reloads them when they change), so a broken one is
//! reported in the editor rather than here.

use std::io;
use std::time::Duration;

use replylint::rule::{RuleSources, Selection};
use replylint::server::lsp::{self, LspOptions};
use replylint::server::workspace;

use crate::cli::args::LspArgs;
use crate::cli::{usage_error, ExitStatus};

pub(crate) fn run(args: LspArgs) -> io::Result<ExitStatus> {
    let options = LspOptions {
        sources: RuleSources {
            builtin: !args.rule_args.no_builtin,
            dirs: args.rule_args.rules,
            ..RuleSources::default()
        },
        selection: Selection {
            select: args.select,
            ignore: args.ignore,
            ..Selection::default()
        },
        debounce: Duration::from_millis(150),
        // `.replylint.yaml` at the workspace root, reloaded when it changes.
        config_hook: workspace::config_file,
    };
    match lsp::run_stdio(options) {
        Ok(()) => Ok(ExitStatus::Success),
        Err(e) => {
            usage_error(&format!("language server: {e}"));
            Ok(ExitStatus::Error)
        }
    }
}
