//! `kind: customer-name`: the customer's name, when known. `flag: unused`
//! fires when the reply never uses it (pointing at the greeting, or the
//! first word); `flag: wrong` fires when the greeting names someone else.
//! Both are silent when no name is known: they never guess.

use std::ops::Range;

use crate::rule::pattern::Pattern;

use crate::check::{matches_checked, Hit};
use crate::draft::{Context, Draft, Mode};
use crate::rule::load::PatternCompiler;
use crate::rule::spec::{CustomerNameSpec, NameCheck};

/// A compiled customer-name check.
#[derive(Debug)]
pub struct CustomerName {
    flag: NameCheck,
    not_names: Vec<String>,
    pub(crate) placeholders: Option<Pattern>,
}

impl CustomerName {
    pub(crate) fn compile(spec: &CustomerNameSpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        let placeholders = c.list("placeholders", &spec.placeholders, false, false)?;
        Some(CustomerName {
            flag: spec.flag,
            not_names: spec.not_names.iter().map(|w| w.to_lowercase()).collect(),
            placeholders,
        })
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, context: &Context, out: &mut Vec<Hit>) {
        let Some(name) = &context.customer_name else {
            return;
        };
        match self.flag {
            NameCheck::Unused => {
                let used = draft
                    .checked()
                    .iter()
                    .any(|r| words(&draft.text()[r.clone()]).any(|w| name.has_part(w)));
                let placeholder_used = context.mode == Mode::Template
                    && self
                        .placeholders
                        .as_ref()
                        .is_some_and(|p| matches_checked(p, draft));
                if used || placeholder_used {
                    return;
                }
                let span = draft
                    .greeting()
                    .map(|g| g.span.clone())
                    .unwrap_or_else(|| draft.first_word());
                if !span.is_empty() {
                    out.push(Hit::at(span));
                }
            }
            NameCheck::Wrong => {
                let Some(greeted) = draft.greeting().and_then(|g| g.name.clone()) else {
                    return;
                };
                if let Some(span) = self.wrong_name(draft.text(), greeted, name) {
                    out.push(Hit::at(span));
                }
            }
        }
    }

    /// The part of the greeted name that is not the customer's, if any.
    fn wrong_name(
        &self,
        text: &str,
        greeted: Range<usize>,
        name: &crate::draft::CustomerName,
    ) -> Option<Range<usize>> {
        let words: Vec<(usize, &str)> = word_indices(&text[greeted.clone()])
            .filter(|(_, w)| !is_title(w))
            .collect();
        if words.is_empty()
            || words.iter().any(|(_, w)| name.has_part(w))
            || words
                .iter()
                .all(|(_, w)| self.not_names.contains(&w.to_lowercase()))
        {
            return None;
        }
        Some(greeted)
    }
}

fn is_title(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "mx" | "miss" | "dr" | "prof"
    )
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
}

fn word_indices(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}
