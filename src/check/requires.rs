//! `kind: requires`: a trigger anywhere demands that one of the `required`
//! patterns appears somewhere in the reply. An admitted mistake needs an
//! apology; an upset customer (found in their message, with
//! `trigger-in: customer-message`) needs an acknowledgement.

use crate::rule::pattern::Pattern;

use crate::check::{matches_checked, Hit, Matcher};
use crate::draft::{Context, Draft};
use crate::rule::load::PatternCompiler;
use crate::rule::spec::{RequiresSpec, TriggerIn};

/// A compiled requires check.
#[derive(Debug)]
pub struct Requires {
    pub(crate) matcher: Matcher,
    pub(crate) required: Pattern,
    trigger_in: TriggerIn,
}

impl Requires {
    pub(crate) fn compile(spec: &RequiresSpec, c: &mut PatternCompiler<'_>) -> Option<Self> {
        let matcher = Matcher::compile(
            c,
            "trigger",
            &spec.trigger,
            &spec.exceptions,
            spec.case_sensitive,
        );
        let required = c.list("required", &spec.required, spec.case_sensitive, true);
        Some(Requires {
            matcher: matcher?,
            required: required??,
            trigger_in: spec.trigger_in,
        })
    }

    /// Where the trigger is looked for.
    pub(crate) fn trigger_in(&self) -> TriggerIn {
        self.trigger_in
    }

    pub(crate) fn run(&self, draft: &Draft<'_>, context: &Context, out: &mut Vec<Hit>) {
        match self.trigger_in {
            TriggerIn::Reply => {
                let mut satisfied: Option<bool> = None;
                self.matcher.for_each(draft, |span| {
                    if !*satisfied.get_or_insert_with(|| matches_checked(&self.required, draft)) {
                        out.push(Hit::at(span));
                    }
                });
            }
            TriggerIn::CustomerMessage => {
                let Some(message) = context.customer_message.as_deref() else {
                    return;
                };
                let span = draft.first_word();
                if span.is_empty() {
                    return;
                }
                let Some(upset) = self.matcher.first_in(message, 0..message.len()) else {
                    return;
                };
                if matches_checked(&self.required, draft) {
                    return;
                }
                out.push(Hit {
                    span,
                    trigger: Some(message[upset].trim().to_owned()),
                });
            }
        }
    }
}
