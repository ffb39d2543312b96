//! Fuzz target: any text as a collection file. The first byte picks the
//! file name (`.json`, `.yml`, `.md`, `.txt`, `.eml`); the format is then
//! detected as `check` does (so Zendesk exports and Markdown sections are
//! reached too). Every item is linted and every finding mapped back: mapped
//! spans must lie inside the file and on char boundaries.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use replylint::source::{items, CollectionKeys};
use replylint::{Context, Linter, RuleSet, Selection};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

const NAMES: [&str; 6] = [
    "replies.json",
    "replies.yml",
    "replies.md",
    "macros.json",
    "reply.txt",
    "reply.eml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = Path::new(NAMES[pick as usize % NAMES.len()]);
    let Ok(found) = items(path, text, &CollectionKeys::default()) else {
        return;
    };
    let linter = Linter::new(rules(), &Selection::default());
    for item in found {
        let context = Context::new(
            item.customer_name.as_deref(),
            None,
            item.mode.unwrap_or_default(),
        );
        for f in linter.lint_text(&item.text, &context) {
            let f = item.to_source(f);
            assert!(f.span.start <= f.span.end, "{:?}", f.span);
            assert!(f.span.end <= text.len(), "{:?} past {}", f.span, text.len());
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }
});
