//! `replylint eval LABELS.jsonl`: score every rule against labelled replies
//! and print a per-rule table (or JSON).

use std::io::{self, BufRead, Write};
use std::path::Path;

use replylint::eval::{evaluate, Record};
use replylint::{Linter, Selection};

use crate::cli::args::{EvalArgs, EvalFormat};
use crate::cli::{load_rules, usage_error, ExitStatus};

pub(crate) fn run(args: EvalArgs) -> io::Result<ExitStatus> {
    let Some(rules) = load_rules(&args.rule_args) else {
        return Ok(ExitStatus::Error);
    };
    let selection = Selection {
        select: args.select.clone(),
        ..Selection::default()
    };
    let unknown = selection.unknown_ids(&rules);
    if !unknown.is_empty() {
        for u in unknown {
            usage_error(&u.to_string());
        }
        return Ok(ExitStatus::Error);
    }
    let records = match read_records(&args.labels) {
        Ok(r) => r,
        Err(msg) => {
            usage_error(&msg);
            return Ok(ExitStatus::Error);
        }
    };
    let linter = Linter::new(&rules, &selection);
    let report = evaluate(&linter, &records);
    let mut out = io::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Table => {
            let w = report
                .rules
                .iter()
                .map(|r| r.rule.len())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                out,
                "{:<w$}  {:>4}  {:>4}  {:>4}  {:>9}  {:>6}",
                "rule", "tp", "fp", "fn", "precision", "recall"
            )?;
            for s in &report.rules {
                writeln!(
                    out,
                    "{:<w$}  {:>4}  {:>4}  {:>4}  {:>9}  {:>6}",
                    s.rule,
                    s.tp,
                    s.fp,
                    s.fn_,
                    fmt_ratio(s.precision),
                    fmt_ratio(s.recall)
                )?;
            }
            writeln!(out, "\n{} replies", report.records)?;
            for s in &report.rules {
                if !s.misses.is_empty() {
                    writeln!(out, "{} misses: {}", s.rule, s.misses.join(", "))?;
                }
                if !s.false_alarms.is_empty() {
                    let ids: Vec<&str> = s.false_alarms.iter().map(|f| f.id.as_str()).collect();
                    writeln!(out, "{} false alarms: {}", s.rule, ids.join(", "))?;
                    if args.verbose {
                        for f in &s.false_alarms {
                            writeln!(out, "    {}: «{}»", f.id, f.matched)?;
                        }
                    }
                }
            }
            if !report.unknown_labels.is_empty() {
                writeln!(
                    out,
                    "labels for rules that did not run: {}",
                    report.unknown_labels.join(", ")
                )?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

fn read_records(path: &Path) -> Result<Vec<Record>, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut records = Vec::new();
    for (i, line) in io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: not a label record: {e}", path.display(), i + 1))?;
        records.push(rec);
    }
    Ok(records)
}
