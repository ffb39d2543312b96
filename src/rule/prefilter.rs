//! One pass over a reply for the needles of every rule (see
//! `rule::needles`), so that only the rules that can fire run their regexes.
//! A reply of a hundred bytes used to cost some thirty regex searches, one
//! per trigger, most of which found nothing; now it costs one Aho-Corasick
//! scan, and on most replies only two or three rules run.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::draft::{Context, Draft};
use crate::rule::needles::fold_into;
use crate::rule::spec::TriggerIn;
use crate::rule::Rule;

/// The needles of every rule of a set, by where they must occur.
#[derive(Debug)]
pub struct Prefilter {
    reply: Scope,
    message: Scope,
    /// Rules with no needles: they run on every reply.
    always: Vec<bool>,
}

/// One automaton over the needles to look for in one text, with the rule
/// each needle belongs to.
#[derive(Debug, Default)]
struct Scope {
    automaton: Option<AhoCorasick>,
    owner: Vec<usize>,
}

impl Scope {
    fn build(needles: Vec<(&[u8], usize)>) -> Scope {
        if needles.is_empty() {
            return Scope::default();
        }
        let owner = needles.iter().map(|(_, rule)| *rule).collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(needles.iter().map(|(n, _)| n))
            // Only fails past the automaton's size limits, far beyond
            // needles::MAX_NEEDLES per rule; then every rule just runs.
            .ok();
        Scope { automaton, owner }
    }

    /// Mark the rules with a needle in `hay` (folded); without an automaton,
    /// mark every rule of this scope.
    fn mark(&self, hay: &[u8], may_fire: &mut [bool]) {
        let Some(ac) = &self.automaton else {
            for &rule in &self.owner {
                may_fire[rule] = true;
            }
            return;
        };
        for m in ac.find_overlapping_iter(hay) {
            may_fire[self.owner[m.pattern().as_usize()]] = true;
        }
    }
}

impl Prefilter {
    /// Index the needles of `rules` (indices into this slice are what
    /// [`Prefilter::may_fire`] answers with).
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut reply = Vec::new();
        let mut message = Vec::new();
        let mut always = vec![false; rules.len()];
        for (i, rule) in rules.iter().enumerate() {
            match rule.check.needles() {
                Some((needles, TriggerIn::Reply)) => {
                    reply.extend(needles.iter().map(|n| (n.as_slice(), i)));
                }
                Some((needles, TriggerIn::CustomerMessage)) => {
                    message.extend(needles.iter().map(|n| (n.as_slice(), i)));
                }
                None => always[i] = true,
            }
        }
        Prefilter {
            reply: Scope::build(reply),
            message: Scope::build(message),
            always,
        }
    }

    /// For each rule, whether it can fire on this draft: its needles occur
    /// where its trigger is looked for (or it has none).
    pub fn may_fire(&self, draft: &Draft<'_>, context: &Context) -> Vec<bool> {
        let mut may_fire = self.always.clone();
        let text = draft.text().as_bytes();
        let mut folded = Vec::new();
        for region in draft.checked() {
            folded.clear();
            fold_into(&mut folded, &text[region.clone()]);
            self.reply.mark(&folded, &mut may_fire);
        }
        if let Some(message) = &context.customer_message {
            folded.clear();
            fold_into(&mut folded, message.as_bytes());
            self.message.mark(&folded, &mut may_fire);
        }
        may_fire
    }
}
