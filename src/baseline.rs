//! `--baseline FILE`: adopt replylint on a repository with existing findings.
//! The first run records today's findings; later runs report only new ones.
//!
//! A finding is keyed by path, item title, rule and the flagged words
//! (white space collapsed, lower-cased), never by line or column, so editing
//! or moving text elsewhere in a file does not resurrect recorded findings.
//! Each key keeps a count: a third "we can't" where two were recorded is new.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;

/// The file format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// One recorded key and how many times it occurred.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, as given on the command line.
    pub path: String,
    /// The collection item, when the file holds several replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The rule id.
    pub rule: String,
    /// The flagged words, normalised.
    pub matched: String,
    /// Occurrences recorded.
    pub count: usize,
}

type Key = (String, Option<String>, String, String);

fn key(path: &str, item: Option<&str>, f: &Finding) -> Key {
    let matched = f
        .matched
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (
        path.to_owned(),
        item.map(str::to_owned),
        f.rule.clone(),
        matched,
    )
}

impl Baseline {
    /// Record these findings.
    pub fn record<'a>(
        findings: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a Finding)>,
    ) -> Self {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for (path, item, f) in findings {
            *counts.entry(key(path, item, f)).or_default() += 1;
        }
        Baseline {
            version: 1,
            findings: counts
                .into_iter()
                .map(|((path, item, rule, matched), count)| Entry {
                    path,
                    item,
                    rule,
                    matched,
                    count,
                })
                .collect(),
        }
    }

    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a replylint baseline: {e}", path.display()))
    }

    /// Write it (atomically when the file exists).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        if path.exists() {
            crate::write::write_atomic(path, text.as_bytes())
        } else {
            std::fs::write(path, text)
        }
    }

    /// A filter that lets through only findings beyond the recorded counts.
    pub fn filter(&self) -> Filter {
        Filter {
            remaining: self
                .findings
                .iter()
                .map(|e| {
                    (
                        (
                            e.path.clone(),
                            e.item.clone(),
                            e.rule.clone(),
                            e.matched.clone(),
                        ),
                        e.count,
                    )
                })
                .collect(),
        }
    }
}

/// Consumes recorded counts as findings are seen.
#[derive(Debug)]
pub struct Filter {
    remaining: BTreeMap<Key, usize>,
}

impl Filter {
    /// Whether `f` is new (not covered by the baseline). Call in file order.
    pub fn is_new(&mut self, path: &str, item: Option<&str>, f: &Finding) -> bool {
        match self.remaining.get_mut(&key(path, item, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Linter, RuleSet, Selection};

    fn findings(text: &str) -> Vec<Finding> {
        let set = RuleSet::builtin().unwrap();
        Linter::new(&set, &Selection::default()).lint_text(text, &Context::default())
    }

    #[test]
    fn moved_text_stays_known_and_a_new_occurrence_is_new() {
        let before = findings("We can't refund this.");
        let base = Baseline::record(before.iter().map(|f| ("a.txt", None, f)));
        let after = findings(
            "Hello!\n\nThanks for writing.\n\nWe can't   refund this. We can't refund that.",
        );
        let mut filter = base.filter();
        let new: Vec<_> = after
            .iter()
            .filter(|f| filter.is_new("a.txt", None, f))
            .collect();
        assert_eq!(new.len(), 1);
        assert_eq!(
            new[0].span.start,
            after
                .iter()
                .filter(|f| f.rule == "flat-no")
                .nth(1)
                .unwrap()
                .span
                .start
        );
    }
}
