//! `kind: unless-nearby`: a trigger fires only when no remedy pattern is found
//! within its window of sentences. A refusal is fine when an alternative
//! follows; a promise is fine when a date is given. The window is counted in
//! sentences around the trigger's own, and is also capped at
//! [`MAX_WINDOW_BYTES`] on each side of the trigger, so the cost per trigger
//! is bounded even when a "sentence" or paragraph is megabytes long (a file
//! with no punctuation or newline), never by the length of the reply.

use std::ops::Range;

use crate::rule::pattern::Pattern;

use crate::check::{Hit, Matcher};
use crate::draft::Draft;
use crate::rule::load::PatternCompiler;
use crate::rule::spec::{UnlessNearbySpec, WindowSpec};

/// How far a sentence or paragraph window reaches on each side of a trigger,
/// at most. Real sentences and paragraphs are far shorter; without a cap a
/// 10 MB line with a trigger every few words made checking quadratic.
pub const MAX_WINDOW_BYTES: usize = 4096;

/// A compiled unless-nearby check.
#[derive(Debug)]
pub struct UnlessNearby {
    pub(crate) matcher: Matcher,
    pub(crate) remedy: Pattern,
    window: WindowSpec,
}

impl UnlessNearby {
    pub(crate) fn compile(spec: &UnlessNearbySpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        let matcher = Matcher::compile(
            c,
            "trigger",
            &spec.trigger,
            &spec.exceptions,
            spec.case_sensitive,
        );
        let remedy = c.list("unless", &spec.unless, spec.case_sensitive, true);
        Some(UnlessNearby {
            matcher: matcher?,
            remedy: remedy??,
            window: spec.window,
        })
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, out: &mut Vec<Hit>) {
        let text = draft.text();
        let mut reply_has_remedy: Option<bool> = None;
        self.matcher.for_each(draft, |span| {
            let fine = match window(draft, &span, self.window) {
                Some(w) => self.remedy.is_match(&text.as_bytes()[w]),
                None => *reply_has_remedy
                    .get_or_insert_with(|| super::matches_checked(&self.remedy, draft)),
            };
            if !fine {
                out.push(Hit::at(span));
            }
        });
    }
}

/// The byte range to search for a remedy around `span`; `None` means the
/// whole reply.
fn window(draft: &Draft<'_>, span: &Range<usize>, w: WindowSpec) -> Option<Range<usize>> {
    let window = sentence_window(draft, span, w)?;
    let text = draft.text();
    let start = window
        .start
        .max(span.start.saturating_sub(MAX_WINDOW_BYTES));
    let end = window
        .end
        .min(span.end.saturating_add(MAX_WINDOW_BYTES))
        .max(start);
    Some(crate::check::snap(text, start..end))
}

/// The uncapped window: whole sentences or the paragraph around `span`.
fn sentence_window(draft: &Draft<'_>, span: &Range<usize>, w: WindowSpec) -> Option<Range<usize>> {
    let (before, after) = match w {
        WindowSpec::Reply => return None,
        WindowSpec::Paragraph => return draft.paragraph_at(span.start),
        WindowSpec::Sentence => (0, 0),
        WindowSpec::Neighbours => (1, 1),
        WindowSpec::Sentences { before, after } => (before, after),
    };
    let sentences = draft.sentences();
    let i = draft.sentence_at(span.start)?;
    let first = i.saturating_sub(before);
    let last = (i + after).min(sentences.len() - 1);
    // A trigger can straddle a sentence boundary; cover it whole.
    let end_i = draft
        .sentence_at(span.end.saturating_sub(1))
        .unwrap_or(i)
        .max(last);
    Some(sentences[first].start.min(span.start)..sentences[end_i].end.max(span.end))
}
