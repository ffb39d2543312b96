//! `kind: phrase`: flag every match of the patterns that no exception
//! overlaps. The workhorse for stock phrases that are wrong wherever they
//! appear ("per my last email", "calm down").

use crate::check::{Hit, Matcher};
use crate::draft::Draft;
use crate::rule::load::PatternCompiler;
use crate::rule::spec::PhraseSpec;

/// A compiled phrase check.
#[derive(Debug)]
pub struct Phrase {
    pub(crate) matcher: Matcher,
}

impl Phrase {
    pub(crate) fn compile(spec: &PhraseSpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        Some(Phrase {
            matcher: Matcher::compile(
                c,
                "patterns",
                &spec.patterns,
                &spec.exceptions,
                spec.case_sensitive,
            )?,
        })
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, out: &mut Vec<Hit>) {
        self.matcher.for_each(draft, |span| out.push(Hit::at(span)));
    }
}
