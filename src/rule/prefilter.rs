//! One pass over a draft for the needles of every pattern list of every rule
//! (see `rule::needles`). A reply of a hundred bytes used to cost some thirty
//! regex searches, one per trigger, most of which found nothing; then one
//! needle scan per searched list. Now it costs one Aho-Corasick scan of the
//! reply and one of the customer's message, whose result says both which
//! rules can fire (their trigger has an alternative whose needles occur) and,
//! for every list a rule then searches, which of its alternatives can match.
//!
//! The scan's result reaches the lists through a per-thread slot that
//! [`Scan::activate`] fills while a draft's rules run on this thread. A list
//! uses it only for a text inside the scanned reply or message (a substring
//! of a text, folded, is a substring of the folded text, so the alternatives
//! marked for the whole text include those that can match in any part of
//! it); anything else falls back to the list's own needle check. Rules run
//! in parallel activate the shared scan on each worker thread. Findings are the same either way
//! (`tests/prefilter.rs` holds that).

use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::draft::{Context, Draft};
use crate::rule::needles::{fold_both, fold_into, is_exact};
use crate::rule::spec::TriggerIn;
use crate::rule::Rule;

/// The needles of every alternative of every pattern list of a rule set.
#[derive(Debug)]
pub struct Prefilter {
    /// Tells this index's alternatives from another set's.
    id: usize,
    /// Over every needle; `None` past the automaton's size limits (then
    /// every alternative counts as possible).
    automaton: Option<Automaton>,
    /// Alternatives without second needles (see `needles::needle_sets`),
    /// as set bits: their second set never rules them out.
    no_second: Vec<u64>,
    /// Alternatives without needles, as set bits: they are always possible.
    always: Vec<u64>,
    /// Each rule's trigger: where it is looked for and its alternatives;
    /// `None` for a rule without a trigger (it always runs).
    triggers: Vec<Option<(TriggerIn, Range<u32>)>>,
}

/// An Aho-Corasick automaton over needles, folded and exact (see
/// `needles::is_exact`), each with the alternatives it stands for. An exact
/// needle is looked for folded, with the folded ones, and counts where the
/// text as written has no lower-case letter in the match: one pass over the
/// text for both, at the cost of a few bytes compared per match of an exact
/// needle's folded form ("er" for `(?-i:ER)`).
#[derive(Debug)]
pub(crate) struct Automaton {
    ac: AhoCorasick,
    /// For each pattern of the automaton, the alternatives of the folded
    /// needle it is, and of the exact one it is the folded form of.
    owners: Vec<(Vec<u32>, Vec<u32>)>,
    /// Whether there is an exact needle (the text as written is needed).
    has_exact: bool,
}

impl Automaton {
    /// Over `needles` (needle, alternative); `None` when there are none or
    /// past the automaton's size limits.
    pub(crate) fn new<'n>(
        needles: impl IntoIterator<Item = (&'n [u8], u32)>,
        kind: AhoCorasickKind,
    ) -> Option<Automaton> {
        let mut keyed: Vec<(Vec<u8>, bool, u32)> = needles
            .into_iter()
            .map(|(n, piece)| (n.to_ascii_lowercase(), is_exact(n), piece))
            .collect();
        keyed.sort_unstable();
        // One automaton entry per distinct folded form: lists share many.
        let mut distinct: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        for (needle, exact, piece) in &keyed {
            if distinct.last() != Some(&needle.as_slice()) {
                distinct.push(needle);
                owners.push(Default::default());
            }
            let (folded, exacts) = owners.last_mut().expect("pushed above");
            if *exact { exacts } else { folded }.push(*piece);
        }
        if distinct.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&distinct)
            .ok()?;
        Some(Automaton {
            ac,
            has_exact: keyed.iter().any(|(_, exact, _)| *exact),
            owners,
        })
    }

    /// Whether [`Automaton::each`] needs the text as written.
    pub(crate) fn has_exact(&self) -> bool {
        self.has_exact
    }

    /// Call `found` with every alternative one of whose needles occurs in
    /// the text: `folded` as [`fold_into`] makes it, `spaced` (needed only
    /// if [`Automaton::has_exact`]) as `space_into` makes it, aligned with
    /// `folded` byte for byte ([`fold_both`] makes both in one pass).
    pub(crate) fn each(&self, folded: &[u8], spaced: &[u8], mut found: impl FnMut(u32)) {
        for m in self.ac.find_overlapping_iter(folded) {
            let (owners, exact) = &self.owners[m.pattern().as_usize()];
            owners.iter().for_each(|&p| found(p));
            if !exact.is_empty() && !spaced[m.range()].iter().any(u8::is_ascii_lowercase) {
                exact.iter().for_each(|&p| found(p));
            }
        }
    }
}

