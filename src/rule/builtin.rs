//! The built-in rules and lexicons, embedded at build time by `build.rs`
//! (alphabetical, one entry per file under `rules/`).

use std::sync::Arc;

use crate::rule::{Origin, RuleSource};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Needles as embedded (`None`: none).
pub(crate) type StaticNeedles = Option<&'static [&'static [u8]]>;

/// An alternative as embedded: start, end, needles, second needles, and its
/// inner alternations' first index and count in [`INNER`].
pub(crate) type StaticPiece = (usize, usize, StaticNeedles, StaticNeedles, u32, u32);

/// Inner alternations, flattened (see `needles::FlatInner`): integers
/// only, so the table costs nothing at start-up until a draft reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InnerTable<'t> {
    /// Start, end, first branch, branches.
    pub alts: &'t [[u32; 4]],
    /// Start, end, first needle, needles (`u32::MAX`: none).
    pub branches: &'t [[u32; 4]],
    /// Start and end in `bytes`.
    pub needles: &'t [[u32; 2]],
    pub bytes: &'t [u8],
}

impl<'t> InnerTable<'t> {
    /// A view of a flattened table made now (tests).
    #[cfg(test)]
    pub(crate) fn of(flat: &'t crate::rule::needles::FlatInner) -> Self {
        InnerTable {
            alts: &flat.alts,
            branches: &flat.branches,
            needles: &flat.needles,
            bytes: &flat.bytes,
        }
    }

    /// The branches of `alt`.
    pub(crate) fn branches(&self, alt: &[u32; 4]) -> &'t [[u32; 4]] {
        &self.branches[alt[2] as usize..(alt[2] + alt[3]) as usize]
    }

    /// The needles of `branch`; `None` when it has none.
    pub(crate) fn needles(&self, branch: &[u32; 4]) -> Option<impl Iterator<Item = &'t [u8]>> {
        let (first, count) = (branch[2] as usize, branch[3]);
        (count != u32::MAX).then(|| {
            let bytes = self.bytes;
            self.needles[first..first + count as usize]
                .iter()
                .map(move |n| &bytes[n[0] as usize..n[1] as usize])
        })
    }
}

/// The built-in lists' inner alternations.
pub(crate) static INNER: InnerTable<'static> = InnerTable {
    alts: &INNER_ALTS,
    branches: &INNER_BRANCHES,
    needles: &INNER_NEEDLES,
    bytes: &INNER_BYTES,
};

fn sources(list: &[(&str, &str, &'static str)], dir: &str) -> Vec<RuleSource> {
    list.iter()
        .map(|(stem, text, json)| RuleSource {
            name: format!("builtin:{dir}{stem}.yml"),
            stem: (*stem).to_owned(),
            text: Arc::new((*text).to_owned()),
            json: Some(json),
            origin: Origin::Builtin,
        })
        .collect()
}

/// The built-in rule files.
pub fn rule_sources() -> Vec<RuleSource> {
    sources(RULES, "rules/")
}

/// The built-in lexicon files.
pub fn lexicon_sources() -> Vec<RuleSource> {
    sources(LEXICONS, "rules/lexicons/")
}

/// The YAML text of a built-in rule, for `explain --source`-style uses.
pub fn rule_text(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|(stem, _, _)| *stem == id)
        .map(|(_, t, _)| *t)
}

/// The alternatives of an expanded pattern list and their needles:
/// precomputed for the built-in rules (see `build.rs`), computed now for any
/// other.
pub(crate) fn pieces(expanded: &str, case_sensitive: bool) -> Vec<crate::rule::needles::Piece> {
    match precomputed(expanded, case_sensitive) {
        Some(found) => found
            .iter()
            .map(|(start, end, needles, second, _, _)| {
                let owned =
                    |n: &StaticNeedles| n.map(|list| list.iter().map(|n| n.to_vec()).collect());
                (*start..*end, owned(needles), owned(second))
            })
            .collect(),
        None => crate::rule::needles::pieces(expanded, case_sensitive),
    }
}

/// The inner alternations of each alternative of a built-in pattern list,
/// as slices of [`INNER`]`.alts` (see `needles::inner_alternations`);
/// `None` for any other list.
pub(crate) fn inner_alternations(
    expanded: &str,
    case_sensitive: bool,
) -> Option<Vec<&'static [[u32; 4]]>> {
    precomputed(expanded, case_sensitive).map(|found| {
        found
            .iter()
            .map(|piece| &INNER.alts[piece.4 as usize..(piece.4 + piece.5) as usize])
            .collect()
    })
}

/// A pattern list as `build.rs` expanded it with the built-in lexicons
/// (the same `expand` and `alternation`), if it is a built-in list.
pub(crate) fn expanded(patterns: &[String]) -> Option<&'static str> {
    EXPANDED
        .iter()
        .find(|(list, _)| list.len() == patterns.len() && list.iter().eq(patterns))
        .map(|(_, joined)| *joined)
}

/// Whether the pieces of this expanded pattern list were precomputed.
pub fn has_precomputed_pieces(expanded: &str, case_sensitive: bool) -> bool {
    precomputed(expanded, case_sensitive).is_some()
}

/// The `build.rs` table entry for an expanded pattern list.
fn precomputed(expanded: &str, case_sensitive: bool) -> Option<&'static [StaticPiece]> {
    NEEDLES
        .iter()
        .find(|(source, cs, _)| *cs == case_sensitive && *source == expanded)
        .map(|(_, _, found)| *found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::pattern::{alternation, expand};

    #[test]
    fn build_time_expansions_are_what_the_loader_would_make() {
        let set = crate::rule::RuleSet::builtin().unwrap();
        let lookup = |name: &str| set.lexicons().get(name);
        for (list, joined) in EXPANDED {
            let expanded: Vec<String> = list.iter().map(|p| expand(p, &lookup).unwrap()).collect();
            assert_eq!(alternation(expanded.iter().map(String::as_str)), *joined);
        }
        assert!(EXPANDED.len() > 30, "{}", EXPANDED.len());
    }
}
