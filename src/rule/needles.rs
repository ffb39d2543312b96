//! Needles: literal strings at least one of which occurs in every match of a
//! pattern. A rule whose trigger has needles cannot fire on a reply that
//! contains none of them, so the linter scans each reply once for the needles
//! of every rule (one Aho-Corasick pass, see `rule::prefilter`) and runs only
//! the rules whose needles occur. Most replies trip two or three rules'
//! needles, so most rules' regexes never run on them, and in a one-draft
//! process most are never even compiled.
//!
//! The needles are found by walking the parsed pattern: a literal is its own
//! needle; a sequence needs any one of its parts' needles (adjacent exact
//! parts are joined, so `we` + `'ll` gives `we'll`), and the best part is
//! taken; an alternation needs one needle from each branch; an optional part
//! needs nothing. An alternative that is a sequence also gets a second set
//! from its next best part ([`needle_sets`]): it is searched only where a
//! needle of each occurs, which spares a third of the searches.
//!
//! Needles and the scanned text are both folded (see [`fold_into`]): ASCII
//! letters lower-cased, ASCII white space turned into a space and runs of
//! spaces collapsed to one. A substring of a text, folded, is a substring of
//! the folded text, so `we\s+will` has the needle `we will` however the
//! email wrapped the line.
//!
//! Except where case counts: a needle whose letters all match one case only
//! (`(?-i:RMA)`, or `TODO` in a case-sensitive list) keeps its upper case and
//! is looked for in the text as written, spaces folded but not letters (see
//! [`is_exact`]). Folded, "rma" would be found in every "information".
//!
//! Depends on nothing but `regex-syntax`, because `build.rs` includes this
//! file to precompute the needles of the built-in rules: parsing their
//! patterns costs milliseconds, more than a whole one-draft run may spend.

use std::ops::Range;

