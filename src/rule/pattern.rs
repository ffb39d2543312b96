//! Turning the pattern lists of a rule file into one compiled regex.
//!
//! Authors write plain regexes. Before compiling, each pattern is rewritten:
//! `{{name}}` expands to the named lexicon's alternation, a straight
//! apostrophe also matches the typographic one (`we can't` matches `we can’t`),
//! because real replies are full of both, and a space matches any run of
//! white space, because emails wrap lines mid-phrase. All patterns of a list become one
//! alternation, compiled once at load time.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::AhoCorasickKind;

use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{meta, Input};

use crate::rule::builtin::{InnerTable, INNER};
pub use crate::rule::expand::{alternation, expand, PatternError};
use crate::rule::needles::{fold_into, is_exact, space_into};
use crate::rule::prefilter;
use crate::rule::prefilter::Automaton;

/// A compiled rule pattern: a `regex-automata` meta regex over bytes, with
/// ASCII classes, only the implicit whole-match group, and no literal
/// prefilter.
///
/// Why not `regex::Regex`: building the built-in rules that way cost about
/// 700 million instructions per process, 40% of it extracting literals for
/// prefilters and most of the rest in Unicode classes, while a draft is a
/// few kilobytes that the lazy DFA scans in microseconds. English rules need
/// no Unicode `\w` or `\b`; ASCII classes keep the DFA on any haystack.
/// Matches can end inside a multi-byte character (`[^.]` matches one byte),
/// so callers snap spans to char boundaries (see `check::Matcher`).
pub type Regex = meta::Regex;

/// A rule's pattern list: compiled at load (rule files from disk, so their
/// errors are reported with the file) or on first use (the built-in rules,
/// every pattern of which the test suite compiles). Deferring matters: a
/// remedy or exception list is only needed once its trigger matched, and a
/// one-draft run would otherwise spend most of its time building regexes.
///
/// A list is also split into its alternatives, each with its needles (see
/// `rule::needles`). A search first looks for the needles in the text, then
/// runs only the alternatives whose needles occur there, each compiled on
/// its own on first use, and merges their matches as the whole alternation
/// would: leftmost start first, the earlier alternative on a tie. The
/// alternatives left out have no match in the text, so the matches are the
/// same as the whole list's; but each regex is a fraction of the size, cheap
/// to compile, and its lazy DFA warms up in a few states instead of
/// thousands. A light build (a first draft) goes one level further in: the
/// branches of an alternative's inner alternations whose needles the draft
/// lacks are cut before compiling (see `prune`).
pub struct Pattern {
    source: String,
    case_sensitive: bool,
    /// The whole alternation.
    full: Compiled,
    /// The alternatives and needles, worked out on first need (most lists
    /// are never searched in a one-draft run).
    split: OnceLock<Split>,
    /// The whole-set needle index that covers this list, and the number it
    /// gives the list's first alternative (see `rule::prefilter`).
    indexed: OnceLock<(usize, u32)>,
}

/// A pattern list taken apart.
struct Split {
    /// The alternatives, when there is more than one.
    pieces: Option<Pieces>,
    /// Otherwise: every match contains one of these (`None`: no needles).
    needles: Option<Vec<Vec<u8>>>,
    /// And one of these, unless empty (see `needles::needle_sets`).
    second: Vec<Vec<u8>>,
}

/// The alternatives of a pattern list and what is needed to pick them.
struct Pieces {
    ranges: Vec<Range<usize>>,
    /// Alternatives with no needles: always included.
    always: Vec<usize>,
    /// Each needle with its alternative.
    needles: Vec<(Vec<u8>, usize)>,
    /// Each alternative's second needles (see `needles::needle_sets`):
    /// it can match only where one of these occurs too (none: no second
    /// set).
    second: Vec<Vec<Vec<u8>>>,
    /// Searches so far, up to [`AUTOMATON_AFTER`].
    searches: AtomicUsize,
    /// Built once [`AUTOMATON_AFTER`] searches were made.
    automaton: OnceLock<Option<Automaton>>,
    /// Each alternative compiled alone, on first use.
    compiled: Vec<Compiled>,
    /// Each alternative's inner alternations (built-in lists only).
    inner: Vec<&'static [[u32; 4]]>,
}

/// One regex (a list or an alternative), compiled on first use, in one of
/// two weights. The first few drafts of a process, on short texts, use a
/// light build: the NFA alone, searched by backtracking, which costs about
/// half as much to compile (no reverse NFA, no lazy DFA) and, on a couple of
/// kilobytes, about as much to search. A one-draft process (an agent, an
/// editor's first check), whose time goes mostly into compiling, never needs
/// more. A long text, or any draft past the first [`LIGHT_DRAFTS`] of a
/// process (a batch, a folder), gets the full build with the lazy DFA. Both
/// find the same matches.
#[derive(Default)]
struct Compiled {
    light: OnceLock<Option<Built>>,
    full: OnceLock<Option<Built>>,
    /// Pruned builds made so far (see [`Compiled::pruned_weight`]).
    pruned: AtomicUsize,
}

/// A compiled regex and the text it runs on.
#[derive(Clone)]
struct Built {
    re: Regex,
    /// Compiled lowercased, for the ASCII-lowercased text (see
    /// `rule::lower`); otherwise for the text as it is.
    lowered: bool,
}

