//! Suggested edits declared in a rule file (`fixes:`), compiled once at
//! load. For each finding the linter offers every fix whose `when` regex
//! matches the flagged words, in file order; `--fix` applies the first one
//! whose applicability is allowed.
//!
//! ```yaml
//! fixes:
//!   - title: Use one exclamation mark
//!     when: '^([!?])[!?]+$'       # regex over the flagged words (optional)
//!     replace: '$1'               # regex replacement ($1, ${name}); {matched} = the words
//!     applicability: safe         # safe | unsafe | display-only
//!   - title: Write the word in lower case
//!     transform: lowercase        # lowercase (sentence-aware) instead of `replace`
//!     applicability: unsafe
//!   - title: Apologise for the mistake
//!     insert: sentence-start      # insert `replace` before the flagged sentence
//!     replace: "I'm sorry about this. "
//!     applicability: display-only
//! ```

use std::ops::Range;

use serde::Deserialize;

use std::sync::{Arc, OnceLock};

use crate::rule::pattern::Regex;

use crate::draft::Draft;
use crate::finding::{Applicability, Suggestion};

/// How a fix turns the flagged words into new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transform {
    /// Lower case, keeping a capital where a sentence starts.
    Lowercase,
}

/// Where an inserting fix puts its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Insert {
    /// Before the sentence that holds the flagged words.
    SentenceStart,
}

/// A `fixes:` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixSpec {
    /// What the edit does, in a few words.
    pub title: String,
    /// Offer this fix only when the flagged words match (case-insensitive).
    #[serde(default)]
    pub when: Option<String>,
    /// The new text (regex replacement syntax over `when`; `{matched}`).
    #[serde(default)]
    pub replace: Option<String>,
    /// A transform of the flagged words instead of `replace`.
    #[serde(default)]
    pub transform: Option<Transform>,
    /// Insert `replace` instead of replacing the flagged words.
    #[serde(default)]
    pub insert: Option<Insert>,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: Applicability,
}

/// A fix's `when` regex: compiled at load (a team's rule file, so errors
/// are reported with the file) or on first use (built-in rules, whose `when`
/// patterns the test suite compiles).
#[derive(Debug, Clone)]
pub struct When {
    source: String,
    cell: Arc<OnceLock<Option<Regex>>>,
}

impl When {
    /// An already compiled `when`.
    pub fn compiled(source: String, re: Regex) -> Self {
        When {
            source,
            cell: Arc::new(OnceLock::from(Some(re))),
        }
    }

    /// A `when` compiled on first use.
    pub fn deferred(source: String) -> Self {
        When {
            source,
            cell: Arc::new(OnceLock::new()),
        }
    }

    /// The regex; `None` if a deferred one does not compile (it then
    /// matches nothing).
    pub fn get(&self) -> Option<&Regex> {
        self.cell
            .get_or_init(|| crate::rule::pattern::build_replacer(&self.source, false).ok())
            .as_ref()
    }
}

/// A compiled fix.
#[derive(Debug, Clone)]
pub struct Fix {
    title: String,
    when: Option<When>,
    replace: Option<String>,
    transform: Option<Transform>,
    insert: Option<Insert>,
    applicability: Applicability,
}

impl Fix {
    pub(crate) fn new(spec: &FixSpec, when: Option<When>) -> Self {
        Fix {
            title: spec.title.clone(),
            when,
            replace: spec.replace.clone(),
            transform: spec.transform,
            insert: spec.insert,
            applicability: spec.applicability,
        }
    }

    /// What the edit does.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// How safe it is.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// Compile a deferred `when` now (tests of the built-in rules).
    pub fn force(&self) -> bool {
        self.when.as_ref().is_none_or(|w| w.get().is_some())
    }

    /// The suggestion for a finding on `span` of `draft`, if this fix applies.
    pub fn suggest(&self, draft: &Draft<'_>, span: &Range<usize>) -> Option<Suggestion> {
        let text = draft.text();
        let matched = &text[span.clone()];
        let when = match &self.when {
            Some(w) => Some(w.get()?),
            None => None,
        };
        if when.is_some_and(|w| !w.is_match(matched.as_bytes())) {
            return None;
        }
        let (span, replacement) = match (self.insert, self.transform, &self.replace) {
            (Some(Insert::SentenceStart), _, Some(r)) => {
                let at = draft
                    .sentence_at(span.start)
                    .map_or(span.start, |i| draft.sentences()[i].start.min(span.start));
                (at..at, r.clone())
            }
            (None, Some(Transform::Lowercase), _) => {
                let at_sentence_start = draft
                    .sentence_at(span.start)
                    .is_some_and(|i| draft.sentences()[i].start == span.start);
                (span.clone(), lowercase(matched, at_sentence_start))
            }
            (None, None, Some(r)) => {
                let r = r.replace("{matched}", matched);
                let new = match when {
                    Some(when) => {
                        String::from_utf8_lossy(&replace_first(when, matched.as_bytes(), &r))
                            .into_owned()
                    }
                    None => r,
                };
                if new.is_empty() {
                    (swallow_space(text, span), new)
                } else {
                    (span.clone(), keep_initial_case(matched, new))
                }
            }
            _ => return None,
        };
        Some(Suggestion {
            title: self.title.clone(),
            span,
            replacement,
            applicability: self.applicability,
        })
    }
}

