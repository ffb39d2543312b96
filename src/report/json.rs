//! The machine format, version 1. A document is
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [Diagnostic...],
//!  "summary": {"files", "errors", "warnings", "infos"}}
//! ```
//!
//! and a [`Diagnostic`] carries the rule id, severity, message, help, the
//! byte span, 1-based line/column in characters *and* in UTF-16 code units
//! (what editors and JavaScript count), the matched words, the item title
//! when a file holds many replies, and suggested edits. Fields are only ever
//! added within a version; a removal or change of meaning bumps `version`.
//! `--format jsonl`, batch mode, the language server and the MCP server all
//! reuse [`Diagnostic`], so every machine consumer sees one contract.

use std::io;

use rayon::prelude::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::{Applicability, Finding};
use crate::position::LineIndex;
use crate::report::{FileReport, Reporter, Summary};
use crate::rule::Severity;

/// The JSON schema version written in every document.
pub const VERSION: u32 = 1;

/// JSON output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

/// The JSON Schema of a `--format json` document (committed as
/// `schema/output-v1.schema.json`, checked by a test).
pub fn document_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Document)).unwrap_or_default()
}

/// A whole `--format json` document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Document {
    /// Schema version (1).
    pub version: u32,
    /// Every finding, sorted by path then position.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: SummaryOut,
}

/// One finding, as machines see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct Diagnostic {
    /// The file (or the stdin name, or the batch record id).
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The headline.
    pub message: String,
    /// What to write instead.
    pub help: String,
    /// Byte offsets of the flagged words in the file.
    pub span: Span,
    /// Where the flagged words start.
    pub start: Position,
    /// Where they end (exclusive).
    pub end: Position,
    /// The flagged words.
    pub matched: String,
    /// The reply's title when the file holds several (a collection item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Proposed edits.
    pub suggestions: Vec<SuggestionOut>,
}

/// A byte range, end exclusive.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A position in two units.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (Unicode scalar values).
    pub column: usize,
    /// 1-based column in UTF-16 code units.
    pub column_utf16: usize,
}

/// A proposed edit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct SuggestionOut {
    /// What the edit does.
    pub title: String,
    /// Bytes to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: Applicability,
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct SummaryOut {
    /// Files checked.
    pub files: usize,
    /// Findings at `error`.
    pub errors: usize,
    /// Findings at `warning`.
    pub warnings: usize,
    /// Findings at `info`.
    pub infos: usize,
}

impl From<Summary> for SummaryOut {
    fn from(s: Summary) -> Self {
        SummaryOut {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        }
    }
}

impl Diagnostic {
    /// Build the machine form of `finding` in `text` (indexed by `index`).
    pub fn new(
        path: &str,
        text: &str,
        index: &LineIndex,
        finding: &Finding,
        item: Option<&str>,
    ) -> Self {
        let pos = |offset: usize| {
            let p = index.position(text, offset);
            Position {
                line: p.line,
                column: p.column,
                column_utf16: p.column_utf16,
            }
        };
        Diagnostic {
            path: path.to_owned(),
            rule: finding.rule.clone(),
            severity: finding.severity,
            message: finding.message.clone(),
            help: finding.help.clone(),
            span: Span {
                start: finding.span.start,
                end: finding.span.end,
            },
            start: pos(finding.span.start),
            end: pos(finding.span.end),
            matched: finding.matched.clone(),
            item: item.map(str::to_owned),
            suggestions: finding
                .suggestions
                .iter()
                .map(|s| SuggestionOut {
                    title: s.title.clone(),
                    span: Span {
                        start: s.span.start,
                        end: s.span.end,
                    },
                    replacement: s.replacement.clone(),
                    applicability: s.applicability,
                })
                .collect(),
        }
    }
}

/// The diagnostics of one file report.
pub fn diagnostics(report: &FileReport) -> Vec<Diagnostic> {
    let index = LineIndex::new(&report.text);
    report
        .findings
        .iter()
        .map(|f| Diagnostic::new(&report.path, &report.text, &index, f, f.item.as_deref()))
        .collect()
}

impl Reporter for Json {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let doc = Document {
            version: VERSION,
            // Positions and UTF-16 columns of every file, in parallel.
            diagnostics: reports.par_iter().flat_map_iter(diagnostics).collect(),
            summary: Summary::of(reports).into(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
