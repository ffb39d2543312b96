//! The rule catalogue (`shared/spec/rules.md`) is the behaviour contract:
//! every id in it has a rule file with every field, at its catalogue severity.

use replylint::{RuleSet, Severity};

/// The catalogue's table: id and severity.
const CATALOGUE: &[(&str, Severity)] = &[
    ("flat-no", Severity::Warning),
    ("vague-promise", Severity::Warning),
    ("defensive-language", Severity::Warning),
    ("mistake-without-apology", Severity::Error),
    ("mistake-without-remedy", Severity::Warning),
    ("non-apology", Severity::Warning),
    ("unused-customer-name", Severity::Info),
    ("wrong-customer-name", Severity::Error),
    ("pass-off", Severity::Warning),
    ("overpromise", Severity::Warning),
    ("dead-end-unknown", Severity::Warning),
    ("unexplained-request", Severity::Info),
    ("condescending", Severity::Warning),
    ("shouting", Severity::Warning),
    ("unfilled-placeholder", Severity::Error),
    ("jargon", Severity::Info),
    ("missing-empathy", Severity::Info),
];

#[test]
fn every_catalogue_rule_exists_with_all_fields_at_its_severity() {
    let set = RuleSet::builtin().unwrap();
    for (id, severity) in CATALOGUE {
        let rule = set
            .get(id)
            .unwrap_or_else(|| panic!("catalogue rule `{id}` has no rule file"));
        assert_eq!(
            rule.severity, *severity,
            "{id}: severity differs from the catalogue"
        );
        for (field, value) in [
            ("message", &rule.message),
            ("description", &rule.description),
            ("why", &rule.why),
            ("help", &rule.help),
        ] {
            assert!(!value.trim().is_empty(), "{id}: empty {field}");
        }
        assert!(
            rule.flag_examples.len() >= 5,
            "{id}: fewer than 5 flag examples"
        );
        assert!(
            rule.pass_examples.len() >= 5,
            "{id}: fewer than 5 pass examples"
        );
    }
    assert_eq!(
        set.rules().len(),
        CATALOGUE.len(),
        "a built-in rule is not in the catalogue"
    );
}

/// When the shared spec is checked out beside the project (as in CI), its
/// table must list exactly these ids.
#[test]
fn the_list_matches_the_spec_when_it_is_present() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(spec) else {
        return;
    };
    // Rows of the table: `| id | severity | one line |`.
    let mut ids: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            if cells.len() == 5 && matches!(cells[2], "error" | "warning" | "info") {
                Some(cells[1])
            } else {
                None
            }
        })
        .collect();
    ids.sort_unstable();
    let mut ours: Vec<&str> = CATALOGUE.iter().map(|(id, _)| *id).collect();
    ours.sort_unstable();
    assert_eq!(ids, ours);
}
