//! Compiled rules: what `load.rs` produces from a rule file and what the
//! linter runs. A [`Rule`] owns its compiled [`Check`] and the documentation
//! fields that `explain` prints, so a rule's docs live in one place.

pub mod builtin;
pub mod expand;
pub mod fix;
pub mod load;
mod lower;
pub mod needles;
pub mod pattern;
pub mod prefilter;
pub mod set;
pub mod spec;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::check::Check;
pub use load::{load_dir, load_sources, Lexicons, RuleSource};
pub use set::{RuleSet, RuleSources, Selection};
pub use spec::ExampleFields as Example;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// A reviewer would ask for a change.
    Warning,
    /// Would embarrass the company if sent.
    Error,
}

impl Severity {
    /// The lowercase name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a rule came from, for `rules` listings and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Builtin,
    /// Loaded from a file at run time.
    File(PathBuf),
}

/// A rule, compiled and ready to run.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case id, equal to the file stem.
    pub id: String,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Finding headline template (`{matched}`, `{name}`).
    pub message: String,
    /// Text under the underlined words.
    pub label: Option<String>,
    /// One line for listings.
    pub summary: Option<String>,
    /// What it flags.
    pub description: String,
    /// Why it hurts the customer.
    pub why: String,
    /// What to write instead.
    pub help: String,
    /// The compiled check.
    pub check: Check,
    /// Suggested edits, in file order.
    pub fixes: Vec<fix::Fix>,
    /// Replies that must fire the rule.
    pub flag_examples: Vec<Example>,
    /// Replies that must not.
    pub pass_examples: Vec<Example>,
    /// Where it was loaded from.
    pub origin: Origin,
}

impl Rule {
    /// The first sentence of the description, for one-line listings.
    pub fn summary(&self) -> &str {
        if let Some(s) = &self.summary {
            return s;
        }
        let d = self.description.trim();
        let line = d.lines().next().unwrap_or(d);
        match line.find(". ") {
            Some(i) => &line[..=i],
            None => line,
        }
    }

    /// The finding headline with `{matched}` (the flagged words), `{name}`
    /// (the customer's name) and `{trigger}` (words from the customer's
    /// message that caused it) filled in.
    pub fn render_message(
        &self,
        matched: &str,
        name: Option<&str>,
        trigger: Option<&str>,
    ) -> String {
        let mut m = self.message.replace("{matched}", &one_line(matched));
        if let Some(name) = name {
            m = m.replace("{name}", name);
        }
        if let Some(trigger) = trigger {
            m = m.replace("{trigger}", &one_line(trigger));
        }
        m
    }
}

/// Collapse white space so a match that spans lines reads as one phrase.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