use regex_syntax::ast::{Ast, GroupKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// One alternative of a pattern list (a byte range of its source) with its
/// needles and a second set of them (see [`needle_sets`]).
pub type Piece = (Range<usize>, Option<Vec<Vec<u8>>>, Option<Vec<Vec<u8>>>);

/// Split an expanded pattern list at its top-level alternation (looking
/// through non-capturing groups, so lexicon terms split too) and find each
/// alternative's needles. A search then compiles only the alternatives whose
/// needles occur in the text: the others cannot match there, so leaving them
/// out changes no match (see `rule::pattern`). A pattern that does not parse,
/// or sets flags that reach across `|`, is one piece.
pub fn pieces(expanded: &str, case_sensitive: bool) -> Vec<Piece> {
    let mut ranges = Vec::new();
    match regex_syntax::ast::parse::Parser::new().parse(expanded) {
        Ok(ast) => split(&ast, &mut ranges),
        Err(_) => ranges.push(0..expanded.len()),
    }
    ranges
        .into_iter()
        .map(|r| {
            let (n, second) = needle_sets(&expanded[r.clone()], case_sensitive);
            (r, n, second)
        })
        .collect()
}

fn split(ast: &Ast, out: &mut Vec<Range<usize>>) {
    match ast {
        Ast::Group(g) if matches!(&g.kind, GroupKind::NonCapturing(f) if f.items.is_empty()) => {
            split(&g.ast, out)
        }
        Ast::Alternation(alt) if !alt.asts.iter().any(sets_flags) => {
            for a in &alt.asts {
                split(a, out);
            }
        }
        _ => out.push(ast.span().start.offset..ast.span().end.offset),
    }
}

/// Whether `ast` sets flags for what follows it (`a(?i)b`), which in an
/// alternation reaches into the next alternatives.
fn sets_flags(ast: &Ast) -> bool {
    match ast {
        Ast::Flags(_) => true,
        Ast::Concat(c) => c.asts.iter().any(sets_flags),
        _ => false,
    }
}

/// An alternation inside an alternative (a byte range of the pattern list),
/// with its branches: each a byte range and its needles (`None`: none, so it
/// is always kept). Listed in order of position, outer before inner.
pub type InnerAlt = (Range<usize>, Vec<(Range<usize>, Option<Vec<Vec<u8>>>)>);

/// The alternations nested in the alternative `piece` of `expanded`: a
/// first draft's search leaves out the branches whose needles the text
/// lacks, and compiles a fraction of the alternative (see
/// `rule::pattern`). A branch without needles cannot be left out, so an
/// alternation none of whose branches has needles is not listed (its
/// own nested alternations are). An alternative that sets flags gives
/// nothing: its branches would not parse alone as they do in place.
pub fn inner_alternations(
    expanded: &str,
    piece: Range<usize>,
    case_sensitive: bool,
) -> Vec<InnerAlt> {
    let source = &expanded[piece.clone()];
    let Ok(ast) = regex_syntax::ast::parse::Parser::new().parse(source) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if !has_flags(&ast) {
        collect_alternations(&ast, source, piece.start, case_sensitive, &mut found);
    }
    found
}

/// Inner alternations flattened into arrays of integers, as `build.rs`
/// embeds them (a table of slices would need a relocation per slice at
/// every start-up): alternations (start, end, first branch, branches),
/// branches (start, end, first needle, needles, or `u32::MAX` for none),
/// needles (start, end in `bytes`).
#[derive(Debug, Default)]
pub struct FlatInner {
    pub alts: Vec<[u32; 4]>,
    pub branches: Vec<[u32; 4]>,
    pub needles: Vec<[u32; 2]>,
    pub bytes: Vec<u8>,
}

impl FlatInner {
    /// Append one alternative's inner alternations; their first index and
    /// count in `alts`.
    pub fn push(&mut self, alts: &[InnerAlt]) -> (u32, u32) {
        let index = |n: usize| u32::try_from(n).expect("tables under 4 GB");
        let first = index(self.alts.len());
        for (range, branches) in alts {
            let first_branch = index(self.branches.len());
            for (b, needles) in branches {
                let (first_needle, count) = match needles {
                    None => (0, u32::MAX),
                    Some(list) => {
                        let first_needle = index(self.needles.len());
                        for n in list {
                            let start = index(self.bytes.len());
                            self.bytes.extend_from_slice(n);
                            self.needles.push([start, index(self.bytes.len())]);
                        }
                        (first_needle, index(list.len()))
                    }
                };
                self.branches
                    .push([index(b.start), index(b.end), first_needle, count]);
            }
            self.alts.push([
                index(range.start),
                index(range.end),
                first_branch,
                index(branches.len()),
            ]);
        }
        (first, index(alts.len()))
    }
}

fn has_flags(ast: &Ast) -> bool {
    match ast {
        Ast::Flags(_) => true,
        Ast::Group(g) => {
            matches!(&g.kind, GroupKind::NonCapturing(f) if !f.items.is_empty())
                || has_flags(&g.ast)
        }
        Ast::Repetition(r) => has_flags(&r.ast),
        Ast::Alternation(a) => a.asts.iter().any(has_flags),
        Ast::Concat(c) => c.asts.iter().any(has_flags),
        _ => false,
    }
}

fn collect_alternations(
    ast: &Ast,
    source: &str,
    offset: usize,
    case_sensitive: bool,
    out: &mut Vec<InnerAlt>,
) {
    let range = |a: &Ast| a.span().start.offset..a.span().end.offset;
    match ast {
        Ast::Group(g) => collect_alternations(&g.ast, source, offset, case_sensitive, out),
        Ast::Repetition(r) => collect_alternations(&r.ast, source, offset, case_sensitive, out),
        Ast::Concat(c) => {
            for a in &c.asts {
                collect_alternations(a, source, offset, case_sensitive, out);
            }
        }
        Ast::Alternation(alt) => {
            let branches: Vec<_> = alt
                .asts
                .iter()
                .map(|a| {
                    let r = range(a);
                    let n = needles(&source[r.clone()], case_sensitive);
                    (offset + r.start..offset + r.end, n)
                })
                .collect();
            if branches.iter().any(|(_, n)| n.is_some()) {
                let r = range(ast);
                out.push((offset + r.start..offset + r.end, branches));
            }
            for a in &alt.asts {
                collect_alternations(a, source, offset, case_sensitive, out);
            }
        }
        _ => {}
    }
}

/// At most this many strings in a finite set being joined or unioned.
const MAX_EXACT: usize = 64;
/// At most this many needles for one pattern list; more means "no needles".
pub const MAX_NEEDLES: usize = 4096;
/// Classes with at most this many members count as a finite set of strings.
const MAX_CLASS: usize = 8;

/// The needles of an expanded pattern (or alternation), folded (exact ones
/// upper case, see [`is_exact`]), sorted and deduplicated; `None` when some
/// match may contain no useful literal (the rule must then run on every
/// reply) or the pattern does not parse.
pub fn needles(expanded: &str, case_sensitive: bool) -> Option<Vec<Vec<u8>>> {
    // Parsed with the list's case flag, so that a letter matching either
    // case is a two-member class (taken as its lower case, see
    // `class_members`) and a literal letter matches its own case only.
    let hir = parse(expanded, case_sensitive)?;
    Some(finish(usable(info(&hir).need?)?))
}

/// An alternative's [`needles`] and a second set, from another of its parts
/// than the first set took: a match contains a needle of each, so a text
/// must have both for the alternative to be searched. "sorry ... for any
/// inconvenience" needs "inconvenience" and "sorry"; the first alone is in
/// many replies that never go on to the second. No second set unless the
/// pattern is a sequence with another part whose needles are neither the
/// first set's nor among the commonest words. One parse and one walk give
/// both.
pub fn needle_sets(expanded: &str, case_sensitive: bool) -> (Option<NeedleSet>, Option<NeedleSet>) {
    let Some(hir) = parse(expanded, case_sensitive) else {
        return (None, None);
    };
    let HirKind::Concat(subs) = hir.kind() else {
        return (info(&hir).need.and_then(usable).map(finish), None);
    };
    // What `info` makes of a sequence, its parts' sets kept.
    let candidates = match concat(subs) {
        Ok(run) => return (usable(run).map(finish), None),
        Err(candidates) => candidates,
    };
    let Some(first) = best(candidates.iter().cloned())
        .and_then(usable)
        .map(finish)
    else {
        return (None, None);
    };
    let second = best(candidates.into_iter().map(finish).filter(|set| {
        set.iter().all(|n| strength(n) >= 2) && !set.iter().any(|n| first.contains(n))
    }));
    (Some(first), second)
}

/// Needles at least one of which occurs in every match.
pub type NeedleSet = Vec<Vec<u8>>;

/// The most selective of some needle sets (see [`better`]).
fn best(sets: impl IntoIterator<Item = Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    sets.into_iter()
        .reduce(|a, b| better(Some(a), Some(b)).expect("both given"))
}

fn parse(expanded: &str, case_sensitive: bool) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .case_insensitive(!case_sensitive)
        .build()
        .parse(expanded)
        .ok()
}

