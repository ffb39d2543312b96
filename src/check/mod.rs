//! The closed set of check kinds. Each kind is one file; adding a kind means
//! a new file here, a variant in [`Check`] and one in `rule::spec::CheckSpec`.
//! Checks return [`Hit`]s (spans, plain data); the linter turns them into
//! findings with the rule's message and severity.

pub mod customer_name;
pub mod phrase;
pub mod placeholder;
pub mod requires;
pub mod shouting;
pub mod unless_nearby;

use std::ops::{ControlFlow, Range};

use crate::rule::pattern::Pattern;

use crate::draft::{Context, Draft};
use crate::position::{ceil_char_boundary, floor_char_boundary};
use crate::rule::load::PatternCompiler;
use crate::rule::spec::{CheckSpec, TriggerIn};

/// A place a check fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The trigger words, as byte offsets into the draft's text.
    pub span: Range<usize>,
    /// Words from elsewhere that caused the hit (the customer's message),
    /// for `{trigger}` in the rule's message.
    pub trigger: Option<String>,
}

impl Hit {
    /// A hit on `span` caused by the words there.
    pub fn at(span: Range<usize>) -> Self {
        Hit {
            span,
            trigger: None,
        }
    }
}

/// A compiled check.
#[derive(Debug)]
pub enum Check {
    /// See [`phrase::Phrase`].
    Phrase(phrase::Phrase),
    /// See [`unless_nearby::UnlessNearby`].
    UnlessNearby(unless_nearby::UnlessNearby),
    /// See [`requires::Requires`].
    Requires(requires::Requires),
    /// See [`customer_name::CustomerName`].
    CustomerName(customer_name::CustomerName),
    /// See [`shouting::Shouting`].
    Shouting(shouting::Shouting),
    /// See [`placeholder::Placeholder`].
    Placeholder(placeholder::Placeholder),
}

impl Check {
    /// Compile a check from its spec; broken patterns are recorded in the
    /// compiler and give `None`.
    pub(crate) fn compile(spec: &CheckSpec, c: &mut PatternCompiler<'_>) -> Option<Check> {
        Some(match spec {
            CheckSpec::Phrase(s) => Check::Phrase(phrase::Phrase::compile(s, c)?),
            CheckSpec::UnlessNearby(s) => {
                Check::UnlessNearby(unless_nearby::UnlessNearby::compile(s, c)?)
            }
            CheckSpec::Requires(s) => Check::Requires(requires::Requires::compile(s, c)?),
            CheckSpec::CustomerName(s) => {
                Check::CustomerName(customer_name::CustomerName::compile(s, c)?)
            }
            CheckSpec::Shouting(s) => Check::Shouting(shouting::Shouting::compile(s, c)?),
            CheckSpec::Placeholder(s) => {
                Check::Placeholder(placeholder::Placeholder::compile(s, c)?)
            }
        })
    }

    /// The kind's name as written in rule files.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Phrase(_) => "phrase",
            Check::UnlessNearby(_) => "unless-nearby",
            Check::Requires(_) => "requires",
            Check::CustomerName(_) => "customer-name",
            Check::Shouting(_) => "shouting",
            Check::Placeholder(_) => "placeholder",
        }
    }

    /// Every pattern list the check holds (for compiling deferred built-in
    /// patterns in tests).
    pub fn patterns(&self) -> Vec<&Pattern> {
        let mut out = Vec::new();
        match self {
            Check::Phrase(c) => c.matcher.patterns(&mut out),
            Check::UnlessNearby(c) => {
                c.matcher.patterns(&mut out);
                out.push(&c.remedy);
            }
            Check::Requires(c) => {
                c.matcher.patterns(&mut out);
                out.push(&c.required);
            }
            Check::CustomerName(c) => out.extend(c.placeholders.as_ref()),
            Check::Shouting(c) => out.extend(c.allow.as_ref()),
            Check::Placeholder(c) => {
                c.matcher.patterns(&mut out);
                out.extend(c.expected_in_template.as_ref());
            }
        }
        out
    }

    /// The list a check must match before it can fire, and the text it is
    /// looked for in; `None` for a check without one (it always runs).
    pub fn trigger(&self) -> Option<(&Pattern, TriggerIn)> {
        let (matcher, scope) = match self {
            Check::Phrase(c) => (&c.matcher, TriggerIn::Reply),
            Check::UnlessNearby(c) => (&c.matcher, TriggerIn::Reply),
            Check::Requires(c) => (&c.matcher, c.trigger_in()),
            Check::Placeholder(c) => (&c.matcher, TriggerIn::Reply),
            Check::CustomerName(_) | Check::Shouting(_) => return None,
        };
        Some((&matcher.trigger, scope))
    }

    /// Run the check over one draft.
    pub fn run(&self, draft: &Draft<'_>, context: &Context, out: &mut Vec<Hit>) {
        match self {
            Check::Phrase(c) => c.run(draft, out),
            Check::UnlessNearby(c) => c.run(draft, out),
            Check::Requires(c) => c.run(draft, context, out),
            Check::CustomerName(c) => c.run(draft, context, out),
            Check::Shouting(c) => c.run(draft, out),
            Check::Placeholder(c) => c.run(draft, context, out),
        }
    }
}

