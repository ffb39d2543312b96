//! [`Finding`]: one problem in one draft, as plain data. Rendering is the
//! reporters' job; `to_diagnostic` gives miette what it needs.

use std::ops::Range;

use miette::{LabeledSpan, MietteDiagnostic};
use serde::{Deserialize, Serialize};

use crate::rule::Severity;

/// How safe a suggested edit is to apply without a person reading it
/// (ruff's fix safety).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Mechanical and meaning-preserving (collapsing `!!`): `--fix` applies it.
    Safe,
    /// A rewording that changes tone: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Needs a person (add an apology): shown, never applied.
    DisplayOnly,
}

/// A proposed edit for a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the edit does, in a few words ("Use one exclamation mark").
    pub title: String,
    /// The bytes to replace (empty for an insertion).
    pub span: Range<usize>,
    /// The new text.
    pub replacement: String,
    /// How safe it is.
    pub applicability: Applicability,
}

/// A problem found in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// The trigger words, as byte offsets into the source text.
    pub span: Range<usize>,
    /// The headline, with the matched words filled in.
    pub message: String,
    /// Short text under the underline.
    pub label: Option<String>,
    /// What to write instead.
    pub help: String,
    /// The text under `span`.
    pub matched: String,
    /// Proposed edits, most specific first.
    pub suggestions: Vec<Suggestion>,
    /// The title of the reply it was found in, when the file holds several
    /// (set by `source::Item::to_source`; `None` from the linter itself).
    pub item: Option<String>,
}

impl Finding {
    /// A miette diagnostic for this finding (the caller attaches the source).
    pub fn to_diagnostic(&self) -> MietteDiagnostic {
        let severity = match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        };
        MietteDiagnostic::new(self.message.clone())
            .with_code(self.rule.clone())
            .with_severity(severity)
            .with_help(self.help.clone())
            .with_label(LabeledSpan::new(
                self.label.clone(),
                self.span.start,
                self.span.len(),
            ))
    }

    /// Shift the span by `delta` bytes (a draft inside a larger file).
    pub fn shifted(mut self, delta: usize) -> Self {
        self.span = self.span.start + delta..self.span.end + delta;
        for s in &mut self.suggestions {
            s.span = s.span.start + delta..s.span.end + delta;
        }
        self
    }
}
