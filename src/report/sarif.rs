//! `--format sarif`: SARIF 2.1.0 for code-scanning upload (GitHub, Azure
//! DevOps). One run; `tool.driver` lists every rule that ran with its
//! summary, description, why and help, and its default level; each result
//! names its rule (`ruleId`, `ruleIndex`), level, message and one physical
//! location with a region.
//!
//! Columns and char offsets are in UTF-16 code units (`columnKind:
//! utf16CodeUnits`, SARIF's default, set explicitly), 1-based lines and
//! columns, end column exclusive. Paths become relative URI references
//! (`/` separators, percent-encoded). The item title of a collection goes in
//! the message and in `properties.item`. The tests validate this output
//! against the SARIF 2.1.0 JSON schema.

use std::io;

use serde_json::{json, Value};

use crate::position::LineIndex;
use crate::report::{FileReport, Reporter};
use crate::rule::{Rule, Severity};

/// Where the tool's documentation lives.
const INFORMATION_URI: &str = "https://github.com/replylint/replylint";

/// What the SARIF driver says about one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDoc {
    /// The rule id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// What it flags and why it hurts the customer.
    pub description: String,
    /// What to write instead.
    pub help: String,
    /// Its default severity.
    pub severity: Severity,
}

impl RuleDoc {
    /// The documentation of a loaded rule.
    pub fn of(rule: &Rule) -> Self {
        RuleDoc {
            id: rule.id.clone(),
            summary: rule.summary().trim().to_owned(),
            description: format!("{}\n\n{}", rule.description.trim(), rule.why.trim()),
            help: rule.help.trim().to_owned(),
            severity: rule.severity,
        }
    }
}

/// SARIF 2.1.0 output. Build it with the rules that ran
/// (`Sarif::new(linter.rules())`).
#[derive(Debug, Clone, Default)]
pub struct Sarif {
    rules: Vec<RuleDoc>,
}

impl Sarif {
    /// A reporter that describes `rules` in the driver.
    pub fn new<'r>(rules: impl IntoIterator<Item = &'r Rule>) -> Self {
        Sarif::from_docs(rules.into_iter().map(RuleDoc::of).collect())
    }

    /// The same from rule documentation (sorted by id here).
    pub fn from_docs(mut rules: Vec<RuleDoc>) -> Self {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules.dedup_by(|a, b| a.id == b.id);
        Sarif { rules }
    }

    /// The whole SARIF log as a JSON value.
    pub fn log(&self, reports: &[FileReport]) -> Value {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.id,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.description},
                    "help": {"text": r.help},
                    "defaultConfiguration": {"level": level(r.severity)},
                })
            })
            .collect();
        let mut results = Vec::new();
        for file in reports {
            let index = LineIndex::new(&file.text);
            let uri = uri(&file.path);
            // Findings come sorted by start: count UTF-16 units from the
            // previous one, not from the top of the file every time.
            let mut counted = (0, 0);
            for f in &file.findings {
                if f.span.start < counted.0 {
                    counted = (0, 0);
                }
                counted = (
                    f.span.start,
                    counted.1 + utf16_len(&file.text, counted.0..f.span.start),
                );
                let start = index.position(&file.text, f.span.start);
                let end = index.position(&file.text, f.span.end);
                let char_offset = counted.1;
                let char_length = utf16_len(&file.text, f.span.clone());
                let message = match &f.item {
                    Some(item) => format!("{} (in \"{item}\")", f.message),
                    None => f.message.clone(),
                };
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": level(f.severity),
                    "message": {"text": message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {
                                "startLine": start.line,
                                "startColumn": start.column_utf16,
                                "endLine": end.line,
                                "endColumn": end.column_utf16,
                                "charOffset": char_offset,
                                "charLength": char_length,
                                "snippet": {"text": f.matched},
                            }
                        }
                    }],
                });
                if let Some(i) = self.rules.iter().position(|r| r.id == f.rule) {
                    result["ruleIndex"] = json!(i);
                }
                if let Some(item) = &f.item {
                    result["properties"] = json!({"item": item});
                }
                results.push(result);
            }
        }
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "replylint",
                    "informationUri": INFORMATION_URI,
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "utf16CodeUnits",
                "results": results,
            }],
        })
    }
}

impl Reporter for Sarif {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(reports))?;
        writeln!(out)
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn utf16_len(text: &str, range: std::ops::Range<usize>) -> usize {
    let start = crate::position::floor_char_boundary(text, range.start.min(text.len()));
    let end = crate::position::floor_char_boundary(text, range.end.min(text.len()));
    text[start..end.max(start)].encode_utf16().count()
}

/// A path as a relative URI reference: `/` separators, no leading `./`,
/// everything but unreserved characters and `/` percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("./canned/my replies.yml"), "canned/my%20replies.yml");
        assert_eq!(uri("a\\b\\é.md"), "a/b/%C3%A9.md");
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let t = "😀 no";
        assert_eq!(utf16_len(t, 0..t.find('n').unwrap()), 3);
    }
}