impl Built {
    /// Compile `source`: lowercased when it is case-insensitive and can be.
    fn new(source: &str, case_sensitive: bool, weight: Weight) -> Option<Built> {
        if !case_sensitive {
            if let Some(hir) = crate::rule::lower::lowered_hir(source) {
                if let Ok(re) = meta::Builder::new()
                    .configure(config(weight))
                    .build_from_hir(&hir)
                {
                    return Some(Built { re, lowered: true });
                }
            }
        }
        let re = build_as(source, case_sensitive, weight).ok()?;
        Some(Built { re, lowered: false })
    }

    /// The text to search: `lower` (`hay` lowercased) or `hay`.
    fn hay<'h>(&self, hay: &'h [u8], lower: &'h [u8]) -> &'h [u8] {
        if self.lowered {
            lower
        } else {
            hay
        }
    }
}

/// How many drafts a process lints with light builds (see [`Compiled`]).
const LIGHT_DRAFTS: usize = 4;

/// The longest text searched with a light build. Past a few kilobytes the
/// backtracker's visited set outgrows its budget and the meta regex falls
/// back to the PikeVM, hundreds of instructions per byte per list: a 10 KB
/// draft spent 125 million instructions there with a 16 KB limit.
const LIGHT_MAX: usize = 2 * 1024;

/// The longest text a first draft's alternatives are pruned for (see
/// `prune`): each branch's needles are looked for in the text, one pass
/// each, which on a longer text costs more than compiling whole.
const PRUNE_MAX: usize = 16 * 1024;

/// Pruned builds of one alternative a process makes, at most. Each is
/// made for one search and dropped; a long first draft searches many small
/// windows (a remedy near each trigger), and a 5 MB draft compiled one for
/// each of its 2,200 findings before this cap.
const PRUNED_BUILDS: usize = 4;

/// Drafts linted by this process so far, up to [`LIGHT_DRAFTS`].
static DRAFTS: AtomicUsize = AtomicUsize::new(0);

/// Count one more draft linted (see [`Compiled`]).
pub(crate) fn count_draft() {
    if DRAFTS.load(Ordering::Relaxed) < LIGHT_DRAFTS {
        DRAFTS.fetch_add(1, Ordering::Relaxed);
    }
}

impl Compiled {
    /// The build a first draft of `len` bytes compiles pruned for itself,
    /// if it does (see `prune`): light when short, full past
    /// [`LIGHT_MAX`]; `None` once the process has linted a few drafts and
    /// keeps its builds.
    fn pruned_weight(&self, len: usize) -> Option<Weight> {
        if !self.first_drafts()
            || len > PRUNE_MAX
            || self.pruned.fetch_add(1, Ordering::Relaxed) >= PRUNED_BUILDS
        {
            return None;
        }
        Some(if len <= LIGHT_MAX {
            Weight::Light
        } else {
            Weight::Full
        })
    }

    /// Whether the process is still on its first few drafts and this regex
    /// has no full build yet: light and pruned builds are for those.
    fn first_drafts(&self) -> bool {
        self.full.get().is_none() && DRAFTS.load(Ordering::Relaxed) < LIGHT_DRAFTS
    }

    /// Whether a text of `len` bytes is searched with a light build.
    fn light(&self, len: usize) -> bool {
        self.first_drafts() && len <= LIGHT_MAX
    }

    /// The regex of `source` to search a text of `len` bytes with; `None`
    /// if it does not compile.
    fn get(&self, source: &str, case_sensitive: bool, len: usize) -> Option<&Built> {
        if let Some(full) = self.full.get() {
            return full.as_ref();
        }
        if self.light(len) {
            return self
                .light
                .get_or_init(|| Built::new(source, case_sensitive, Weight::Light))
                .as_ref();
        }
        self.full
            .get_or_init(|| Built::new(source, case_sensitive, Weight::Full))
            .as_ref()
    }
}

thread_local! {
    /// Folded text and chosen alternatives, reused across searches.
    static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u8>, Vec<bool>)> = const {
        std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new()))
    };
    /// The lowercased text of the current search.
    static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A pattern list's first searches look for its needles one by one; from
/// this many on, it builds an Aho-Corasick automaton over them.
const AUTOMATON_AFTER: usize = 16;

/// Texts longer than this are always scanned with the automaton: searching
/// them needle by needle would read them once per needle.
const NEEDLE_BY_NEEDLE_MAX: usize = 4096;

/// Which regexes a search runs.
enum Plan<'a> {
    /// Nothing can match.
    Nothing,
    /// One regex (the whole list, or the one alternative that can match).
    One(Cow<'a, Built>),
    /// These alternatives, in list order.
    Merge(Vec<Cow<'a, Built>>),
}

impl Plan<'_> {
    /// Call `f` with `hay` and, if a regex of the plan needs it, `hay`
    /// lowercased (otherwise `hay` again).
    fn with_lower<R>(&self, hay: &[u8], f: impl FnOnce(&[u8]) -> R) -> R {
        let lowered = match self {
            Plan::Nothing => false,
            Plan::One(b) => b.lowered,
            Plan::Merge(list) => list.iter().any(|b| b.lowered),
        };
        if !lowered {
            return f(hay);
        }
        LOWER.with(|lower| {
            let mut lower = lower.borrow_mut();
            lower.clear();
            lower.extend(hay.iter().map(u8::to_ascii_lowercase));
            f(&lower)
        })
    }
}