/// `hay` with the first match of `re` replaced by `replacement`, its `$1`
/// and `${name}` expanded (what `regex`'s `replace` does).
fn replace_first(re: &Regex, hay: &[u8], replacement: &str) -> Vec<u8> {
    let mut caps = re.create_captures();
    re.captures(hay, &mut caps);
    let Some(m) = caps.get_match() else {
        return hay.to_vec();
    };
    let mut out = hay[..m.start()].to_vec();
    caps.interpolate_bytes_into(hay, replacement.as_bytes(), &mut out);
    out.extend_from_slice(&hay[m.end()..]);
    out
}

/// A removal also takes one side's spaces, so "so obviously this" becomes
/// "so this", not "so  this".
fn swallow_space(text: &str, span: &Range<usize>) -> Range<usize> {
    let after = text[span.end..].len() - text[span.end..].trim_start_matches([' ', '\t']).len();
    if after > 0 {
        return span.start..span.end + after;
    }
    let before = text[..span.start].len() - text[..span.start].trim_end_matches([' ', '\t']).len();
    span.start - before..span.end
}

fn lowercase(s: &str, capitalise_first: bool) -> String {
    let lower = s.to_lowercase();
    if !capitalise_first {
        return lower;
    }
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "As I already explained" → "To recap" keeps the capital of the original.
fn keep_initial_case(original: &str, new: String) -> String {
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = new.chars();
    match chars.next() {
        Some(c) if starts_upper && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => new,
    }
}

/// Apply the first allowed suggestion of each finding to `text`, skipping
/// any that overlaps an edit already taken. Returns the new text and how many
/// edits were applied.
pub fn apply<'a>(
    text: &str,
    suggestions: impl IntoIterator<Item = &'a Suggestion>,
) -> (String, usize) {
    let mut edits: Vec<&Suggestion> = suggestions.into_iter().collect();
    edits.sort_by_key(|s| (s.span.start, s.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for e in edits {
        if e.span.start < at || e.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(spec: &str) -> Fix {
        let spec: FixSpec = serde_yaml::from_str(spec).unwrap();
        let when = spec.when.as_deref().map(|w| {
            When::compiled(
                w.to_owned(),
                crate::rule::pattern::build_replacer(w, false).unwrap(),
            )
        });
        Fix::new(&spec, when)
    }

    fn suggest(f: &Fix, text: &str, words: &str) -> Option<(String, String)> {
        let d = Draft::new(text);
        let start = text.find(words).unwrap();
        f.suggest(&d, &(start..start + words.len()))
            .map(|s| (text[s.span].to_owned(), s.replacement))
    }

    #[test]
    fn collapses_punctuation_runs() {
        let f = fix("{title: t, when: '^([!?])[!?]+$', replace: '$1', applicability: safe}");
        assert_eq!(suggest(&f, "Done!!", "!!"), Some(("!!".into(), "!".into())));
        assert_eq!(suggest(&f, "Done?!", "?!"), Some(("?!".into(), "?".into())));
        assert_eq!(suggest(&f, "NOT", "NOT"), None);
    }

    #[test]
    fn lowercases_keeping_a_sentence_capital() {
        let f = fix("{title: t, transform: lowercase, applicability: unsafe}");
        assert_eq!(
            suggest(&f, "Do NOT do it.", "NOT"),
            Some(("NOT".into(), "not".into()))
        );
        assert_eq!(
            suggest(&f, "NEVER do it.", "NEVER"),
            Some(("NEVER".into(), "Never".into()))
        );
    }

    #[test]
    fn replaces_keeping_the_initial_capital() {
        let f = fix("{title: t, when: '^as I already explained', replace: 'to recap', applicability: unsafe}");
        assert_eq!(
            suggest(&f, "As I already explained, no.", "As I already explained"),
            Some(("As I already explained".into(), "To recap".into()))
        );
    }

    #[test]
    fn a_removal_takes_the_space_after_it() {
        let f = fix("{title: t, when: '^obviously$', replace: '', applicability: unsafe}");
        assert_eq!(
            suggest(&f, "so obviously this works", "obviously"),
            Some(("obviously ".into(), "".into()))
        );
    }

    #[test]
    fn inserts_before_the_sentence() {
        let f = fix(
            "{title: t, insert: sentence-start, replace: 'Sorry! ', applicability: display-only}",
        );
        assert_eq!(
            suggest(&f, "Hi. We charged you twice.", "charged you twice"),
            Some(("".into(), "Sorry! ".into()))
        );
    }

    #[test]
    fn applies_non_overlapping_edits_from_the_start() {
        let s = |a: usize, b: usize, r: &str| Suggestion {
            title: String::new(),
            span: a..b,
            replacement: r.into(),
            applicability: Applicability::Safe,
        };
        let edits = [s(4, 6, "!"), s(0, 3, "Yes"), s(1, 5, "x")];
        assert_eq!(apply("Yay!!?", &edits), ("Yes!!".to_owned(), 2));
    }
}
