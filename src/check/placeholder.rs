//! `kind: placeholder`: template slots left in a reply. In draft mode every
//! slot is a mistake about to reach the customer. In template mode (canned
//! responses) the platform's own placeholders (`{{ticket.requester.name}}`,
//! `{first_name}`, `%NAME%`) are expected and only matches not covered by
//! `expected-in-template` are flagged: notes to the writer such as
//! `[insert tracking link]` or `<PROJECT NAME>` still are.

use crate::rule::pattern::Pattern;

use crate::check::{Hit, Matcher};
use crate::draft::{Context, Draft, Mode};
use crate::rule::load::PatternCompiler;
use crate::rule::spec::PlaceholderSpec;

/// A compiled placeholder check.
#[derive(Debug)]
pub struct Placeholder {
    pub(crate) matcher: Matcher,
    pub(crate) expected_in_template: Option<Pattern>,
}

impl Placeholder {
    pub(crate) fn compile(spec: &PlaceholderSpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        let matcher = Matcher::compile(
            c,
            "patterns",
            &spec.patterns,
            &spec.exceptions,
            spec.case_sensitive,
        );
        let expected = c.list(
            "expected-in-template",
            &spec.expected_in_template,
            spec.case_sensitive,
            false,
        );
        Some(Placeholder {
            matcher: matcher?,
            expected_in_template: expected?,
        })
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, context: &Context, out: &mut Vec<Hit>) {
        let text = draft.text();
        let expected = match (&self.expected_in_template, context.mode) {
            (Some(re), Mode::Template) => Some(re),
            _ => None,
        };
        self.matcher.for_each(draft, |span| {
            // Expected only when the platform placeholder covers the whole slot.
            let is_expected = expected.is_some_and(|re| {
                let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| span.end + i);
                re.find_iter(&text.as_bytes()[line_start..line_end])
                    .any(|m| line_start + m.start <= span.start && span.end <= line_start + m.end)
            });
            if !is_expected {
                out.push(Hit::at(span));
            }
        });
    }
}
