//! `replylint rules`: one line per rule, id, severity and what it flags.

use std::io::{self, Write};

use crate::cli::args::RulesArgs;
use crate::cli::{load_rules, ExitStatus};

pub(crate) fn run(args: RulesArgs) -> io::Result<ExitStatus> {
    let Some(rules) = load_rules(&args.rule_args) else {
        return Ok(ExitStatus::Error);
    };
    let width = rules.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    for r in rules.rules() {
        writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            r.id,
            r.severity.as_str(),
            r.summary()
        )?;
    }
    Ok(ExitStatus::Success)
}
