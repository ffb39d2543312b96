//! Fuzz target: any UTF-8 draft, linted with every built-in rule in both
//! modes, with and without a customer name. Checks that every finding and
//! suggestion span is inside the text and on char boundaries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use replylint::{Context, Linter, Mode, RuleSet, Selection};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mode = if flags & 1 == 0 { Mode::Draft } else { Mode::Template };
    let name = (flags & 2 != 0).then_some("Dana Whitfield");
    let context = Context::new(name, None, mode);
    let linter = Linter::new(rules(), &Selection::default());
    for f in linter.lint_text(text, &context) {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for s in &f.suggestions {
            assert!(s.span.start <= s.span.end && s.span.end <= text.len());
            assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        }
    }
});