impl Pattern {
    /// An already compiled pattern, with the text it was compiled from.
    pub fn compiled(source: String, case_sensitive: bool, re: Regex) -> Self {
        let p = Pattern::deferred(source, case_sensitive);
        let _ = p.full.full.set(Some(Built { re, lowered: false }));
        p
    }

    /// A pattern compiled on first use.
    pub fn deferred(source: String, case_sensitive: bool) -> Self {
        Pattern {
            source,
            case_sensitive,
            full: Compiled::default(),
            split: OnceLock::new(),
            indexed: OnceLock::new(),
        }
    }

    fn split(&self) -> &Split {
        self.split.get_or_init(|| {
            let pieces = crate::rule::builtin::pieces(&self.source, self.case_sensitive);
            if pieces.len() < 2 {
                let (needles, second) = match pieces.into_iter().next() {
                    Some((_, needles, second)) => (needles, second.unwrap_or_default()),
                    None => (None, Vec::new()),
                };
                return Split {
                    pieces: None,
                    needles,
                    second,
                };
            }
            let inner = crate::rule::builtin::inner_alternations(&self.source, self.case_sensitive)
                .unwrap_or_else(|| vec![&[]; pieces.len()]);
            let mut always = Vec::new();
            let mut piece_needles = Vec::new();
            let mut ranges = Vec::new();
            let mut seconds = Vec::new();
            for (i, (range, n, second)) in pieces.into_iter().enumerate() {
                ranges.push(range);
                seconds.push(second.unwrap_or_default());
                match n {
                    Some(list) => piece_needles.extend(list.into_iter().map(|n| (n, i))),
                    None => always.push(i),
                }
            }
            Split {
                pieces: Some(Pieces {
                    compiled: ranges.iter().map(|_| Compiled::default()).collect(),
                    inner,
                    ranges,
                    always,
                    needles: piece_needles,
                    second: seconds,
                    searches: AtomicUsize::new(0),
                    automaton: OnceLock::new(),
                }),
                needles: None,
                second: Vec::new(),
            }
        })
    }

