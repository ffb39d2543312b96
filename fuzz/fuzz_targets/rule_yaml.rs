//! Fuzz target: any text as a rule file (`fuzz-rule.yml`) next to the
//! built-in lexicon names (each with two short terms). Loading must return rules or errors, never
//! panic; a rule that loads is then run over a fixed draft.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use replylint::rule::builtin::lexicon_sources;
use replylint::rule::load::{load_sources, RuleSource};
use replylint::rule::Origin;
use replylint::{Context, Linter, Selection};

const DRAFT: &str = "Hi Dana,\n\nWe can't refund this. We'll get back to you soon!! [NAME]\nThanks";

fn lexicons() -> &'static [RuleSource] {
    static LEXICONS: OnceLock<Vec<RuleSource>> = OnceLock::new();
    // Every built-in lexicon name, with two short terms each: compiling the
    // full lists on every run would cap the fuzzer at a dozen runs a second.
    LEXICONS.get_or_init(|| {
        lexicon_sources()
            .into_iter()
            .map(|mut s| {
                s.text = Arc::new(format!(
                    "name: {}\ndescription: fuzz\nterms:\n  - 'sorry'\n  - '\\bby (?:mon|tues)day\\b'\n",
                    s.stem
                ));
                s
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = RuleSource {
        name: "fuzz-rule.yml".into(),
        stem: "fuzz-rule".into(),
        text: Arc::new(text.to_owned()),
        origin: Origin::File("fuzz-rule.yml".into()),
    };
    if let Ok(set) = load_sources(&[source], lexicons(), Vec::new()) {
        let linter = Linter::new(&set, &Selection::default());
        for f in linter.lint_text(DRAFT, &Context::default()) {
            assert!(f.span.end <= DRAFT.len() && DRAFT.is_char_boundary(f.span.start));
        }
    }
});