/// A needle set as looked for: exact needles upper case, the others lower
/// case, sorted, without duplicates or needles holding another.
fn finish(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort();
    set.dedup();
    // Before lower-casing too: "RMAs" (all of one case) holds "RMA".
    let mut set = without_superstrings(set);
    for needle in &mut set {
        // Upper case is kept only where every letter is upper case: a lower
        // case letter may have been either case in the text, so a needle
        // with one is looked for folded, whole.
        if needle.iter().any(u8::is_ascii_lowercase) {
            needle.make_ascii_lowercase();
        }
    }
    set.sort();
    set.dedup();
    without_superstrings(set)
}

/// Whether a needle is looked for in the text as written (spaces folded,
/// letters not): it has upper-case letters, which only a case-sensitive part
/// of a pattern gives. A text holding a match holds such a needle exactly
/// (every letter of it is a letter of the pattern that matches that case
/// only); any other needle is lower case and is looked for folded.
pub fn is_exact(needle: &[u8]) -> bool {
    needle.iter().any(u8::is_ascii_uppercase)
}

/// Drop every needle that contains another: a text holding the longer one
/// holds the shorter, so the set finds the same texts with less to scan for.
fn without_superstrings(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    if set.len() > 1024 {
        return set;
    }
    set.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(set.len());
    for n in set {
        if !kept
            .iter()
            .any(|k| n.windows(k.len()).any(|w| w == k.as_slice()))
        {
            kept.push(n);
        }
    }
    kept.sort();
    kept
}

