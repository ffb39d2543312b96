//! `kind: shouting`: ordinary words written in capitals for emphasis ("NOT",
//! "NEVER", "YOU") and runs of `!!`, `??`, `?!`. An all-caps word is flagged
//! only when it is an ordinary English word (a shipped word list, see
//! `rules/words/`) and not in the rule's `allow` list, so acronyms and
//! product names ("ETA", "SKU", "PNR") pass without a length cut-off.
//! Adjacent shouted words are reported as one run ("PLEASE DO NOT").

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::check::Hit;
use crate::draft::Draft;
use crate::rule::load::PatternCompiler;
use crate::rule::pattern::Pattern;
use crate::rule::spec::ShoutingSpec;

/// The English word list, sorted (a test checks it), searched by bisection:
/// hashing its 10,000 words into a set cost more than checking a long
/// draft.
static ENGLISH: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../rules/words/english.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// The words in capitals of `hay`: `\b[A-Z]+(?:'[A-Z]+|’[A-Z]+)?\b` with
/// ASCII word boundaries, leftmost-first ("DON'T", "NOW"; not "NOTe").
/// ASCII capitals only: shouting in English is written in them. Scanned by
/// hand, as the regex would: it ran on every draft and cost more to compile
/// than the check costs to run (the test `caps_words_are_what_the_regex_found`
/// holds the two together).
fn caps_words(hay: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = hay.as_bytes();
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    let caps_end = |from: usize| {
        from + b[from..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count()
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = b[at..].iter().position(u8::is_ascii_uppercase) {
            let start = at + found;
            if start > 0 && word(start - 1) {
                at = start + 1;
                continue;
            }
            let end = caps_end(start);
            // Inside the run no boundary can start or end a match.
            at = end;
            // The apostrophe and more capitals, if the word ends after them.
            let rest = &b[end..];
            let quote = [&b"'"[..], "’".as_bytes()]
                .into_iter()
                .find(|q| rest.starts_with(q))
                .map_or(0, <[u8]>::len);
            if quote > 0 {
                let tail = caps_end(end + quote);
                if tail > end + quote && !word(tail) {
                    at = tail;
                    return Some(start..tail);
                }
            }
            if !word(end) {
                return Some(start..end);
            }
        }
        None
    })
}

/// The runs of two or more `!` and `?`.
fn punctuation_runs(hay: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = hay.as_bytes();
    let mark = |i: usize| matches!(b.get(i), Some(b'!' | b'?'));
    let mut at = 0;
    std::iter::from_fn(move || {
        // Most replies have one mark or none: jump from mark to mark.
        while let Some(found) = memchr::memchr2(b'!', b'?', &b[at..]) {
            let start = at + found;
            at = start + 1;
            while mark(at) {
                at += 1;
            }
            if at - start >= 2 {
                return Some(start..at);
            }
        }
        None
    })
}

/// A compiled shouting check.
#[derive(Debug)]
pub struct Shouting {
    pub(crate) allow: Option<Pattern>,
    extra_words: HashSet<String>,
    short_words: HashSet<String>,
    min_letters: usize,
    punctuation: bool,
}

impl Shouting {
    pub(crate) fn compile(spec: &ShoutingSpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        if spec.min_letters == 0 {
            c.invalid(
                "min-letters",
                "`min-letters` must be at least 1".to_owned(),
                Some("3 is a good default: shorter capitals are nearly always acronyms"),
            );
            return None;
        }
        // `allow` entries are patterns matched against the whole word.
        let anchored: Vec<String> = spec.allow.iter().map(|p| format!("^(?:{p})$")).collect();
        let allow = c.list("allow", &anchored, false, false)?;
        Some(Shouting {
            allow,
            extra_words: spec.extra_words.iter().map(|w| w.to_lowercase()).collect(),
            short_words: spec.short_words.iter().map(|w| w.to_lowercase()).collect(),
            min_letters: spec.min_letters,
            punctuation: spec.punctuation,
        })
    }