    /// The expanded pattern text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether it matches case-sensitively.
    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Record that the whole-set index `id` numbers this list's
    /// alternatives from `base`, and give each alternative's needles
    /// (`None`: an alternative without needles, always possible) and second
    /// needles (empty: none). `None` when another index already covers the
    /// list.
    pub(crate) fn index_as(&self, id: usize, base: u32) -> Option<Vec<Indexed<'_>>> {
        if self.indexed.get_or_init(|| (id, base)) != &(id, base) {
            return None;
        }
        let split = self.split();
        fn slices(list: &[Vec<u8>]) -> Vec<&[u8]> {
            list.iter().map(Vec::as_slice).collect()
        }
        Some(match &split.pieces {
            None => vec![(split.needles.as_deref().map(slices), slices(&split.second))],
            Some(pieces) => {
                let mut out: Vec<Indexed<'_>> = pieces
                    .second
                    .iter()
                    .map(|second| (Some(Vec::new()), slices(second)))
                    .collect();
                for &i in &pieces.always {
                    out[i].0 = None;
                }
                for (needle, i) in &pieces.needles {
                    if let Some(list) = &mut out[*i].0 {
                        list.push(needle.as_slice());
                    }
                }
                out
            }
        })
    }

    /// The index covering this list and its first alternative's number.
    #[cfg(test)]
    pub(crate) fn indexed_as(&self) -> Option<(usize, u32)> {
        self.indexed.get().copied()
    }

    /// Compile now, reporting a failure (for tests and `replylint test`).
    pub fn force(&self) -> Result<(), PatternError> {
        match self.full.full.get() {
            Some(Some(_)) => Ok(()),
            _ => {
                match Built::new(&self.source, self.case_sensitive, Weight::Full) {
                    Some(built) => {
                        let _ = self.full.full.set(Some(built));
                        Ok(())
                    }
                    // The ordinary build failed; it says why.
                    None => build(&self.source, self.case_sensitive).map(|_| ()),
                }
            }
        }
    }

    /// The regexes to search `hay` with: those of the alternatives whose
    /// needles occur in it.
    fn plan(&self, hay: &[u8]) -> Plan<'_> {
        // The whole list (or its one alternative), compiled; `None` only if
        // a deferred pattern fails to compile (then it matches nothing),
        // which the built-in rule tests rule out.
        let full = || {
            self.full
                .get(&self.source, self.case_sensitive, hay.len())
                .map_or(Plan::Nothing, |b| Plan::One(Cow::Borrowed(b)))
        };
        let split = self.split();
        let n = split.pieces.as_ref().map_or(1, |p| p.ranges.len());
        // Which alternatives can match, worked out in a per-thread buffer:
        // this runs several times per reply.
        SCRATCH.with(|scratch| {
            let (folded, spaced, chosen) = &mut *scratch.borrow_mut();
            chosen.clear();
            chosen.resize(n, false);
            // The text's byte pairs, once needed (see `Needles`).
            let mut pairs: Option<Vec<u64>> = None;
            // The draft's whole-set scan, when it covers this text, already
            // knows; otherwise look for the needles here.
            let known = self
                .indexed
                .get()
                .is_some_and(|&(id, base)| prefilter::mark_possible(id, base, hay, chosen));
            if !known {
                let Some(pieces) = &split.pieces else {
                    return full();
                };
                for &i in &pieces.always {
                    chosen[i] = true;
                }
                folded.clear();
                fold_into(folded, hay);
                // Building the automaton costs as much as a few dozen needle-by-
                // needle searches of a short text, so the first searches of
                // short texts go needle by needle; a long text is scanned once.
                let short = folded.len() <= NEEDLE_BY_NEEDLE_MAX;
                let searched = if short {
                    pieces.searches.fetch_add(1, Ordering::Relaxed)
                } else {
                    0
                };
                // A list a whole-set index covers gets no automaton of its
                // own: it is searched here only while that index is being
                // built on another thread (or on a text it does not cover),
                // and building one costs as much as thousands of short
                // searches (on two threads, a folder built thirteen, some
                // 25 ms of CPU, in the 10 ms the index took).
                let covered = self.indexed.get().is_some();
                if short && (searched < AUTOMATON_AFTER || covered) {
                    let pairs = pairs.get_or_insert_with(|| Needles::pairs(folded));
                    let text = Needles::new(hay, folded, pairs);
                    for (needle, i) in &pieces.needles {
                        if !chosen[*i] && text.contains(needle) {
                            chosen[*i] = true;
                        }
                    }
                } else {
                    let automaton = pieces.automaton.get_or_init(|| {
                        // A list searched often gets a full DFA, the fastest
                        // to scan; one first met on a long text (a one-draft
                        // run) a contiguous NFA, since a DFA of a few hundred
                        // needles costs some 9 million instructions to build,
                        // more than the text takes to scan.
                        let kind = if searched >= AUTOMATON_AFTER {
                            AhoCorasickKind::DFA
                        } else {
                            AhoCorasickKind::ContiguousNFA
                        };
                        let needles = pieces.needles.iter();
                        Automaton::new(needles.map(|(n, i)| (n.as_slice(), *i as u32)), kind)
                    });
                    let Some(automaton) = automaton else {
                        return full();
                    };
                    if automaton.has_exact() {
                        // `folded` is made above; the spaces-only fold
                        // comes out aligned with it.
                        spaced.clear();
                        space_into(spaced, hay);
                    }
                    automaton.each(folded, spaced, |i| chosen[i as usize] = true);
                }
                // An alternative with a second needle set needs one of those
                // too.
                for (i, second) in pieces.second.iter().enumerate() {
                    if chosen[i] && !second.is_empty() {
                        let pairs = pairs.get_or_insert_with(|| Needles::pairs(folded));
                        let text = Needles::new(hay, folded, pairs);
                        chosen[i] = second.iter().any(|n| text.contains(n));
                    }
                }
            }
            if chosen.iter().all(|&c| c) {
                return full();
            }
            let Some(pieces) = &split.pieces else {
                // The one alternative cannot match.
                return Plan::Nothing;
            };
            let mut chosen_res: Vec<Cow<'_, Built>> = Vec::new();
            let mut have_folded = !known;
            for i in (0..n).filter(|&i| chosen[i]) {
                let range = pieces.ranges[i].clone();
                let compiled = &pieces.compiled[i];
                // A first draft compiles the alternative without the inner
                // branches that cannot match in it (see `prune`).
                // (Only an alternative with inner alternations counts
                // towards its cap of pruned builds.)
                let weight = if pieces.inner[i].is_empty() {
                    None
                } else {
                    compiled.pruned_weight(hay.len())
                };
                let pruned = weight.and_then(|weight| {
                    if !have_folded {
                        folded.clear();
                        fold_into(folded, hay);
                        have_folded = true;
                    }
                    let pairs = pairs.get_or_insert_with(|| Needles::pairs(folded));
                    let text = Needles::new(hay, folded, pairs);
                    prune(&self.source, range.clone(), &INNER, pieces.inner[i], &text)
                        .and_then(|p| Built::new(&p, self.case_sensitive, weight))
                });
                let re = match pruned {
                    Some(built) => Cow::Owned(built),
                    None => {
                        let source = &self.source[range];
                        match compiled.get(source, self.case_sensitive, hay.len()) {
                            Some(re) => Cow::Borrowed(re),
                            // Cannot happen when the whole list compiles;
                            // stay correct.
                            None => return full(),
                        }
                    }
                };
                chosen_res.push(re);
            }
            match chosen_res.len() {
                0 => Plan::Nothing,
                1 => Plan::One(chosen_res.pop().expect("one")),
                _ => Plan::Merge(chosen_res),
            }
        })
    }

    /// Whether it matches anywhere in `hay`.
    pub fn is_match(&self, hay: &[u8]) -> bool {
        let plan = self.plan(hay);
        plan.with_lower(hay, |lower| match &plan {
            Plan::Nothing => false,
            Plan::One(b) => b.re.is_match(b.hay(hay, lower)),
            Plan::Merge(list) => list.iter().any(|b| b.re.is_match(b.hay(hay, lower))),
        })
    }

    /// Every non-overlapping match in `hay`, leftmost-first, as the whole
    /// alternation would find them.
    pub fn find_iter(&self, hay: &[u8]) -> impl Iterator<Item = Range<usize>> {
        let plan = self.plan(hay);
        let matches: Vec<Range<usize>> = plan.with_lower(hay, |lower| match &plan {
            Plan::Nothing => Vec::new(),
            Plan::One(b) => {
                b.re.find_iter(b.hay(hay, lower))
                    .map(|m| m.range())
                    .collect()
            }
            Plan::Merge(list) => merge(list, hay, lower),
        });
        matches.into_iter()
    }
}