/// Marks an automaton owner as an alternative's second needle set.
const SECOND: u32 = 1 << 31;

/// Gives every index its own id (see [`Prefilter::id`]).
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

impl Prefilter {
    /// Index the pattern lists of `rules` (indices into this slice are what
    /// [`Prefilter::may_fire`] answers with).
    pub fn new(rules: &[Rule]) -> Prefilter {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut needles: Vec<(&[u8], u32)> = Vec::new();
        let mut always_pieces: Vec<u32> = Vec::new();
        let mut no_second_pieces: Vec<u32> = Vec::new();
        let mut next: u32 = 0;
        let mut triggers = Vec::with_capacity(rules.len());
        for rule in rules {
            let trigger = rule.check.trigger();
            let mut trigger_range = None;
            for pattern in rule.check.patterns() {
                let base = next;
                let Some(alternatives) = pattern.index_as(id, base) else {
                    // Already indexed by another set (cannot happen: rules
                    // belong to one set); it keeps its own needle checks.
                    continue;
                };
                for (i, (first, second)) in alternatives.into_iter().enumerate() {
                    let piece = base + i as u32;
                    match first {
                        Some(list) => needles.extend(list.into_iter().map(|n| (n, piece))),
                        None => always_pieces.push(piece),
                    }
                    if second.is_empty() {
                        no_second_pieces.push(piece);
                    }
                    needles.extend(second.into_iter().map(|n| (n, piece | SECOND)));
                    next = piece + 1;
                }
                if trigger.is_some_and(|(t, _)| std::ptr::eq(t, pattern)) {
                    trigger_range = Some(base..next);
                }
            }
            triggers.push(trigger.and_then(|(_, scope)| Some((scope, trigger_range?))));
        }
        assert!(next < SECOND, "fewer than 2^31 alternatives");
        let mut always = vec![0u64; (next as usize).div_ceil(64)];
        for piece in always_pieces {
            set(&mut always, piece);
        }
        let mut no_second = vec![0u64; always.len()];
        for piece in no_second_pieces {
            set(&mut no_second, piece);
        }
        let any = !needles.is_empty();
        // Some 4,500 needles: a full DFA of them takes 16 MB and 100 ms to
        // build, and scans no faster for it (cache misses); the contiguous
        // NFA takes 0.6 MB.
        let automaton = Automaton::new(needles, AhoCorasickKind::ContiguousNFA);
        if automaton.is_none() && any {
            always.iter_mut().for_each(|w| *w = u64::MAX);
            no_second.iter_mut().for_each(|w| *w = u64::MAX);
        }
        Prefilter {
            id,
            automaton,
            no_second,
            always,
            triggers,
        }
    }

    /// Scan a draft's text and the customer's message for every needle.
    pub fn scan(&self, draft: &Draft<'_>, context: &Context) -> Scan {
        let reply = self.texts(draft.text().as_bytes());
        let message = context
            .customer_message
            .as_deref()
            .map(|m| self.texts(m.as_bytes()));
        Scan {
            id: self.id,
            reply,
            message,
        }
    }

    /// For each rule, whether it can fire on the scanned draft: its trigger
    /// has an alternative whose needles occur where the trigger is looked
    /// for (or it has no trigger).
    pub fn may_fire(&self, scan: &Scan) -> Vec<bool> {
        self.triggers
            .iter()
            .map(|t| match t {
                None => true,
                Some((TriggerIn::Reply, range)) => any(&scan.reply.possible, range),
                Some((TriggerIn::CustomerMessage, range)) => scan
                    .message
                    .as_ref()
                    .is_some_and(|m| any(&m.possible, range)),
            })
            .collect()
    }