/// A trigger regex with the exceptions that cancel it, shared by the
/// pattern-based kinds.
#[derive(Debug)]
pub struct Matcher {
    trigger: Pattern,
    exceptions: Option<Pattern>,
}

impl Matcher {
    pub(crate) fn compile(
        c: &mut PatternCompiler<'_>,
        key: &str,
        trigger: &[String],
        exceptions: &[String],
        case_sensitive: bool,
    ) -> Option<Matcher> {
        let t = c.list(key, trigger, case_sensitive, true);
        let e = c.list("exceptions", exceptions, case_sensitive, false);
        Some(Matcher {
            trigger: t??,
            exceptions: e?,
        })
    }

    fn patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        out.push(&self.trigger);
        out.extend(self.exceptions.as_ref());
    }

    /// Call `f` with every trigger match in the draft's checked regions that
    /// no exception match overlaps.
    pub fn for_each(&self, draft: &Draft<'_>, mut f: impl FnMut(Range<usize>)) {
        let text = draft.text();
        for region in draft.checked() {
            self.for_each_in(text, region.clone(), &mut f);
        }
    }

    /// The same over one range of any text.
    pub fn for_each_in(&self, text: &str, region: Range<usize>, f: &mut impl FnMut(Range<usize>)) {
        self.scan(text, region, |r| {
            f(r);
            ControlFlow::Continue(())
        });
    }

    /// The first unexcepted trigger match in `text[region]` (stops there).
    pub fn first_in(&self, text: &str, region: Range<usize>) -> Option<Range<usize>> {
        let mut first = None;
        self.scan(text, region, |r| {
            first = Some(r);
            ControlFlow::Break(())
        });
        first
    }

    /// Feed unexcepted trigger matches of `text[region]` to `f` until it
    /// breaks.
    fn scan(
        &self,
        text: &str,
        region: Range<usize>,
        mut f: impl FnMut(Range<usize>) -> ControlFlow<()>,
    ) {
        let hay = &text[region.clone()];
        let mut exceptions: Option<Vec<Range<usize>>> = None;
        for m in self.trigger.find_iter(hay.as_bytes()) {
            if m.is_empty() {
                continue;
            }
            let m = snap(hay, m);
            if let Some(ex) = &self.exceptions {
                // Exceptions are only searched for once a trigger matched.
                let list = exceptions.get_or_insert_with(|| ex.find_iter(hay.as_bytes()).collect());
                // Matches come in order and never overlap, so both ends are
                // sorted: binary search keeps a reply with thousands of
                // triggers and exceptions linear-ish instead of quadratic.
                let i = list.partition_point(|e| e.end <= m.start);
                if list.get(i).is_some_and(|e| e.start < m.end) {
                    continue;
                }
            }
            if f(region.start + m.start..region.start + m.end).is_break() {
                return;
            }
        }
    }
}

/// Whether `re` matches anywhere in the draft's checked regions.
pub(crate) fn matches_checked(re: &Pattern, draft: &Draft<'_>) -> bool {
    draft
        .checked()
        .iter()
        .any(|r| re.is_match(&draft.text().as_bytes()[r.clone()]))
}

/// Widen a byte-regex match to char boundaries: an ASCII class such as
/// `[^.]` can stop inside a multi-byte character.
pub(crate) fn snap(text: &str, r: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, r.start.min(text.len()));
    let end = ceil_char_boundary(text, r.end.min(text.len()));
    start..end
}