/// The alternative `source[piece]` without the branches of its inner
/// alternations (see `needles::inner_alternations`) whose needles the folded
/// text lacks; `None` when every branch stays.
///
/// A branch none of whose needles occurs in the text matches nowhere in it,
/// so no match of the alternative goes through it, and leaving it out
/// changes no match, the leftmost-first choice included (that choice is
/// among the ways to match, and none was removed). An alternation left with
/// no branch becomes `\b\B`, which matches nowhere. A first draft then
/// compiles a fraction of each alternative: "we can't / cannot / won't be
/// able to / ..." shrinks to the one form the draft uses.
fn prune(
    source: &str,
    piece: Range<usize>,
    table: &InnerTable<'_>,
    alts: &[[u32; 4]],
    text: &Needles,
) -> Option<String> {
    let present = |branch: &[u32; 4]| {
        table
            .needles(branch)
            .is_none_or(|mut list| list.any(|x| text.contains(x)))
    };
    // Stops at the first absent branch; `render` asks again only for the
    // branches it reaches (not those inside a branch left out).
    if alts
        .iter()
        .all(|alt| table.branches(alt).iter().all(present))
    {
        return None;
    }
    let mut out = String::with_capacity(piece.len());
    let walk = Walk {
        source,
        table,
        alts,
        present: &present,
    };
    walk.render(piece, &mut 0, &mut out);
    Some(out)
}

/// What `render` walks: the alternative's text and inner alternations, and
/// which branches stay.
struct Walk<'a, F> {
    source: &'a str,
    table: &'a InnerTable<'a>,
    alts: &'a [[u32; 4]],
    present: &'a F,
}

impl<F: Fn(&[u32; 4]) -> bool> Walk<'_, F> {
    /// Write `source[range]` to `out`, keeping only the present branches of
    /// the alternations from `alts[*next]` on that lie in it (`alts` is in
    /// order of position, outer before inner, so those come first and nest).
    fn render(&self, range: Range<usize>, next: &mut usize, out: &mut String) {
        let mut at = range.start;
        while let Some(alt) = self.alts.get(*next).filter(|a| (a[0] as usize) < range.end) {
            *next += 1;
            out.push_str(&self.source[at..alt[0] as usize]);
            let mut kept = 0;
            for branch in self.table.branches(alt) {
                let (start, end) = (branch[0] as usize, branch[1] as usize);
                if (self.present)(branch) {
                    if kept > 0 {
                        out.push('|');
                    }
                    self.render(start..end, next, out);
                    kept += 1;
                } else {
                    // Skip the alternations inside the branch left out.
                    while self.alts.get(*next).is_some_and(|a| (a[0] as usize) < end) {
                        *next += 1;
                    }
                }
            }
            if kept == 0 {
                out.push_str(r"\b\B");
            }
            at = alt[1] as usize;
        }
        out.push_str(&self.source[at..range.end]);
    }
}

/// An alternative as a whole-set index gets it: its needles (`None`: none,
/// so always possible) and its second needles (empty: none).
pub(crate) type Indexed<'a> = (Option<Vec<&'a [u8]>>, Vec<&'a [u8]>);

/// A text, asked for needles: an alternative's branches hold a few hundred
/// of them, and most are absent from a draft.
struct Needles<'a> {
    /// As written, for exact needles (see `needles::is_exact`).
    hay: &'a [u8],
    /// Folded (see `needles::fold_into`), for the others.
    folded: &'a [u8],
    /// Which byte pairs occur in the text, one bit each (see
    /// [`Needles::pairs`]): a needle with a pair that does not is absent,
    /// found without a search.
    pairs: &'a [u64],
    /// The text as written with its spaces folded (see
    /// `needles::space_into`), made once, for the first exact needle with
    /// a space.
    spaced: OnceCell<Vec<u8>>,
}

impl<'a> Needles<'a> {
    /// The text `hay`, `folded` from it, and the `pairs` of `folded`.
    fn new(hay: &'a [u8], folded: &'a [u8], pairs: &'a [u64]) -> Self {
        Needles {
            hay,
            folded,
            pairs,
            spaced: OnceCell::new(),
        }
    }

    /// The byte pairs of `folded`, as [`Needles`] holds them.
    fn pairs(folded: &[u8]) -> Vec<u64> {
        let mut pairs = vec![0u64; 1 << 10];
        for w in folded.windows(2) {
            prefilter::set(&mut pairs, Needles::pair(w));
        }
        pairs
    }

    /// The bit of the byte pair `w[0..2]`.
    fn pair(w: &[u8]) -> u32 {
        u32::from(w[0]) << 8 | u32::from(w[1])
    }

    fn contains(&self, needle: &[u8]) -> bool {
        if is_exact(needle) {
            // Spaces folded too only if the needle has one (no built-in
            // exact needle does): elsewhere the text as written holds it
            // exactly where the folded one does.
            if needle.contains(&b' ') {
                let spaced = self.spaced.get_or_init(|| {
                    let mut spaced = Vec::with_capacity(self.hay.len());
                    space_into(&mut spaced, self.hay);
                    spaced
                });
                return memchr::memmem::find(spaced, needle).is_some();
            }
            return memchr::memmem::find(self.hay, needle).is_some();
        }
        needle
            .windows(2)
            .all(|w| prefilter::get(self.pairs, Needles::pair(w)))
            && memchr::memmem::find(self.folded, needle).is_some()
    }
}

