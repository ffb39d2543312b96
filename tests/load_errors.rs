//! Broken rule files are reported the way a user sees them: every problem in
//! every file, with file, line, column and the offending text underlined.

mod common;

use common::run_cli;

#[test]
fn every_broken_rule_file_is_reported_with_its_location() {
    let run = run_cli(
        &[
            "check",
            "--no-builtin",
            "--rules",
            "tests/fixtures/bad-rules",
            "-",
        ],
        Some("We will reply soon."),
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "nothing is checked: {}", run.stdout);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn load_errors_carry_line_and_column() {
    let sources = replylint::RuleSources {
        builtin: false,
        dirs: vec![common::root().join("tests/fixtures/bad-rules")],
        ..Default::default()
    };
    let errors = replylint::RuleSet::load(&sources).unwrap_err().errors;
    let mut located: Vec<(String, (usize, usize))> = errors
        .iter()
        .map(|e| {
            let file = e.path.rsplit('/').next().unwrap().to_owned();
            (file, e.line_col().unwrap())
        })
        .collect();
    located.sort();
    assert_eq!(
        located,
        vec![
            ("bad-regex.yml".into(), (11, 8)),
            ("bad-regex.yml".into(), (13, 8)),
            ("bad-regex.yml".into(), (14, 8)),
            ("bad-severity.yml".into(), (2, 11)),
            ("broken-yaml.yml".into(), (5, 1)),
            ("no-examples.yml".into(), (11, 3)),
            ("renamed.yml".into(), (1, 5)),
            ("unknown-key.yml".into(), (11, 3)),
        ]
    );
}

#[test]
fn a_team_rule_loads_beside_the_builtins_and_extends_a_lexicon() {
    let draft =
        "We'll reply ASAP.\n\nThanks for waiting.\n\nI'll call you back by the late shift.\n";
    let with_team_rules = run_cli(
        &[
            "check",
            "--rules",
            "tests/fixtures/custom-rules",
            "--format",
            "concise",
            "-",
        ],
        Some(draft),
    );
    insta::assert_snapshot!(with_team_rules.transcript());
    // Without the team's lexicon extension, "by the late shift" is no time.
    let builtin_only = run_cli(&["check", "--format", "concise", "-"], Some(draft));
    assert!(
        builtin_only.stdout.contains("5:1: warning[vague-promise]"),
        "{}",
        builtin_only.stdout
    );
    assert!(!builtin_only.stdout.contains("no-asap"));
}
