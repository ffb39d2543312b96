//! The rule files as data: every rule is documented, has enough examples of
//! its own, and no example is repeated.

use std::collections::HashSet;

use replylint::RuleSet;

#[test]
fn every_rule_documents_itself_with_enough_examples() {
    let set = RuleSet::builtin().unwrap();
    for rule in set.rules() {
        for (field, value) in [
            ("message", &rule.message),
            ("description", &rule.description),
            ("why", &rule.why),
            ("help", &rule.help),
        ] {
            assert!(!value.trim().is_empty(), "{}: empty {field}", rule.id);
        }
        assert!(rule.summary.is_some(), "{}: no summary line", rule.id);
        assert!(
            rule.flag_examples.len() >= 5,
            "{}: fewer than 5 flag examples",
            rule.id
        );
        assert!(
            rule.pass_examples.len() >= 5,
            "{}: fewer than 5 pass examples",
            rule.id
        );
        let mut seen = HashSet::new();
        for e in rule.flag_examples.iter().chain(&rule.pass_examples) {
            assert!(
                seen.insert((&e.text, &e.customer_name, &e.customer_message, e.mode)),
                "{}: duplicate example {:?}",
                rule.id,
                e.text
            );
        }
    }
}

#[test]
fn rule_files_are_named_after_their_id() {
    // The loader enforces this; the test keeps the on-disk folder honest too.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let stem = path.file_stem().unwrap().to_str().unwrap();
            assert!(
                text.lines().any(|l| l == format!("id: {stem}")),
                "{} does not declare `id: {stem}`",
                path.display()
            );
        }
    }
}

#[test]
fn every_builtin_pattern_compiles() {
    // Built-in patterns compile on first use; make sure each one does.
    let set = RuleSet::builtin().unwrap();
    for rule in set.rules() {
        for (i, p) in rule.check.patterns().into_iter().enumerate() {
            if let Err(e) = p.force() {
                panic!("{}: pattern list {i} does not compile: {e}", rule.id);
            }
        }
        for fix in &rule.fixes {
            assert!(fix.force(), "{}: a fix's `when` does not compile", rule.id);
        }
    }
}