/// What is known about the strings a sub-pattern matches.
struct Info {
    /// Every match is one of these strings (a small finite language).
    exact: Option<Vec<Vec<u8>>>,
    /// Every match contains one of these strings.
    need: Option<Vec<Vec<u8>>>,
    /// For a part that is not exact: every match starts with one of these
    /// and ends with one of these (`x{n,}` of a small set starts and ends
    /// with `x` n times), so the text around it joins them.
    ends: Option<Vec<Vec<u8>>>,
}

impl Info {
    /// A part's facts; an exact set also serves as its needles when it is
    /// the better set.
    fn new(
        exact: Option<Vec<Vec<u8>>>,
        need: Option<Vec<Vec<u8>>>,
        ends: Option<Vec<Vec<u8>>>,
    ) -> Self {
        Info {
            need: better(need, exact.clone().and_then(usable)),
            exact,
            ends,
        }
    }

    fn unknown() -> Self {
        Info::new(None, None, None)
    }

    fn exactly(set: Vec<Vec<u8>>) -> Self {
        Info::new(Some(set), None, None)
    }

    /// The best needle set this part offers on its own.
    fn best_need(self) -> Option<Vec<Vec<u8>>> {
        better(self.need, self.exact.and_then(usable))
    }
}

fn info(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exactly(vec![Vec::new()]),
        HirKind::Literal(lit) => Info::exactly(vec![spaced(&lit.0)]),
        HirKind::Class(class) => match class_members(class) {
            Some(set) => Info::exactly(set),
            None => Info::unknown(),
        },
        HirKind::Capture(cap) => info(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = info(&rep.sub);
            // `x?` and `x{1,2}` of a small set stay exact.
            let exact = match (&sub.exact, rep.max) {
                (Some(e), Some(max)) if max <= 2 => (rep.min..=max)
                    .map(|k| power(e, k))
                    .collect::<Option<Vec<_>>>()
                    .map(|powers| powers.concat())
                    .filter(|out| out.len() <= MAX_EXACT && !out.is_empty()),
                _ => None,
            };
            // White space folds and collapses to one space: `\s+` is " ",
            // `\s*` is nothing or " ".
            if sub.exact.as_deref() == Some(&[vec![b' ']][..]) {
                let space = vec![vec![b' ']];
                return match rep.min {
                    0 => Info::exactly(vec![Vec::new(), vec![b' ']]),
                    _ => Info::exactly(space),
                };
            }
            // `x{n,}` contains `x` n times over: `!{2,}` needs "!!"; and
            // it starts and ends with that run.
            let run = match (&sub.exact, rep.min) {
                (Some(e), min @ 1..=8) => power(e, min).and_then(usable),
                _ => None,
            };
            let need = if rep.min >= 1 {
                better(sub.best_need(), run.clone())
            } else {
                None
            };
            match exact {
                Some(e) => Info::new(Some(e), need, None),
                None => Info::new(None, need, run),
            }
        }
        HirKind::Concat(subs) => match concat(subs) {
            Ok(run) => Info::exactly(run),
            Err(candidates) => Info::new(None, best(candidates), None),
        },
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(info).collect();
            let exact = if infos.iter().all(|i| i.exact.is_some()) {
                let mut all: Vec<Vec<u8>> = Vec::new();
                for i in &infos {
                    all.extend(i.exact.iter().flatten().cloned());
                }
                all.sort();
                all.dedup();
                (all.len() <= MAX_EXACT).then_some(all)
            } else {
                None
            };
            let mut need: Option<Vec<Vec<u8>>> = Some(Vec::new());
            for i in infos {
                need = match (need, i.best_need()) {
                    (Some(mut acc), Some(branch)) => {
                        acc.extend(branch);
                        (acc.len() <= MAX_NEEDLES).then_some(acc)
                    }
                    _ => None,
                };
            }
            Info::new(exact, need.and_then(usable), None)
        }
    }
}

