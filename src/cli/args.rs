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
    /// Write a commented starter `.replylint.yaml` in the current folder.
    Init(InitArgs),
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
    /// Files or directories to check (below a directory: .txt .md .mdx .eml, and .yml .yaml
    /// .json reply collections); `-` reads stdin.
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

    /// Exit 1 when a finding at or above this severity is found [default: warning, or the config's].
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,

    /// The customer's name (enables the name rules).
    #[arg(long, value_name = "NAME")]
    pub(crate) customer_name: Option<String>,

    /// A file holding the customer's message this reply answers (`-` for stdin when the draft is a file).
    #[arg(long, value_name = "FILE")]
    pub(crate) context: Option<PathBuf>,

    /// `draft`: a reply about to be sent; `template`: a canned response with placeholders
    /// [default: the config's, else draft].
    #[arg(long, value_parser = parse_mode)]
    pub(crate) mode: Option<Mode>,

    /// Use this config file instead of the nearest `.replylint.yaml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,

    /// Ignore `.replylint.yaml` files.
    #[arg(long)]
    pub(crate) no_config: bool,

    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub(crate) statistics: bool,

    /// Report only findings not recorded in this baseline file; when the file
    /// does not exist yet, record today's findings in it.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,

    /// With --baseline, record today's findings again (after fixing some).
    #[arg(long, requires = "baseline")]
    pub(crate) update_baseline: bool,

    /// Apply safe fixes in place (atomically); with `-`, print the fixed text instead.
    #[arg(long)]
    pub(crate) fix: bool,

    /// With --fix or --diff, also apply unsafe fixes (rewordings that change tone).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,

    /// Print the fixes as a unified diff and change nothing.
    #[arg(long, conflicts_with = "fix")]
    pub(crate) diff: bool,

    /// Read JSON lines records (`{"id","text","customer_name"?,"customer_message"?,"mode"?}`)
    /// from FILE (or `-`) and write one JSON line per record.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-", conflicts_with_all = ["fix", "diff"])]
    pub(crate) batch: Option<PathBuf>,

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
    /// `text` for people, `json` for agents.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub(crate) format: ExplainFormat,
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
    /// One JSON diagnostic per line (the objects of `--format json`).
    Jsonl,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
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

/// `explain --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExplainFormat {
    /// Headings and examples for a terminal.
    Text,
    /// One JSON object.
    Json,
}

/// `replylint init`.
#[derive(Debug, ClapArgs)]
pub(crate) struct InitArgs {
    /// Overwrite an existing `.replylint.yaml`.
    #[arg(long)]
    pub(crate) force: bool,
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
