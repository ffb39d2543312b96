//! The command-line front end: turns arguments into engine calls and output.
//! Printing happens here and in `report/`, nowhere else.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod args;
mod commands;

use std::io::{self, IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

pub(crate) use args::Args;
use args::{ColorChoice, Command, RuleArgs};

use replylint::error::LoadErrors;
use replylint::rule::{RuleSet, RuleSources};

/// How a run ended; the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// 0: nothing at or above `--fail-on` was found.
    Success,
    /// 1: findings at or above `--fail-on` (or failing rule examples).
    Findings,
    /// 2: a usage, rule-file or I/O error.
    Error,
}

impl ExitStatus {
    /// The numeric exit code.
    pub(crate) fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Run a parsed command line.
pub(crate) fn run(args: Args) -> io::Result<ExitStatus> {
    match args.command {
        Command::Check(a) => commands::check::run(a),
        Command::Rules(a) => commands::rules::run(a),
        Command::Explain(a) => commands::explain::run(a),
        Command::Test(a) => commands::test_rules::run(a),
        Command::Eval(a) => commands::eval::run(a),
        Command::Init(a) => commands::init::run(a),
        Command::Lsp(a) => commands::lsp::run(a),
        Command::Mcp(a) => commands::mcp::run(a),
    }
}

/// Whether to colour a stream, from `--color` and NO_COLOR.
pub(crate) fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Output width: the terminal's, else `COLUMNS`, else 100.
pub(crate) fn width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return usize::from(w).max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Render a miette diagnostic for stderr.
pub(crate) fn render_error(diag: &dyn miette::Diagnostic) -> String {
    let color = use_color(ColorChoice::Auto, io::stderr().is_terminal());
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width())
        .with_links(false);
    if handler.render_report(&mut out, diag).is_err() {
        out = format!("error: {diag}");
    }
    out
}

/// Print every rule-file problem to stderr.
pub(crate) fn print_load_errors(errors: &LoadErrors) {
    let mut err = io::stderr().lock();
    for e in &errors.errors {
        let _ = writeln!(err, "{}", render_error(e));
    }
    let _ = writeln!(
        err,
        "error: {} problem{} in rule files; nothing was checked",
        errors.errors.len(),
        if errors.errors.len() == 1 { "" } else { "s" }
    );
}

/// Load rules per the shared flags, printing errors on failure.
pub(crate) fn load_rules(args: &RuleArgs) -> Option<RuleSet> {
    let sources = RuleSources {
        builtin: !args.no_builtin,
        dirs: args.rules.clone(),
        ..RuleSources::default()
    };
    match RuleSet::load(&sources) {
        Ok(set) => Some(set),
        Err(e) => {
            print_load_errors(&e);
            None
        }
    }
}

/// Print a one-line usage error.
pub(crate) fn usage_error(message: &str) {
    eprintln!("error: {message}");
}
