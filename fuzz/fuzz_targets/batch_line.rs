//! Fuzz target: any bytes as batch-mode input (`replylint check --batch`).
//! Every non-blank line must produce exactly one JSON output line, and the
//! run must not fail or panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use replylint::{Linter, Mode, RuleSet, Selection};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let linter = Linter::new(rules(), &Selection::default());
    let mut out = Vec::new();
    let stats = replylint::batch::run(&linter, text.as_bytes(), &mut out, Mode::Draft)
        .expect("batch over an in-memory reader cannot fail on valid UTF-8");
    let out = String::from_utf8(out).expect("batch output is UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    let expected = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines.len(), expected);
    assert_eq!(stats.records + stats.bad, expected);
    for l in lines {
        serde_json::from_str::<serde_json::Value>(l).expect("each output line is JSON");
    }
});