/// The needle sets a sequence offers: every match of it contains a needle of
/// each (`Err`), or it matches one of a small set of strings (`Ok`).
fn concat(subs: &[Hir]) -> Result<Vec<Vec<u8>>, Vec<Vec<Vec<u8>>>> {
    let mut found: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut offer = |set: Option<Vec<Vec<u8>>>| found.extend(set);
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let mut all_exact = true;
    for sub in subs {
        let i = info(sub);
        match i.exact {
            Some(e) => match cross(&run, &e) {
                Some(joined) => run = joined,
                None => {
                    offer(usable(std::mem::take(&mut run)));
                    all_exact = false;
                    run = e;
                }
            },
            None => {
                all_exact = false;
                offer(i.need);
                match i.ends.as_deref().and_then(|e| cross(&run, e)) {
                    // The part starts with one of its ends, right after the
                    // run; what follows it comes right after one of its ends.
                    Some(joined) => {
                        offer(usable(joined));
                        run = i.ends.unwrap_or_default();
                    }
                    None => {
                        let done = std::mem::replace(&mut run, vec![Vec::new()]);
                        offer(usable(done));
                    }
                }
            }
        }
    }
    if all_exact {
        return Ok(run);
    }
    offer(usable(run));
    Err(found)
}

/// The byte map applied to needles and to the text scanned for them: ASCII
/// upper case to lower case, ASCII white space to a space.
pub const fn fold(b: u8) -> u8 {
    space(b).to_ascii_lowercase()
}

/// ASCII white space to a space; the map for exact needles and the text
/// they are looked for in.
pub const fn space(b: u8) -> u8 {
    match b {
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => b' ',
        _ => b,
    }
}

/// A byte map as a table (the scan folds every byte of every reply):
/// [`space`], lower-cased too if `lower`.
const fn table(lower: bool) -> [u8; 256] {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if lower { fold(b as u8) } else { space(b as u8) };
        b += 1;
    }
    table
}

static FOLD: [u8; 256] = table(true);
static SPACE: [u8; 256] = table(false);

/// Append `bytes` to `out` folded, each run of spaces collapsed to one
/// (also across the join). What the scan does to the text, and what needles
/// are made of: if a match contains a string, the folded text contains the
/// folded string.
pub fn fold_into(out: &mut Vec<u8>, bytes: &[u8]) {
    map_into([&FOLD], [out], bytes);
}

/// [`fold_into`] with letters left as they are: the text exact needles are
/// looked for in.
pub fn space_into(out: &mut Vec<u8>, bytes: &[u8]) {
    map_into([&SPACE], [out], bytes);
}

/// [`fold_into`] `folded` and [`space_into`] `spaced` at once: the two
/// stay aligned byte for byte (they fold the same spaces), so a match of a
/// needle in the one is the same bytes of the other.
pub fn fold_both(folded: &mut Vec<u8>, spaced: &mut Vec<u8>, bytes: &[u8]) {
    map_into([&FOLD, &SPACE], [folded, spaced], bytes);
}

/// Append `bytes` to each of `outs` (of one length) through its table, each
/// run of spaces collapsed to one. The tables map the same bytes to a space,
/// so the outputs stay aligned.
fn map_into<const N: usize>(tables: [&[u8; 256]; N], mut outs: [&mut Vec<u8>; N], bytes: &[u8]) {
    // Every byte is written and the end advanced past it unless it is a
    // space after a space: no branch on the bytes, no capacity check per
    // byte (a third of the scan's own time when pushed one by one).
    let start = outs[0].len();
    debug_assert!(outs.iter().all(|o| o.len() == start));
    let mut space = outs[0].last() == Some(&b' ');
    for out in &mut outs {
        out.resize(start + bytes.len(), 0);
    }
    let mut end = start;
    for &b in bytes {
        for (table, out) in tables.iter().zip(&mut outs) {
            out[end] = table[usize::from(b)];
        }
        let this_space = tables[0][usize::from(b)] == b' ';
        end += usize::from(!(this_space && space));
        space = this_space;
    }
    for out in outs {
        out.truncate(end);
    }
}