    fn is_shouted(&self, word: &str) -> bool {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < self.min_letters {
            return false;
        }
        if self
            .allow
            .as_ref()
            .is_some_and(|a| a.is_match(word.as_bytes()))
        {
            return false;
        }
        let lower = word.to_lowercase();
        // A contraction ("DON'T") is never an acronym.
        if lower.contains(['\'', '’']) {
            return true;
        }
        if letters == self.min_letters && !self.short_words.is_empty() {
            return self.short_words.contains(&lower);
        }
        ENGLISH.binary_search(&lower.as_str()).is_ok() || self.extra_words.contains(&lower)
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, out: &mut Vec<Hit>) {
        let text = draft.text();
        for region in draft.checked() {
            let hay = &text[region.clone()];
            let mut run: Option<Range<usize>> = None;
            for m in caps_words(hay) {
                if in_code_or_name(hay, m.start, m.end) || !self.is_shouted(&hay[m.clone()]) {
                    continue;
                }
                let span = region.start + m.start..region.start + m.end;
                run = match run {
                    Some(r)
                        if text[r.end..span.start]
                            .chars()
                            .all(|c| c == ' ' || c == '\t') =>
                    {
                        Some(r.start..span.end)
                    }
                    Some(r) => {
                        out.push(Hit::at(r));
                        Some(span)
                    }
                    None => Some(span),
                };
            }
            if let Some(r) = run {
                out.push(Hit::at(r));
            }
            if self.punctuation {
                for m in punctuation_runs(hay) {
                    out.push(Hit::at(region.start + m.start..region.start + m.end));
                }
            }
        }
    }
}

/// Capitals that are part of a file name, path, identifier or template
/// slot ("CONTRIBUTING.md", "/REPO/", "#NUMBER", "<NAME>") are not shouting.
fn in_code_or_name(hay: &str, start: usize, end: usize) -> bool {
    let prev = hay[..start].chars().next_back();
    let mut after = hay[end..].chars();
    let next = after.next();
    let next2 = after.next();
    matches!(
        prev,
        Some('/' | '_' | '#' | '<' | '[' | '{' | '%' | '$' | '@' | '.' | '`' | '\\')
    ) || matches!(next, Some('/' | '_' | '>' | ']' | '}' | '%' | '`' | '('))
        || (next == Some('.') && next2.is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    #[test]
    fn caps_words_are_what_the_regex_found() {
        let caps = regex::Regex::new(r"(?-u:\b)[A-Z]+(?:'[A-Z]+|’[A-Z]+)?(?-u:\b)").unwrap();
        let punct = regex::Regex::new(r"[!?]{2,}").unwrap();
        // Every string of up to four of these pieces.
        let pieces = [
            "A", "BC", "d", "7", "_", "'", "’", " ", "!", "?", "é", "É", "\n",
        ];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.push("WE DON'T SHIP TO P.O. BOXES!!! NOTe X’Y’Z O'NEIL?!".to_owned());
        for t in &texts {
            let want: Vec<_> = caps.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(super::caps_words(t).collect::<Vec<_>>(), want, "{t:?}");
            let want: Vec<_> = punct.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(
                super::punctuation_runs(t).collect::<Vec<_>>(),
                want,
                "{t:?}"
            );
        }
        assert!(texts.len() > 30_000);
    }

    #[test]
    fn names_and_slots_are_not_shouting() {
        use super::in_code_or_name;
        let t = "see CONTRIBUTING.md and #NUMBER or <NAME> but NOT this.";
        let at = |w: &str| (t.find(w).unwrap(), t.find(w).unwrap() + w.len());
        let (s, e) = at("CONTRIBUTING");
        assert!(in_code_or_name(t, s, e));
        let (s, e) = at("NUMBER");
        assert!(in_code_or_name(t, s, e));
        let (s, e) = at("NAME");
        assert!(in_code_or_name(t, s, e));
        let (s, e) = at("NOT");
        assert!(!in_code_or_name(t, s, e));
    }

    #[test]
    fn word_list_is_sorted_lowercase_and_free_of_common_acronyms() {
        let list = include_str!("../../rules/words/english.txt");
        let words: Vec<&str> = list.lines().collect();
        assert!(words.len() > 10_000);
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
        for acronym in ["eta", "faq", "usb", "sku", "rma", "api", "sms"] {
            assert!(!words.contains(&acronym), "{acronym} is an acronym");
        }
        for word in ["never", "not", "all", "you", "please"] {
            assert!(words.contains(&word), "{word} is a word");
        }
    }
}