/// The matches of the alternation of `list` (in order), from each member's
/// own leftmost-first matches: at each position the leftmost start wins, the
/// earlier member on a tie, and the search goes on from its end.
fn merge(list: &[Cow<'_, Built>], hay: &[u8], lower: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The next match of each member at or after `at`; `None` once it has no
    // more.
    let mut next: Vec<Option<Range<usize>>> = list
        .iter()
        .map(|b| b.re.find(b.hay(hay, lower)).map(|m| m.range()))
        .collect();
    let mut at = 0;
    loop {
        for (b, slot) in list.iter().zip(next.iter_mut()) {
            if slot.as_ref().is_some_and(|m| m.start < at) {
                *slot = if at > hay.len() {
                    None
                } else {
                    let input = Input::new(b.hay(hay, lower)).range(at..);
                    b.re.find(input).map(|m| m.range())
                };
            }
        }
        let Some(best) = next.iter().flatten().min_by_key(|m| m.start).cloned() else {
            break;
        };
        at = if best.is_empty() {
            best.end + 1
        } else {
            best.end
        };
        out.push(best);
    }
    out
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("compiled", &self.full.full.get().is_some())
            .field(
                "alternatives",
                &self
                    .split
                    .get()
                    .map(|s| s.pieces.as_ref().map_or(1, |p| p.ranges.len())),
            )
            .finish()
    }
}

/// The compiled regex may not grow past this (bytes of compiled program);
/// a rule that would is reported as a rule-file error instead of eating memory.
pub const SIZE_LIMIT: usize = 8 << 20;

/// Compile an already expanded pattern (or alternation) with the house flags.
pub fn build(expanded: &str, case_sensitive: bool) -> Result<Regex, PatternError> {
    build_as(expanded, case_sensitive, Weight::Full)
}

/// Which engines a build gets (see `Compiled`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// The NFA alone (bounded backtracker, PikeVM).
    Light,
    /// With the lazy DFA, and the reverse NFA it needs to find starts.
    Full,
}

/// Compile with the house flags and the given engines.
pub fn build_as(
    expanded: &str,
    case_sensitive: bool,
    weight: Weight,
) -> Result<Regex, PatternError> {
    build_with(expanded, case_sensitive, config(weight))
}

/// Compile with the house syntax and `config`.
fn build_with(
    expanded: &str,
    case_sensitive: bool,
    config: meta::Config,
) -> Result<Regex, PatternError> {
    meta::Builder::new()
        .syntax(
            syntax::Config::new()
                .unicode(false)
                .utf8(false)
                .case_insensitive(!case_sensitive),
        )
        .configure(config)
        .build(expanded)
        .map_err(|e| {
            // The meta builder's error names only "pattern 0"; the parser's
            // says what is wrong ("unclosed group").
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(expanded);
            match (parsed, e.size_limit()) {
                (Err(syntax), _) => PatternError::Regex(syntax.to_string()),
                (Ok(_), Some(limit)) => PatternError::Regex(format!(
                    "the compiled pattern exceeds the size limit of {limit} bytes"
                )),
                (Ok(_), None) => PatternError::Regex(e.to_string()),
            }
        })
}

/// The house engine configuration for `weight`.
fn config(weight: Weight) -> meta::Config {
    meta::Config::new()
        .utf8_empty(false)
        .auto_prefilter(false)
        .which_captures(WhichCaptures::Implicit)
        .nfa_size_limit(Some(SIZE_LIMIT))
        .onepass(false)
        // The lazy DFA is enough for drafts of a few kilobytes; a fully
        // built DFA costs more to build than it ever saves.
        .dfa(false)
        .dfa_size_limit(Some(SIZE_LIMIT))
        .hybrid(weight == Weight::Full)
        .hybrid_cache_capacity(16 << 20)
}

