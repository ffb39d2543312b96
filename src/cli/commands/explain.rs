//! `replylint explain ID`: the rule's own documentation, straight from its
//! file: what it flags, why it hurts the customer, what to write instead, and
//! its examples.

use std::io::{self, IsTerminal, Write};

use colored::Colorize;

use crate::cli::args::{ColorChoice, ExplainArgs, ExplainFormat};
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
    let mut out = io::stdout().lock();
    if args.format == ExplainFormat::Json {
        let example = |e: &replylint::rule::Example| {
            serde_json::json!({
                "text": e.text,
                "customer_name": e.customer_name,
                "customer_message": e.customer_message,
                "mode": e.mode,
                "note": e.note,
            })
        };
        let doc = serde_json::json!({
            "version": replylint::report::json::VERSION,
            "id": rule.id,
            "severity": rule.severity,
            "kind": rule.check.kind(),
            "summary": rule.summary(),
            "description": rule.description,
            "why": rule.why,
            "help": rule.help,
            "fixes": rule.fixes.iter().map(|f| serde_json::json!({"title": f.title(), "applicability": f.applicability()})).collect::<Vec<_>>(),
            "examples": {
                "flag": rule.flag_examples.iter().map(example).collect::<Vec<_>>(),
                "pass": rule.pass_examples.iter().map(example).collect::<Vec<_>>(),
            },
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(ExitStatus::Success);
    }
    colored::control::set_override(use_color(ColorChoice::Auto, io::stdout().is_terminal()));
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
