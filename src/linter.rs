//! [`Linter`]: runs the enabled rules over a draft and returns findings sorted
//! by position, then rule id, so output order never depends on rule order or
//! threads.

use crate::check::Hit;
use crate::draft::{Context, Draft};
use crate::finding::Finding;
use crate::rule::set::Selection;
use crate::rule::{Rule, RuleSet, Severity};

/// The enabled rules of a rule set, each with its effective severity.
#[derive(Debug)]
pub struct Linter<'r> {
    rules: Vec<(&'r Rule, Severity)>,
}

impl<'r> Linter<'r> {
    /// Enable the rules of `set` that `selection` selects.
    pub fn new(set: &'r RuleSet, selection: &Selection) -> Self {
        Linter {
            rules: set
                .rules()
                .iter()
                .filter(|r| selection.enabled(&r.id))
                .map(|r| (r, selection.severity_of(r)))
                .collect(),
        }
    }

    /// Run only `rule` (for rule examples).
    pub fn single(rule: &'r Rule) -> Self {
        Linter {
            rules: vec![(rule, rule.severity)],
        }
    }

    /// The rules that run.
    pub fn rules(&self) -> impl Iterator<Item = &'r Rule> + '_ {
        self.rules.iter().map(|(r, _)| *r)
    }

    /// Lint a text with its context.
    pub fn lint_text(&self, text: &str, context: &Context) -> Vec<Finding> {
        self.lint(&Draft::new(text), context)
    }

    /// Lint an analysed draft.
    pub fn lint(&self, draft: &Draft<'_>, context: &Context) -> Vec<Finding> {
        // An email draft's `To:` header names the customer when nothing
        // else did.
        let with_addressee;
        let context = match (&context.customer_name, draft.addressee()) {
            (None, Some(name)) => {
                with_addressee = Context {
                    customer_name: Some(name.clone()),
                    ..context.clone()
                };
                &with_addressee
            }
            _ => context,
        };
        let mut findings = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        let name = context.customer_name.as_ref().map(|n| n.full.as_str());
        for (rule, severity) in &self.rules {
            hits.clear();
            rule.check.run(draft, context, &mut hits);
            hits.sort_by_key(|h| (h.span.start, h.span.end));
            hits.dedup();
            for hit in hits.drain(..) {
                let matched = &draft.text()[hit.span.clone()];
                findings.push(Finding {
                    rule: rule.id.clone(),
                    severity: *severity,
                    message: rule.render_message(matched, name, hit.trigger.as_deref()),
                    label: rule.label.clone(),
                    help: rule.help.clone(),
                    matched: matched.to_owned(),
                    suggestions: rule
                        .fixes
                        .iter()
                        .filter_map(|f| f.suggest(draft, &hit.span))
                        .collect(),
                    span: hit.span,
                    item: None,
                });
            }
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        findings
    }
}