/// Compile a pattern whose capture groups a fix's replacement refers to
/// (`$1`): ASCII classes, every group, the light engines (it only ever
/// searches the few words of a finding).
pub fn build_replacer(expanded: &str, case_sensitive: bool) -> Result<Regex, PatternError> {
    build_with(
        expanded,
        case_sensitive,
        config(Weight::Light).which_captures(WhichCaptures::All),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::expand::apostrophes;

    fn no_lexicons(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn straight_apostrophe_matches_curly() {
        let p = expand(r"\bwe can't\b", &no_lexicons).unwrap();
        let re = build(&p, false).unwrap();
        assert!(re.is_match("We can’t do that".as_bytes()));
        assert!(re.is_match(b"we can't do that"));
    }

    #[test]
    fn an_apostrophe_is_joined_with_its_letter() {
        assert_eq!(apostrophes("can't"), "can(?:'t|’t)");
        assert_eq!(apostrophes("we’ll"), "we(?:'l|’l)l");
        // A quantified letter, or none, keeps the apostrophe on its own.
        assert_eq!(apostrophes("customers's?"), "customers(?:'|’)s?");
        assert_eq!(apostrophes(r"o'\w"), r"o(?:'|’)\w");
        assert_eq!(apostrophes("'"), "(?:'|’)");
        // Non-ASCII text around them is copied as it is.
        assert_eq!(apostrophes("café's  menu"), r"café(?:'s|’s)\s+menu");
        assert_eq!(apostrophes("a’"), "a(?:'|’)");
        assert_eq!(apostrophes("–’é"), "–(?:'|’)é");
        assert_eq!(apostrophes(r"\’t [aé]"), r"\’t\s+(?:[a]|é)");
        // Two byte strings, not a non-ASCII class: the parser's HIR holds
        // no Unicode class (see `apostrophes`).
        fn non_ascii_class(h: &regex_syntax::hir::Hir) -> bool {
            use regex_syntax::hir::{Class, HirKind};
            match h.kind() {
                HirKind::Class(Class::Unicode(c)) => !c.is_ascii(),
                HirKind::Repetition(r) => non_ascii_class(&r.sub),
                HirKind::Capture(c) => non_ascii_class(&c.sub),
                HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(non_ascii_class),
                _ => false,
            }
        }
        let has_class = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .case_insensitive(true)
                .build()
                .parse(p)
                .unwrap();
            non_ascii_class(&hir)
        };
        assert!(has_class("can(?:'|’)t"));
        assert!(!has_class(&apostrophes("we can't, it's")));
        let re = build(&apostrophes("customers's? orders"), false).unwrap();
        assert!(re.is_match("the customers’ orders".as_bytes()));
        assert!(re.is_match(b"the customers's orders"));
    }

    #[test]
    fn lowered_builds_match_what_folded_builds_match() {
        let patterns = [
            r"\bwe can't\b",
            r"\bI\s+[A-Z]\w*",
            r"[^A-Z ]+[[:upper:]]",
            r"\b(?-i:SLA)s?\b|sla",
            r"\bDear\s+[A-Za-z]+",
            r"[0-Z]+",
        ];
        let texts = [
            "We CAN'T do that, I Think",
            "the SLA and the sla and Slas",
            "DEAR bob, dear ALICE; 0123@ABCxyz [brackets]",
            "Ünïcode ÉCOLE café I É",
        ];
        for p in patterns {
            let reference = build(p, false).unwrap();
            // A single pattern goes through the plan's one-regex path.
            let lowered = Pattern::deferred(p.to_owned(), false);
            for text in texts {
                let hay = text.as_bytes();
                let expected: Vec<_> = reference.find_iter(hay).map(|m| m.range()).collect();
                assert_eq!(
                    lowered.find_iter(hay).collect::<Vec<_>>(),
                    expected,
                    "{p} in {text}"
                );
                assert_eq!(lowered.is_match(hay), !expected.is_empty(), "{p} in {text}");
            }
        }
        // The first compiles lowercased, the third falls back.
        assert!(
            Built::new(patterns[0], false, Weight::Light)
                .unwrap()
                .lowered
        );
        assert!(
            !Built::new(patterns[3], false, Weight::Light)
                .unwrap()
                .lowered
        );
        assert!(
            !Built::new(patterns[0], true, Weight::Light)
                .unwrap()
                .lowered
        );
    }

    /// `prune` over a table computed now, as `build.rs` computes it.
    fn pruned(pattern: &str, text: &str) -> Option<String> {
        let mut flat = crate::rule::needles::FlatInner::default();
        let (first, count) = flat.push(&crate::rule::needles::inner_alternations(
            pattern,
            0..pattern.len(),
            false,
        ));
        let table = InnerTable::of(&flat);
        let alts = &table.alts[first as usize..(first + count) as usize];
        let mut folded = Vec::new();
        fold_into(&mut folded, text.as_bytes());
        let pairs = Needles::pairs(&folded);
        let text = Needles::new(text.as_bytes(), &folded, &pairs);
        prune(pattern, 0..pattern.len(), &table, alts, &text)
    }

    #[test]
    fn pruned_alternatives_match_what_whole_ones_match() {
        let set = crate::rule::RuleSet::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/drafts");
        let fixtures: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        let mut pruned = 0;
        for rule in set.rules() {
            let mut texts: Vec<String> = rule
                .flag_examples
                .iter()
                .chain(&rule.pass_examples)
                .map(|e| e.text.clone())
                .chain(fixtures.iter().cloned())
                .collect();
            texts.extend(texts.clone().iter().map(|t| t.to_uppercase()));
            for pattern in rule.check.patterns() {
                let Some(pieces) = &pattern.split().pieces else {
                    continue;
                };
                let cs = pattern.case_sensitive();
                for (i, range) in pieces.ranges.iter().enumerate() {
                    if pieces.inner[i].is_empty() {
                        continue;
                    }
                    let whole = build(&pattern.source()[range.clone()], cs).unwrap();
                    for text in &texts {
                        let mut folded = Vec::new();
                        fold_into(&mut folded, text.as_bytes());
                        let Some(source) = prune(
                            pattern.source(),
                            range.clone(),
                            &INNER,
                            pieces.inner[i],
                            &Needles::new(text.as_bytes(), &folded, &Needles::pairs(&folded)),
                        ) else {
                            continue;
                        };
                        pruned += 1;
                        let built = Built::new(&source, cs, Weight::Light).unwrap();
                        let lower = text.to_ascii_lowercase();
                        let hay = built.hay(text.as_bytes(), lower.as_bytes());
                        let got: Vec<_> = built.re.find_iter(hay).map(|m| m.range()).collect();
                        let want: Vec<_> = whole
                            .find_iter(text.as_bytes())
                            .map(|m| m.range())
                            .collect();
                        assert_eq!(got, want, "{}: {source} in {text:?}", rule.id);
                    }
                }
            }
        }
        assert!(pruned > 1000, "only {pruned} pruned");
    }

    #[test]
    fn needles_are_found_as_a_search_finds_them() {
        let hay = b"We'll refund it today. x RMA\n  OK";
        let mut folded = Vec::new();
        fold_into(&mut folded, hay);
        let pairs = Needles::pairs(&folded);
        let text = Needles::new(hay, &folded, &pairs);
        for needle in [&b"we'll"[..], b"refund", b"today.", b"x", b"y. x", b"t"] {
            assert!(text.contains(needle), "{needle:?}");
        }
        // Every pair occurs, the string does not; and pairs that do not.
        for needle in [&b"ll x"[..], b"refundt", b"q", b"wx", b"tomorrow"] {
            assert!(!text.contains(needle), "{needle:?}");
        }
        // Exact needles: in the text as written, spaces folded.
        for needle in [&b"RMA"[..], b"RMA OK", b"A OK", b"W"] {
            assert!(text.contains(needle), "{needle:?}");
        }
        for needle in [&b"WE'LL"[..], b"REFUND", b"X RMA", b"RMA  OK", b"OK "] {
            assert!(!text.contains(needle), "{needle:?}");
        }
    }

    #[test]
    fn a_list_the_whole_set_index_covers_builds_no_automaton() {
        let list = || Pattern::deferred(r"\bsoon\b|\bshortly\b|\bASAP\b".to_owned(), false);
        let search = |p: &Pattern| {
            for _ in 0..2 * AUTOMATON_AFTER {
                assert!(p.is_match(b"We will reply soon."));
                assert!(!p.is_match(b"We will reply today."));
            }
            let pieces = p.split().pieces.as_ref().unwrap();
            pieces.automaton.get().is_some()
        };
        // On its own, a list searched often gets its automaton.
        assert!(search(&list()));
        // Covered by an index (here one that never scans these texts, as
        // while another thread builds it), it goes on needle by needle.
        let covered = list();
        assert!(covered.index_as(usize::MAX, 0).is_some());
        assert!(!search(&covered));
    }

    #[test]
    fn an_alternative_needs_its_second_needles_too() {
        let p = Pattern::deferred(
            r"\bsorry\b[^.]{0,40}\binconvenience\b|\bsoon\b".to_owned(),
            false,
        );
        // "inconvenience" (the first set) alone does not make it searched.
        assert!(matches!(p.plan(b"No inconvenience at all."), Plan::Nothing));
        assert!(matches!(p.plan(b"Sorry, an inconvenience."), Plan::One(_)));
        assert!(p.is_match(b"Sorry, an inconvenience."));
    }

    #[test]
    fn prunes_the_branches_a_text_lacks() {
        let p = r"\b(?:we|I)\s+(?:can't|cannot|(?:won't|will\s+not)\s+be\s+able\s+to)\s+(?:help|refund)";
        assert_eq!(
            pruned(p, "Sorry, I cannot REFUND it.").as_deref(),
            Some(r"\b(?:I)\s+(?:cannot)\s+(?:refund)")
        );
        assert_eq!(
            pruned(p, "We will not be able to help").as_deref(),
            // "i" is in "will": kept.
            Some(r"\b(?:we|I)\s+(?:(?:will\s+not)\s+be\s+able\s+to)\s+(?:help)")
        );
        // The branch needs "be able to"; with no branch left, the
        // alternation matches nowhere.
        assert_eq!(
            pruned(p, "we won't help").as_deref(),
            Some(r"\b(?:we)\s+(?:\b\B)\s+(?:help)")
        );
        assert_eq!(
            pruned(p, "they can't refund").as_deref(),
            Some(r"\b(?:\b\B)\s+(?:can't)\s+(?:refund)")
        );
        // Every branch present: nothing to prune.
        assert_eq!(pruned("(?:help|refund)", "help or refund"), None);
        // Flags change how a branch parses alone: never pruned.
        assert_eq!(pruned("(?i:help|refund)", "help"), None);
    }

    #[test]
    fn a_space_matches_a_line_break() {
        let p = expand(r"\bout of our hands\b", &no_lexicons).unwrap();
        let re = build(&p, false).unwrap();
        assert!(re.is_match(b"That's out\nof our  hands."));
        assert_eq!(apostrophes("[ a]"), "[ a]");
        assert_eq!(apostrophes("some ?time"), r"some\s?time");
    }

    #[test]
    fn classes_lose_their_non_ascii_members_to_an_alternation() {
        assert_eq!(apostrophes(r"[a']"), "(?:[a']|’)");
        assert_eq!(apostrophes(r"\'"), r"\'");
        assert_eq!(apostrophes("[-–—]"), "(?:[-]|–|—)");
        assert_eq!(apostrophes("[^.!?]"), "[^.!?]");
        let re = build(&apostrophes(r"\s[-–—]\s"), false).unwrap();
        assert!(re.is_match(" — ".as_bytes()));
        assert!(re.is_match(b" - "));
    }

    #[test]
    fn expands_lexicon_references() {
        let lookup = |name: &str| (name == "when").then(|| "today|tomorrow".to_owned());
        let p = expand(r"\bby {{when}}\b", &lookup).unwrap();
        assert_eq!(p, r"\bby\s+(?:today|tomorrow)\b");
    }

    #[test]
    fn unknown_lexicon_is_an_error() {
        let err = expand("{{nope}}", &no_lexicons).unwrap_err();
        assert_eq!(err, PatternError::UnknownLexicon("nope".into()));
    }

    #[test]
    fn leaves_non_reference_braces_alone() {
        let p = expand(r"\{\{ticket.name\}\}", &no_lexicons).unwrap();
        assert_eq!(p, r"\{\{ticket.name\}\}");
    }
}