    fn texts(&self, text: &[u8]) -> Scanned {
        let mut possible = self.always.clone();
        if let Some(ac) = &self.automaton {
            let mut second = self.no_second.clone();
            FOLDED.with_borrow_mut(|(folded, spaced)| {
                folded.clear();
                spaced.clear();
                if ac.has_exact() {
                    fold_both(folded, spaced, text);
                } else {
                    fold_into(folded, text);
                }
                ac.each(folded, spaced, |piece| {
                    if piece & SECOND == 0 {
                        set(&mut possible, piece);
                    } else {
                        set(&mut second, piece & !SECOND);
                    }
                });
            });
            // Possible: a needle of the first set and one of the second.
            for (p, s) in possible.iter_mut().zip(&second) {
                *p &= s;
            }
        }
        Scanned {
            at: address(text),
            possible,
        }
    }
}

thread_local! {
    /// Reused for folding the texts scanned on this thread (folded, and
    /// with only its spaces folded).
    static FOLDED: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
    /// The scan of the draft whose rules run on this thread now.
    static ACTIVE: RefCell<Option<Arc<Scan>>> = const { RefCell::new(None) };
}

/// What one scan found: which alternatives can match in the reply and in
/// the customer's message.
#[derive(Debug)]
pub struct Scan {
    id: usize,
    reply: Scanned,
    message: Option<Scanned>,
}

/// One scanned text: where it is in memory, and the possible alternatives.
#[derive(Debug)]
struct Scanned {
    at: Range<usize>,
    possible: Vec<u64>,
}

impl Scan {
    /// Make this scan what the pattern lists searched on this thread
    /// consult, until the guard is dropped.
    pub fn activate(scan: &Arc<Scan>) -> Active {
        let previous = ACTIVE.replace(Some(Arc::clone(scan)));
        Active { previous }
    }
}

/// Keeps a [`Scan`] active on this thread; restores the one before on drop.
#[must_use]
pub struct Active {
    previous: Option<Arc<Scan>>,
}

impl Drop for Active {
    fn drop(&mut self) {
        ACTIVE.set(self.previous.take());
    }
}

/// For a list indexed as alternatives `base..base + possible.len()` by the
/// index `id`: when the active scan covers `hay`, mark which of them can
/// match in it and say true; otherwise leave `possible` alone and say false.
pub(crate) fn mark_possible(id: usize, base: u32, hay: &[u8], possible: &mut [bool]) -> bool {
    ACTIVE.with_borrow(|active| {
        let Some(scan) = active.as_ref().filter(|s| s.id == id) else {
            return false;
        };
        let hay = address(hay);
        let Some(scanned) = std::iter::once(&scan.reply)
            .chain(&scan.message)
            .find(|s| s.at.start <= hay.start && hay.end <= s.at.end)
        else {
            return false;
        };
        for (i, p) in possible.iter_mut().enumerate() {
            *p = get(&scanned.possible, base + i as u32);
        }
        true
    })
}

fn address(bytes: &[u8]) -> Range<usize> {
    let start = bytes.as_ptr() as usize;
    start..start + bytes.len()
}

/// Set bit `i` of a bitmap of words.
pub(crate) fn set(bits: &mut [u64], i: u32) {
    bits[i as usize / 64] |= 1 << (i % 64);
}

/// Whether bit `i` of a bitmap of words is set.
pub(crate) fn get(bits: &[u64], i: u32) -> bool {
    bits[i as usize / 64] & (1 << (i % 64)) != 0
}

