//! Command-line arguments (clap derive). Each field's doc comment is its
//! `--help` text.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use replylint::draft::Mode;

/// Lint customer-support replies before they are sent.
#[derive(Debug, Parser)]
#[command(name = "replylint", version, about, long_about = None)]
pub(crate) struct Args {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check reply drafts (files, directories, or `-` for stdin).
    Check(CheckArgs),
    /// List the rules with their severity and what they flag.
    Rules(RulesArgs),
    /// Explain a rule: what it flags, why it hurts, what to write instead.
    Explain(ExplainArgs),
    /// Run every rule's `flag` / `pass` examples.
    Test(TestArgs),
    /// Measure precision and recall per rule on labelled replies (JSON lines).
    Eval(EvalArgs),
    /// Serve the Language Server Protocol on stdin/stdout (for editors).
    Lsp(LspArgs),
    /// Serve the Model Context Protocol on stdin/stdout (for AI agents).
    Mcp(McpArgs),
}

/// Where rules come from (shared by subcommands).
#[derive(Debug, Clone, ClapArgs)]
pub(crate) struct RuleArgs {
    /// Also load the rule files in DIR (`DIR/*.yml`, lexicons in `DIR/lexicons/`). Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub(crate) rules: Vec<PathBuf>,
    /// Do not load the built-in rules (built-in lexicons stay available).
    #[arg(long)]
    pub(crate) no_builtin: bool,
}

/// `replylint check`.
#[derive(Debug, ClapArgs)]
pub(crate) struct CheckArgs {
    /// Files or directories to check (`.txt`, `.md`, `.eml` below a directory); `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,

    /// The name to show for stdin in output.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub(crate) format: Format,

    /// When to use colour (also off when NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,

    /// Only run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) select: Option<Vec<String>>,

    /// Never run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) ignore: Vec<String>,

    /// Exit 1 when a finding at or above this severity is found.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,

    /// The customer's name (enables the name rules).
    #[arg(long, value_name = "NAME")]
    pub(crate) customer_name: Option<String>,

    /// A file holding the customer's message this reply answers (`-` for stdin when the draft is a file).
    #[arg(long, value_name = "FILE")]
    pub(crate) context: Option<PathBuf>,

    /// `draft`: a reply about to be sent; `template`: a canned response with placeholders.
    #[arg(long, value_parser = parse_mode, default_value = "draft")]
    pub(crate) mode: Mode,

    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse()
}

/// `replylint rules`.
#[derive(Debug, ClapArgs)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}

/// `replylint explain`.
#[derive(Debug, ClapArgs)]
pub(crate) struct ExplainArgs {
    /// The rule id.
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}

/// `replylint test`.
#[derive(Debug, ClapArgs)]
pub(crate) struct TestArgs {
    /// Rule directories to test (default: the built-in rules).
    #[arg(value_name = "DIR")]
    pub(crate) dirs: Vec<PathBuf>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Graphical diagnostics with the source underlined.
    Pretty,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// A JSON document (schema version 1).
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Any finding fails the run.
    Info,
    /// Findings never fail the run.
    Never,
}

/// `replylint eval`.
#[derive(Debug, ClapArgs)]
pub(crate) struct EvalArgs {
    /// JSON lines: `{"id", "text", "labels": [rule ids], "customer_name"?, "customer_message"?, "mode"?}`.
    #[arg(value_name = "LABELS.jsonl")]
    pub(crate) labels: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub(crate) format: EvalFormat,
    /// Only score these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) select: Option<Vec<String>>,
    /// Also print the flagged words of every false alarm.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}

/// `eval --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EvalFormat {
    /// An aligned table plus the ids of misses and false alarms.
    Table,
    /// The full report as JSON.
    Json,
}

/// `replylint lsp`.
#[derive(Debug, ClapArgs)]
pub(crate) struct LspArgs {
    /// Accepted for editor clients that always pass it; stdio is the only transport.
    #[arg(long)]
    pub(crate) stdio: bool,
    /// Only run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) select: Option<Vec<String>>,
    /// Never run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub(crate) ignore: Vec<String>,
    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}

/// `replylint mcp`.
#[derive(Debug, ClapArgs)]
pub(crate) struct McpArgs {
    #[command(flatten)]
    pub(crate) rule_args: RuleArgs,
}
