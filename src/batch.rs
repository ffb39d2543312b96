//! Batch mode for pipelines and agents: JSON lines in, JSON lines out.
//!
//! Each input line is `{"id", "text", "customer_name"?, "customer_message"?,
//! "mode"?}`; each output line is `{"id", "diagnostics": [...]}` (the same
//! diagnostic objects as `--format json`, with `path` set to the id), in
//! input order. A line that is not a valid record gets
//! `{"id", "line", "error"}` and the others are still checked. Records are
//! read and checked in bounded chunks (in parallel within a chunk), so memory
//! stays constant for any number of records.

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::draft::{Context, Mode};
use crate::linter::Linter;
use crate::position::LineIndex;
use crate::report::json::Diagnostic;
use crate::rule::Severity;

/// Records checked together; bounds memory and keeps output streaming.
/// Each chunk ends with every thread waiting for the slowest record, so
/// chunks are large: 256 records cost 11% of a two-thread run of 45,000.
const CHUNK: usize = 2048;

/// A chunk also ends once its lines hold this many bytes, so a batch of
/// long records stays within a few times this in memory.
const CHUNK_BYTES: usize = 8 << 20;

/// One input record.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Echoed back in the output line.
    pub id: serde_json::Value,
    /// The reply to check.
    pub text: String,
    /// The customer's name, when known.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// The message the reply answers, when known.
    #[serde(default)]
    pub customer_message: Option<String>,
    /// Draft (default) or template.
    #[serde(default)]
    pub mode: Option<Mode>,
}

/// An output line for a checked record.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Output<'a> {
    /// The record's id, as given.
    pub id: &'a serde_json::Value,
    /// Its findings, in the `--format json` shape.
    pub diagnostics: Vec<Diagnostic>,
}

/// An output line for an input line that was not a valid record.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorLine {
    /// The id, when the line was JSON with one; otherwise null.
    pub id: serde_json::Value,
    /// 1-based line number in the input.
    pub line: usize,
    /// What was wrong.
    pub error: String,
}

/// One batch output line: a result or an error.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Line<'a> {
    /// A checked record.
    Checked(Output<'a>),
    /// A bad input line.
    Error(ErrorLine),
}

/// The JSON Schema of one batch output line (committed as
/// `schema/batch-line-v1.schema.json`, checked by a test).
pub fn line_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Line<'static>)).unwrap_or_default()
}

/// What a batch run saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Records checked.
    pub records: usize,
    /// Lines that were not valid records.
    pub bad: usize,
    /// The most severe finding.
    pub worst: Option<Severity>,
}

enum Parsed {
    Ok(Box<Record>),
    Bad(ErrorLine),
}

/// Check every record read from `input`, writing one line per record to
/// `output`. `default_mode` applies to records without a `mode`.
pub fn run(
    linter: &Linter<'_>,
    input: impl BufRead,
    mut output: impl Write,
    default_mode: Mode,
) -> io::Result<BatchStats> {
    let mut stats = BatchStats::default();
    let mut chunk: Vec<(usize, Result<String, String>)> = Vec::with_capacity(CHUNK);
    // Lines are split as bytes, so one line that is not UTF-8 is reported
    // on its own instead of ending the whole run.
    let mut lines = input.split(b'\n').enumerate();
    loop {
        chunk.clear();
        let mut bytes = 0;
        for (i, line) in lines.by_ref() {
            let mut line = line?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let line = String::from_utf8(line).map_err(|e| {
                format!(
                    "not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                )
            });
            if line.as_ref().is_ok_and(|l| l.trim().is_empty()) {
                continue;
            }
            bytes += line.as_ref().map_or(0, String::len);
            chunk.push((i + 1, line));
            if chunk.len() == CHUNK || bytes >= CHUNK_BYTES {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<(String, Option<Severity>, bool)> = chunk
            .par_iter()
            .map(|(n, line)| match line {
                Ok(line) => check_line(linter, *n, line, default_mode),
                Err(error) => bad_line(*n, error.clone()),
            })
            .collect();
        for (json, worst, bad) in results {
            output.write_all(json.as_bytes())?;
            output.write_all(b"\n")?;
            if bad {
                stats.bad += 1;
            } else {
                stats.records += 1;
            }
            stats.worst = stats.worst.max(worst);
        }
        output.flush()?;
    }
    Ok(stats)
}

fn bad_line(n: usize, error: String) -> (String, Option<Severity>, bool) {
    let err = ErrorLine {
        id: serde_json::Value::Null,
        line: n,
        error,
    };
    (serde_json::to_string(&err).unwrap_or_default(), None, true)
}

fn check_line(
    linter: &Linter<'_>,
    n: usize,
    line: &str,
    default_mode: Mode,
) -> (String, Option<Severity>, bool) {
    let parsed = match serde_json::from_str::<Record>(line) {
        Ok(r) => Parsed::Ok(Box::new(r)),
        Err(e) => {
            // Echo the id when the line is JSON with one, so the caller can
            // match the error to its record.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            Parsed::Bad(ErrorLine {
                id,
                line: n,
                error: format!("not a batch record: {e}"),
            })
        }
    };
    match parsed {
        Parsed::Bad(err) => (serde_json::to_string(&err).unwrap_or_default(), None, true),
        Parsed::Ok(mut rec) => {
            let context = Context::new(
                rec.customer_name.as_deref(),
                rec.customer_message.take(),
                rec.mode.unwrap_or(default_mode),
            );
            let findings = linter.lint_text(&rec.text, &context);
            let worst = findings.iter().map(|f| f.severity).max();
            // Most replies have no findings: nothing to locate or name.
            let diagnostics = if findings.is_empty() {
                Vec::new()
            } else {
                let index = LineIndex::new(&rec.text);
                let path = match &rec.id {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                findings
                    .iter()
                    .map(|f| Diagnostic::new(&path, &rec.text, &index, f, None))
                    .collect()
            };
            let out = Output {
                id: &rec.id,
                diagnostics,
            };
            (
                serde_json::to_string(&out).unwrap_or_default(),
                worst,
                false,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RuleSet, Selection};

    #[test]
    fn keeps_order_and_reports_bad_lines() {
        let set = RuleSet::builtin().unwrap();
        let linter = Linter::new(&set, &Selection::default());
        let mut input = String::new();
        for i in 0..600 {
            if i == 300 {
                input.push_str("{\"id\": \"bad\", \"txt\": 1}\n");
            }
            input.push_str(&format!(
                "{{\"id\": {i}, \"text\": \"We can't refund order {i}.\"}}\n"
            ));
        }
        let mut out = Vec::new();
        let stats = run(&linter, input.as_bytes(), &mut out, Mode::Draft).unwrap();
        assert_eq!((stats.records, stats.bad), (600, 1));
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 601);
        assert_eq!(lines[0]["id"], 0);
        assert_eq!(lines[300]["id"], "bad");
        assert_eq!(lines[300]["line"], 301);
        assert_eq!(lines[600]["id"], 599);
        assert_eq!(lines[5]["diagnostics"][0]["rule"], "flat-no");
    }
}