/// Whether any bit of `range` is set, a word at a time.
fn any(bits: &[u64], range: &Range<u32>) -> bool {
    if range.is_empty() {
        return false;
    }
    let (first, last) = (range.start as usize / 64, (range.end as usize - 1) / 64);
    let head = u64::MAX << (range.start % 64);
    let tail = u64::MAX >> (63 - (range.end - 1) % 64);
    if first == last {
        return bits[first] & head & tail != 0;
    }
    bits[first] & head != 0
        || bits[first + 1..last].iter().any(|&w| w != 0)
        || bits[last] & tail != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::RuleSet;

    #[test]
    fn any_looks_at_every_bit_of_the_range_and_no_other() {
        for set_bit in [0u32, 1, 63, 64, 65, 127, 128, 190] {
            let mut bits = vec![0u64; 3];
            super::set(&mut bits, set_bit);
            for start in 0..192u32 {
                for end in start..=192 {
                    let range = start..end;
                    assert_eq!(
                        any(&bits, &range),
                        range.contains(&set_bit),
                        "{range:?} {set_bit}"
                    );
                }
            }
        }
    }

    #[test]
    fn exact_needles_count_where_the_text_has_their_case() {
        let needles: [(&[u8], u32); 4] = [(b"er", 0), (b"ER", 1), (b"RMA", 2), (b"#ID", 3)];
        let ac = Automaton::new(needles, AhoCorasickKind::ContiguousNFA).unwrap();
        assert!(ac.has_exact());
        let found = |text: &str| {
            let (mut folded, mut spaced) = (Vec::new(), Vec::new());
            fold_both(&mut folded, &mut spaced, text.as_bytes());
            let mut out = Vec::new();
            ac.each(&folded, &spaced, |p| out.push(p));
            out.sort_unstable();
            out.dedup();
            out
        };
        assert_eq!(found("your order"), [0]);
        assert_eq!(found("the ER,\n\n  an RMA"), [0, 1, 2]);
        assert_eq!(found("an Rma, #Id, Er"), [0]);
        assert_eq!(found("ticket  #ID"), [3]);
        let folded_only = Automaton::new([(&b"er"[..], 0)], AhoCorasickKind::DFA).unwrap();
        assert!(!folded_only.has_exact());
    }

    #[test]
    fn an_alternative_with_a_second_set_needs_a_needle_of_each() {
        let set = RuleSet::builtin().unwrap();
        let index = Prefilter::new(set.rules());
        let mut checked = 0;
        for rule in set.rules() {
            for pattern in rule.check.patterns() {
                let Some((id, base)) = pattern.indexed_as() else {
                    continue;
                };
                let alternatives = pattern.index_as(id, base).unwrap();
                for (i, (first, second)) in alternatives.iter().enumerate() {
                    let (Some(first), Some(&s)) = (first, second.first()) else {
                        continue;
                    };
                    let f = first[0];
                    if f.windows(s.len()).any(|w| w == s) {
                        continue;
                    }
                    let possible = |text: &[u8]| {
                        let text = String::from_utf8_lossy(text).into_owned();
                        let draft = Draft::new(&text);
                        let scan = Arc::new(index.scan(&draft, &Context::default()));
                        let _active = Scan::activate(&scan);
                        let mut possible = vec![false; alternatives.len()];
                        assert!(mark_possible(id, base, text.as_bytes(), &mut possible));
                        possible[i]
                    };
                    assert!(!possible(&[b"<", f, b">"].concat()), "{f:?} alone");
                    assert!(possible(&[s, b" <", f, b">"].concat()), "{s:?} and {f:?}");
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 20,
            "only {checked} alternatives with a second set"
        );
    }

    #[test]
    fn a_scan_answers_only_for_texts_inside_what_it_scanned() {
        let set = RuleSet::builtin().unwrap();
        let index = Prefilter::new(set.rules());
        let text = "We'll get back to you soon.";
        let draft = Draft::new(text);
        let scan = index.scan(&draft, &Context::default());
        let fires = index.may_fire(&scan);
        let rule = |id: &str| set.rules().iter().position(|r| r.id == id).unwrap();
        assert!(fires[rule("vague-promise")]);
        assert!(!fires[rule("pass-off")]);
        // No customer message: a rule triggered by one cannot fire.
        assert!(!fires[rule("missing-empathy")]);

        let (trigger, _) = set.rules()[rule("vague-promise")].check.trigger().unwrap();
        let (id, base) = trigger.indexed_as().unwrap();
        // Its first alternative: "we'll ... get back to you".
        let mut possible = vec![false; 1];
        let _active = Scan::activate(&Arc::new(scan));
        // A part of the scanned reply: answered from the scan.
        assert!(mark_possible(
            id,
            base,
            &text.as_bytes()[5..],
            &mut possible
        ));
        assert!(possible[0]);
        // The same words elsewhere in memory, or another index: not.
        let copy = text.to_owned();
        assert!(!mark_possible(id, base, copy.as_bytes(), &mut possible));
        assert!(!mark_possible(id + 1, base, text.as_bytes(), &mut possible));
    }
}
