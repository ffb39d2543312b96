//! The speed-ups must not change a single finding: the whole-set needle
//! prefilter, the per-list needle check and the merging of alternatives
//! compiled one by one, the lowercased builds searching lowercased text, and
//! the light builds of a first draft all give what the plain regexes give.

use replylint::draft::{Context, Mode};
use replylint::linter::Linter;
use replylint::rule::pattern::{build, build_as, Weight};
use replylint::rule::{builtin, RuleSet, Selection};

/// Rule examples, fixture drafts, and each of them shouted, lower-cased
/// (exact needles must be found in the one and not the other), wrapped at
/// every space, spaced with Unicode spaces (a reply pasted from a web page
/// has no-break spaces) and pasted together, with their contexts.
fn texts(set: &RuleSet) -> Vec<(String, Context)> {
    let mut out = Vec::new();
    for rule in set.rules() {
        for ex in rule.flag_examples.iter().chain(&rule.pass_examples) {
            let context = Context::new(
                ex.customer_name.as_deref(),
                ex.customer_message.clone(),
                ex.mode.unwrap_or(Mode::Draft),
            );
            out.push((ex.text.clone(), context));
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/drafts");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        out.push((text, Context::default()));
    }
    let mut variants = Vec::new();
    for (text, context) in &out {
        variants.push((text.to_uppercase(), context.clone()));
        variants.push((text.to_lowercase(), context.clone()));
        variants.push((text.replace(' ', "\n  "), context.clone()));
        let spaces = ['\u{a0}', '\u{2009}', '\u{3000}', '\u{85}', ' '];
        let mut next = spaces.iter().cycle();
        let unicode_spaced: String = text
            .chars()
            .map(|c| if c == ' ' { *next.next().unwrap() } else { c })
            .collect();
        variants.push((unicode_spaced, context.clone()));
    }
    out.extend(variants);
    let all: Vec<&str> = out.iter().map(|(t, _)| t.as_str()).collect();
    let pasted = all.join(" ");
    out.push((
        pasted,
        Context::new(None, Some(all.join("\n")), Mode::Draft),
    ));
    out
}

#[test]
fn prefilters_change_no_finding() {
    let set = RuleSet::builtin().unwrap();
    let selection = Selection::default();
    let fast = Linter::new(&set, &selection).prefiltered();
    // Rules run on worker threads, each given the draft's scan.
    let parallel = Linter::new(&set, &selection).prefiltered().parallel();
    let plain = Linter::new(&set, &selection).exhaustive();
    let texts = texts(&set);
    let mut findings = 0;
    for (text, context) in &texts {
        let a = fast.lint_text(text, context);
        let b = plain.lint_text(text, context);
        assert_eq!(a, b, "{text:?}");
        assert_eq!(parallel.lint_text(text, context), b, "{text:?}");
        findings += a.len();
    }
    // The comparison means something only if rules fire.
    assert!(findings > 300, "only {findings} findings");
}

#[test]
fn alternatives_merge_to_the_whole_lists_matches() {
    let set = RuleSet::builtin().unwrap();
    let texts = texts(&set);
    for rule in set.rules() {
        for pattern in rule.check.patterns() {
            let whole = build(pattern.source(), pattern.case_sensitive()).unwrap();
            for (text, _) in &texts {
                let hay = text.as_bytes();
                let expected: Vec<_> = whole.find_iter(hay).map(|m| m.range()).collect();
                let got: Vec<_> = pattern.find_iter(hay).collect();
                assert_eq!(got, expected, "{}: {text:?}", rule.id);
                assert_eq!(pattern.is_match(hay), whole.is_match(hay), "{}", rule.id);
            }
        }
    }
}

#[test]
fn light_builds_find_what_full_builds_find() {
    let set = RuleSet::builtin().unwrap();
    let mut texts = texts(&set);
    // Light builds only search short texts.
    texts.retain(|(text, _)| text.len() <= 16 * 1024);
    for rule in set.rules() {
        for pattern in rule.check.patterns() {
            let (source, case) = (pattern.source(), pattern.case_sensitive());
            let full = build_as(source, case, Weight::Full).unwrap();
            let light = build_as(source, case, Weight::Light).unwrap();
            for (text, _) in &texts {
                let hay = text.as_bytes();
                let a: Vec<_> = full.find_iter(hay).map(|m| m.range()).collect();
                let b: Vec<_> = light.find_iter(hay).map(|m| m.range()).collect();
                assert_eq!(a, b, "{}: {text:?}", rule.id);
            }
        }
    }
}

#[test]
fn needles_of_builtin_lists_are_precomputed() {
    // build.rs must read the rule files as the loader does, or a one-draft
    // run parses the patterns again (slow, though still correct).
    let set = RuleSet::builtin().unwrap();
    let mut missing = Vec::new();
    for rule in set.rules() {
        // Shouting rewrites its `allow` list at load time.
        if rule.check.kind() == "shouting" {
            continue;
        }
        for pattern in rule.check.patterns() {
            if !builtin::has_precomputed_pieces(pattern.source(), pattern.case_sensitive()) {
                missing.push(rule.id.clone());
            }
        }
    }
    assert!(missing.is_empty(), "not precomputed: {missing:?}");
}
