//! `replylint explain ID`: the rule's own documentation, straight from its
//! file: what it flags, why it hurts the customer, what to write instead, and
//! its examples.

use std::io::{self, IsTerminal, Write};

use colored::Colorize;

use crate::cli::args::{ColorChoice, ExplainArgs};
use crate::cli::{load_rules, usage_error, use_color, ExitStatus};

pub(crate) fn run(args: ExplainArgs) -> io::Result<ExitStatus> {
    let Some(rules) = load_rules(&args.rule_args) else {
        return Ok(ExitStatus::Error);
    };
    let Some(rule) = rules.get(&args.id) else {
        let hint = rules
            .suggest(&args.id)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        usage_error(&format!(
            "unknown rule `{}`{hint}; `replylint rules` lists them",
            args.id
        ));
        return Ok(ExitStatus::Error);
    };
    colored::control::set_override(use_color(ColorChoice::Auto, io::stdout().is_terminal()));
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({}, {})\n",
        rule.id.bold(),
        rule.severity,
        rule.check.kind()
    )?;
    for (heading, body) in [
        ("What it flags", &rule.description),
        ("Why it hurts", &rule.why),
        ("Write instead", &rule.help),
    ] {
        writeln!(out, "{}\n{}\n", heading.bold().underline(), indent(body))?;
    }
    for (heading, examples) in [
        ("Flagged", &rule.flag_examples),
        ("Not flagged", &rule.pass_examples),
    ] {
        writeln!(out, "{}", heading.bold().underline())?;
        for e in examples {
            let mut line = format!("  - {}", e.text.trim().replace('\n', "\n    "));
            if let Some(n) = &e.customer_name {
                line.push_str(&format!("  (customer: {n})"));
            }
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;
    }
    Ok(ExitStatus::Success)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
