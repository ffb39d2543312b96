//! Measuring rules against labelled replies: per rule, reply-level true and
//! false positives and false negatives, precision and recall. A rule counts
//! as fired on a reply if it fires at least once. Teams run this on their own
//! past replies to see whether a rule earns its place.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::draft::{Context, Mode};
use crate::linter::Linter;

/// One labelled reply (a line of the labels file).
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// Stable id.
    pub id: String,
    /// The reply.
    pub text: String,
    /// Rule ids that should fire at least once.
    #[serde(default)]
    pub labels: Vec<String>,
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

/// Scores of one rule.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RuleScore {
    /// Rule id.
    pub rule: String,
    /// Labelled and fired.
    pub tp: usize,
    /// Fired, not labelled.
    pub fp: usize,
    /// Labelled, did not fire.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// tp / (tp + fp); `None` when the rule never fired.
    pub precision: Option<f64>,
    /// tp / (tp + fn); `None` when nothing was labelled.
    pub recall: Option<f64>,
    /// Ids of labelled replies where it did not fire.
    pub misses: Vec<String>,
    /// Ids of replies where it fired without a label, with the first match.
    pub false_alarms: Vec<FalseAlarm>,
}

/// A reply where a rule fired without a label.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FalseAlarm {
    /// Reply id.
    pub id: String,
    /// The words the rule flagged first.
    pub matched: String,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalReport {
    /// Replies evaluated.
    pub records: usize,
    /// One entry per rule that ran, sorted by id.
    pub rules: Vec<RuleScore>,
    /// Labels naming rules that did not run (unknown or deselected).
    pub unknown_labels: Vec<String>,
}

/// Run `linter` over `records` and score every rule it runs.
pub fn evaluate(linter: &Linter<'_>, records: &[Record]) -> EvalReport {
    let mut scores: BTreeMap<String, RuleScore> = linter
        .rules()
        .map(|r| {
            (
                r.id.clone(),
                RuleScore {
                    rule: r.id.clone(),
                    ..RuleScore::default()
                },
            )
        })
        .collect();
    let mut unknown = BTreeSet::new();
    for rec in records {
        let context = Context::new(
            rec.customer_name.as_deref(),
            rec.customer_message.clone(),
            rec.mode.unwrap_or_default(),
        );
        let findings = linter.lint_text(&rec.text, &context);
        let mut fired: BTreeMap<&str, &str> = BTreeMap::new();
        for f in &findings {
            fired.entry(f.rule.as_str()).or_insert(f.matched.as_str());
        }
        for label in &rec.labels {
            if !scores.contains_key(label) {
                unknown.insert(label.clone());
            }
        }
        for (id, score) in scores.iter_mut() {
            let labelled = rec.labels.iter().any(|l| l == id);
            match (fired.get(id.as_str()), labelled) {
                (Some(_), true) => score.tp += 1,
                (Some(m), false) => {
                    score.fp += 1;
                    score.false_alarms.push(FalseAlarm {
                        id: rec.id.clone(),
                        matched: (*m).to_owned(),
                    });
                }
                (None, true) => {
                    score.fn_ += 1;
                    score.misses.push(rec.id.clone());
                }
                (None, false) => {}
            }
        }
    }
    let rules = scores
        .into_values()
        .map(|mut s| {
            s.precision = ratio(s.tp, s.tp + s.fp);
            s.recall = ratio(s.tp, s.tp + s.fn_);
            s
        })
        .collect();
    EvalReport {
        records: records.len(),
        rules,
        unknown_labels: unknown.into_iter().collect(),
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}
