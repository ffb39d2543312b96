//! [`Linter`]: runs the enabled rules over a draft and returns findings sorted
//! by position, then rule id, so output order never depends on rule order or
//! threads.

use std::sync::Arc;

use rayon::prelude::*;

use crate::check::Hit;
use crate::draft::{Context, Draft};
use crate::finding::Finding;
use crate::rule::prefilter::{Prefilter, Scan};
use crate::rule::set::Selection;
use crate::rule::{Rule, RuleSet, Severity};

/// The enabled rules of a rule set, each with its effective severity.
#[derive(Debug)]
pub struct Linter<'r> {
    /// Each rule with its severity and its index in the set.
    rules: Vec<(&'r Rule, Severity, usize)>,
    /// Whether the whole-set needle index skips the rules a draft cannot
    /// trip.
    whole_set: WholeSet<'r>,
    /// Run a draft's rules on all cores (see [`Linter::parallel`]).
    parallel: bool,
}

/// When a linter uses its rule set's needle index.
#[derive(Debug, Clone, Copy)]
enum WholeSet<'r> {
    /// Never: every enabled rule runs its own checks.
    Off,
    /// Once the set has linted enough drafts (see [`RuleSet::prefilter`]).
    AfterWarmUp(&'r RuleSet),
    /// From the first draft.
    Always(&'r Prefilter),
}

impl<'r> Linter<'r> {
    /// Enable the rules of `set` that `selection` selects.
    pub fn new(set: &'r RuleSet, selection: &Selection) -> Self {
        let rules: Vec<_> = set
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, r)| selection.enabled(&r.id))
            .map(|(i, r)| (r, selection.severity_of(r), i))
            .collect();
        // The whole-set index scans for every rule's needles; with only a
        // few rules selected, their own needle checks are cheaper.
        let whole_set = if rules.len() * 2 > set.rules().len() {
            WholeSet::AfterWarmUp(set)
        } else {
            WholeSet::Off
        };
        Linter {
            rules,
            whole_set,
            parallel: false,
        }
    }

    /// Run only `rule` (for rule examples).
    pub fn single(rule: &'r Rule) -> Self {
        Linter {
            rules: vec![(rule, rule.severity, 0)],
            whole_set: WholeSet::Off,
            parallel: false,
        }
    }

    /// Run every enabled rule's check on every draft, without the
    /// whole-set needle prefilter (tests use it to show the prefilter
    /// changes nothing).
    pub fn exhaustive(mut self) -> Self {
        self.whole_set = WholeSet::Off;
        self
    }

    /// Run each draft's rules in parallel. For one draft on its own (an
    /// agent's or an editor's), where most of the time goes into compiling
    /// the patterns the draft needs; many drafts are better run in parallel
    /// with each other.
    pub fn parallel(mut self) -> Self {
        self.parallel = true;
        self
    }

    /// Always use the whole-set needle prefilter, from the first draft.
    pub fn prefiltered(mut self) -> Self {
        if let WholeSet::AfterWarmUp(set) = self.whole_set {
            self.whole_set = WholeSet::Always(set.prefilter_now());
        }
        self
    }

    /// The rules that run.
    pub fn rules(&self) -> impl Iterator<Item = &'r Rule> + '_ {
        self.rules.iter().map(|(r, _, _)| *r)
    }

    /// Lint a text with its context.
    pub fn lint_text(&self, text: &str, context: &Context) -> Vec<Finding> {
        self.lint(&Draft::new(text), context)
    }

    /// Lint an analysed draft.
    pub fn lint(&self, draft: &Draft<'_>, context: &Context) -> Vec<Finding> {
        crate::rule::pattern::count_draft();
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
        let name = context.customer_name.as_ref().map(|n| n.full.as_str());
        let prefilter = match self.whole_set {
            WholeSet::Off => None,
            WholeSet::AfterWarmUp(set) => set.prefilter(draft.text().len()),
            WholeSet::Always(p) => Some(p),
        };
        let scan = prefilter.map(|p| Arc::new(p.scan(draft, context)));
        let may_fire = prefilter.zip(scan.as_ref()).map(|(p, s)| p.may_fire(s));
        // The lists the rules search below take their possible alternatives
        // from the scan, made active on the thread that runs each rule:
        // here once, or on each worker for each rule.
        let activate = || scan.as_ref().map(Scan::activate);
        let _active = if self.parallel { None } else { activate() };
        let rules = self
            .rules
            .iter()
            .filter(|(_, _, index)| may_fire.as_ref().is_none_or(|m| m[*index]));
        let run = |&(rule, severity, _): &(&Rule, Severity, usize)| {
            let _active = if self.parallel { activate() } else { None };
            let mut hits: Vec<Hit> = Vec::new();
            rule.check.run(draft, context, &mut hits);
            hits.sort_by_key(|h| (h.span.start, h.span.end));
            hits.dedup();
            hits.into_iter()
                .map(|hit| {
                    let matched = &draft.text()[hit.span.clone()];
                    Finding {
                        rule: rule.id.clone(),
                        severity,
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
                    }
                })
                .collect::<Vec<Finding>>()
        };
        let mut findings: Vec<Finding> = if self.parallel {
            let rules: Vec<_> = rules.collect();
            rules.into_par_iter().flat_map_iter(run).collect()
        } else {
            rules.flat_map(run).collect()
        };
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        findings
    }
}
