//! The machine format. Version 1 of the schema:
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"path", "rule", "severity", "message", "help",
//!                   "span": {"start", "end"},            // byte offsets
//!                   "start": {"line", "column"},          // 1-based, characters
//!                   "end": {"line", "column"},
//!                   "matched"}],
//!  "summary": {"files", "errors", "warnings", "infos"}}
//! ```
//!
//! Fields are only ever added within a version; a removal or change of
//! meaning bumps `version`.

use std::io;

use serde::Serialize;

use crate::position::LineIndex;
use crate::report::{FileReport, Reporter, Summary};
use crate::rule::Severity;

/// The JSON schema version written in every document.
pub const VERSION: u32 = 1;

/// JSON output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Diagnostic<'a>>,
    summary: SummaryOut,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: &'a str,
    span: Span,
    start: LineColumn,
    end: LineColumn,
    matched: &'a str,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct LineColumn {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Reporter for Json {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let mut diagnostics = Vec::new();
        for file in reports {
            let index = LineIndex::new(&file.text);
            for f in &file.findings {
                let s = index.position(&file.text, f.span.start);
                let e = index.position(&file.text, f.span.end);
                diagnostics.push(Diagnostic {
                    path: &file.path,
                    rule: &f.rule,
                    severity: f.severity,
                    message: &f.message,
                    help: &f.help,
                    span: Span {
                        start: f.span.start,
                        end: f.span.end,
                    },
                    start: LineColumn {
                        line: s.line,
                        column: s.column,
                    },
                    end: LineColumn {
                        line: e.line,
                        column: e.column,
                    },
                    matched: &f.matched,
                });
            }
        }
        let s = Summary::of(reports);
        let doc = Document {
            version: VERSION,
            diagnostics,
            summary: SummaryOut {
                files: s.files,
                errors: s.errors,
                warnings: s.warnings,
                infos: s.infos,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