/// `bytes` with its spaces folded and its letters as they are, as needles
/// are built (and lower-cased at the end unless exact, see `needles`).
fn spaced(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    space_into(&mut out, bytes);
    out
}

/// The members of a small class, each as the bytes it matches; a letter
/// the class has in both cases (every letter of a case-insensitive part)
/// as its lower case, one member.
fn class_members(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    // A class of at most `MAX_CLASS` members once both cases of a letter
    // count as one has at most twice as many.
    let mut add = |bytes: &[u8]| {
        out.push(spaced(bytes));
        out.len() <= 2 * MAX_CLASS
    };
    match class {
        Class::Bytes(c) => {
            for r in c.iter() {
                for b in r.start()..=r.end() {
                    if !add(&[b]) {
                        return None;
                    }
                }
            }
        }
        Class::Unicode(c) => {
            for r in c.iter() {
                for ch in r.start()..=r.end() {
                    if !add(ch.to_string().as_bytes()) {
                        return None;
                    }
                }
            }
        }
    }
    let has = |m: &[u8]| out.iter().any(|o| o.as_slice() == m);
    let mut out: Vec<Vec<u8>> = out
        .iter()
        .map(|m| match m.as_slice() {
            [b] if b.is_ascii_alphabetic()
                && has(&[b.to_ascii_lowercase()])
                && has(&[b.to_ascii_uppercase()]) =>
            {
                vec![b.to_ascii_lowercase()]
            }
            _ => m.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    (out.len() <= MAX_CLASS).then_some(out)
}

/// Every string of `e` repeated `n` times over, if not too many.
fn power(e: &[Vec<u8>], n: u32) -> Option<Vec<Vec<u8>>> {
    let mut out = vec![Vec::new()];
    for _ in 0..n {
        out = cross(&out, e)?;
    }
    Some(out)
}

/// Every string of `a` followed by every string of `b`, if not too many.
fn cross(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_EXACT {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            space_into(&mut s, y);
            out.push(s);
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// A needle set is usable if it is non-empty and has no empty string (an
/// empty needle occurs everywhere).
fn usable(set: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

/// The more selective of two needle sets: longer shortest needle first
/// (a one-letter needle occurs in every reply), then fewer needles.
fn better(a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    match (a, b) {
        (Some(a), Some(b)) => {
            if score(&b) > score(&a) {
                Some(b)
            } else {
                Some(a)
            }
        }
        (a, b) => a.or(b),
    }
}

fn score(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>) {
    let weakest = set.iter().map(|s| strength(s)).min().unwrap_or(0);
    let bytes = set.iter().map(Vec::len).sum();
    (
        weakest,
        std::cmp::Reverse(set.len()),
        std::cmp::Reverse(bytes),
    )
}

/// How selective one needle is: the length of its words, except that the
/// commonest words of replies count as one letter each (they occur in nearly
/// every reply). Beyond six letters a needle is rare enough.
fn strength(needle: &[u8]) -> usize {
    let strength: usize = needle
        .split(|&b| b == b' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if COMMON.iter().any(|c| c.as_bytes() == w) {
                1
            } else {
                w.len()
            }
        })
        .sum();
    strength.min(6)
}

/// Words found in most support replies.
const COMMON: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "do", "for", "from", "get", "has", "have", "here", "how", "i", "if", "in", "is", "it",
    "just", "know", "let", "me", "my", "not", "of", "on", "or", "our", "please", "so", "thank",
    "thanks", "that", "the", "there", "this", "to", "us", "was", "we", "were", "what", "when",
    "will", "with", "would", "you", "your", "'ll", "’ll", "we'll", "we’ll", "i'll", "i’ll",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_into_folds_each_byte_and_collapses_spaces() {
        // Byte by byte, as it was first written.
        fn plain(out: &mut Vec<u8>, bytes: &[u8]) {
            for &b in bytes {
                let f = fold(b);
                if !(f == b' ' && out.last() == Some(&b' ')) {
                    out.push(f);
                }
            }
        }
        let pieces: [&[u8]; 7] = [b"A", b"b", b" ", b"\n", b"\t\r", "\u{e9}".as_bytes(), b"."];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| [t.as_slice(), p].concat()))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        for before in [&b""[..], b"x", b"X "] {
            for t in &texts {
                let (mut fast, mut slow) = (before.to_vec(), before.to_vec());
                fold_into(&mut fast, t);
                plain(&mut slow, t);
                assert_eq!(fast, slow, "{before:?} + {t:?}");
                // Spaces alone: as folded, but letters as they were.
                let mut spaced = before.to_vec();
                space_into(&mut spaced, t);
                assert_eq!(spaced.to_ascii_lowercase(), fast.to_ascii_lowercase());
                assert_eq!(spaced.len(), fast.len());
                let (mut both_folded, mut both_spaced) = (before.to_vec(), before.to_vec());
                fold_both(&mut both_folded, &mut both_spaced, t);
                assert_eq!((both_folded, both_spaced), (fast, spaced));
            }
        }
        assert!((0..=255u8).all(|b| FOLD[usize::from(b)] == fold(b)));
    }

    fn strs(p: &str) -> Option<Vec<String>> {
        strs_as(p, false)
    }

    fn strs_as(p: &str, case_sensitive: bool) -> Option<Vec<String>> {
        needles(p, case_sensitive).map(|v| {
            v.into_iter()
                .map(|n| String::from_utf8(n).unwrap())
                .collect()
        })
    }

    #[test]
    fn a_phrase_is_its_own_needle_however_it_wraps() {
        assert_eq!(
            strs(r"\bget\s+back\s+to\s+you\b").unwrap(),
            ["get back to you"]
        );
        assert_eq!(spaced(b"A \r\n\tB"), b"A B");
    }

    #[test]
    fn adjacent_literals_are_joined() {
        assert_eq!(strs(r"\bwe(?:'|’)ll\b").unwrap(), ["we'll", "we’ll"]);
    }

    #[test]
    fn an_alternation_needs_one_needle_per_branch() {
        let n = strs(r"\b(?:soon|shortly|in due\s+course)\b").unwrap();
        assert_eq!(n, ["in due course", "shortly", "soon"]);
    }

    #[test]
    fn an_optional_part_gives_no_needle() {
        assert_eq!(strs(r"(?:sorry)?\w+").as_deref(), None);
        assert_eq!(strs(r"\bsorry\s+(?:really\s+)?\w+").unwrap(), ["sorry "]);
    }

    #[test]
    fn the_best_part_of_a_sequence_is_chosen() {
        // The vague-time word at the end beats the common words at the start.
        let n = strs(r"\b(?:we|I)\s*will\b[^.!?\n]{0,60}?(?:\bsoon\b|\bshortly\b)").unwrap();
        assert_eq!(n, ["shortly", "soon"]);
        let n = strs(r"\bsorry\b[^.!?\n]{0,60}?\bthe\b").unwrap();
        assert_eq!(n, ["sorry"]);
        let n =
            strs(r"\b(?:we|I)\s*(?:'ll|will)\b[^.!?\n]{0,60}?(?:\bsoon\b|\bshortly\b)").unwrap();
        assert_eq!(n, ["shortly", "soon"]);
    }

    #[test]
    fn a_needle_holding_another_is_dropped() {
        let n = strs(r"\b(?:sorry|so\s+sorry|sorry\s+again|regrettably)\b").unwrap();
        assert_eq!(n, ["regrettably", "sorry"]);
    }

    #[test]
    fn a_repeat_needs_its_minimum_run() {
        assert_eq!(strs(r"\w+!{2,}").unwrap(), ["!!"]);
        assert_eq!(strs(r"\bgr{2,}\b").unwrap(), ["grr"]);
        assert_eq!(strs(r"\b(?:TODO|XX+)\b").unwrap(), ["todo", "xx"]);
    }

    #[test]
    fn a_repeat_too_large_to_list_is_not_exact() {
        // Nine letters twice over are 81 strings, past the cap: the part
        // must not pass for exact with only the one-letter ones listed
        // (that gave needles like "qaz", which "qabz" lacks).
        let n = strs(r"q(?:a|b|c|d|e|f|g|h|i){1,2}z").unwrap();
        assert!(n.iter().all(|n| n.len() == 1), "{n:?}");
    }

    #[test]
    fn needles_are_lower_case() {
        assert_eq!(strs(r"\bASAP\b").unwrap(), ["asap"]);
        assert_eq!(strs(r"\b[A-C]x").unwrap(), ["ax", "bx", "cx"]);
        // Both cases in a case-sensitive list are one member too.
        assert_eq!(strs_as(r"[Ss]orry", true).unwrap(), ["sorry"]);
    }

    #[test]
    fn letters_of_one_case_only_keep_their_case() {
        assert_eq!(strs(r"(?-i:\bRMAs?\b)").unwrap(), ["RMA"]);
        assert_eq!(strs_as(r"\b(?:TODO|XX+)\b", true).unwrap(), ["TODO", "XX"]);
        assert_eq!(strs(r"#(?-i:ID)").unwrap(), ["#ID"]);
        assert!(is_exact(b"#ID") && !is_exact(b"#id"));
        // A letter that may be either case lower-cases the whole needle:
        // "RMAS" matches, and holds neither "RMAs" nor "rmas".
        assert_eq!(strs(r"(?-i:RMA)s").unwrap(), ["rmas"]);
        assert_eq!(strs_as(r"(?i:re)SEND", true).unwrap(), ["resend"]);
        // So does a lower-case letter of one case: "UPnP" may not be
        // looked for as "UPNP", and lower case is looked for folded.
        assert_eq!(strs(r"(?-i:UPnP)").unwrap(), ["upnp"]);
        assert_eq!(strs(r"(?-i:[A-Z]{3}) (?i:ticket)").unwrap(), [" ticket"]);
    }

    #[test]
    fn a_sequence_offers_a_second_set_from_another_part() {
        let second = |p: &str| {
            needle_sets(p, false).1.map(|v| {
                v.into_iter()
                    .map(|n| String::from_utf8(n).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        let p = r"\bsorry\b[^.]{0,40}\b(?:inconvenience|trouble)\b";
        assert_eq!(strs(p).unwrap(), ["inconvenience", "trouble"]);
        assert_eq!(second(p).unwrap(), ["sorry"]);
        // Not the commonest words: "the" is in nearly every reply.
        assert_eq!(second(r"\bsorry\b[^.]*\bthe\b"), None);
        // Not a sequence all of whose parts join into the first set, nor
        // an alternation.
        assert_eq!(second(r"\bwe\s+are\s+sure\b"), None);
        assert_eq!(second(r"\bsorry\b[^.]*\bdelay|regret\b[^.]*\bdelay"), None);
        // Nor the first set again.
        assert_eq!(second(r"\bdelay\b[^.]*\bdelay\b"), None);
        let (_, first, second) = &pieces(&format!("{p}|soon"), false)[0];
        assert_eq!(first.as_ref().unwrap().len(), 2);
        assert_eq!(second.as_deref(), Some(&[b"sorry".to_vec()][..]));
    }

    #[test]
    fn a_list_splits_into_its_alternatives() {
        let src = r"(?:\bsoon\b)|(?:(?:\bin a bit\b|\w+))|(?:(?i)a|b)";
        let p = pieces(src, false);
        let parts: Vec<&str> = p.iter().map(|(r, _, _)| &src[r.clone()]).collect();
        assert_eq!(parts, [r"\bsoon\b", r"\bin a bit\b", r"\w+", "(?i)a|b"]);
        assert_eq!(p[0].1.as_deref(), Some(&[b"soon".to_vec()][..]));
        assert_eq!(p[2].1, None);
        assert_eq!(pieces("(", false).len(), 1);
    }

    #[test]
    fn a_pattern_that_can_match_anything_has_none() {
        assert_eq!(strs(r"\b[A-Z]{2,}\b"), None);
        assert_eq!(strs(r"x|\w+"), None);
        assert_eq!(strs("("), None);
    }
}
