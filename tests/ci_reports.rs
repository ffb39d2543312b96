//! The CI output formats over a small fixture repository: GitHub workflow
//! commands and JUnit XML are snapshotted (review them by reading), and the
//! SARIF log is validated against the SARIF 2.1.0 JSON schema shipped in
//! `tests/schemas/` (from npm `@microsoft/jest-sarif`, MIT:
//! `sarif-2.1.0-rtm.5.json`, the final 2.1.0 schema).

use std::path::Path;

use replylint::report::github::Github;
use replylint::report::junit::Junit;
use replylint::report::sarif::Sarif;
use replylint::report::{FileReport, Reporter};
use replylint::source::{items, CollectionKeys};
use replylint::{Context, Linter, Mode, RuleSet, Selection};

const FIXTURES: &[&str] = &["macros.json", "plain.txt", "replies.yml"];

/// The reports of the fixtures, paths relative to the project root.
fn reports(rules: &RuleSet) -> Vec<FileReport> {
    let linter = Linter::new(rules, &Selection::default());
    FIXTURES
        .iter()
        .map(|name| {
            let rel = format!("tests/fixtures/sources/{name}");
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&rel);
            let text = std::fs::read_to_string(&path).unwrap();
            let mut findings = Vec::new();
            for item in items(&path, &text, &CollectionKeys::default()).unwrap() {
                let ctx = Context::new(None, None, item.mode.unwrap_or(Mode::Draft));
                findings.extend(
                    linter
                        .lint_text(&item.text, &ctx)
                        .into_iter()
                        .filter(|f| !item.settings.ignore.contains(&f.rule))
                        .map(|f| item.to_source(f)),
                );
            }
            findings.sort_by_key(|f| (f.span.start, f.rule.clone()));
            FileReport {
                path: rel,
                text,
                findings,
            }
        })
        .collect()
}

fn render(reporter: &dyn Reporter, reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    reporter.report(reports, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn github_annotations() {
    let rules = RuleSet::builtin().unwrap();
    let out = render(&Github, &reports(&rules));
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn junit_xml() {
    let rules = RuleSet::builtin().unwrap();
    insta::assert_snapshot!(render(&Junit, &reports(&rules)));
}

#[test]
fn junit_counts_a_clean_file_as_one_passing_test() {
    let report = FileReport {
        path: "clean.txt".into(),
        text: "Hi".into(),
        findings: Vec::new(),
    };
    let out = render(&Junit, &[report]);
    assert!(out.contains(r#"<testsuites name="replylint" tests="1" failures="0""#));
    assert!(out.contains(r#"<testcase name="replylint" classname="clean.txt"/>"#));
}

fn sarif_schema() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let rules = RuleSet::builtin().unwrap();
    let linter = Linter::new(&rules, &Selection::default());
    let reports = reports(&rules);
    let log = Sarif::new(linter.rules()).log(&reports);
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The parts code scanning relies on.
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "replylint");
    assert_eq!(
        driver["rules"].as_array().unwrap().len(),
        rules.rules().len()
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver["rules"][idx]["id"], r["ruleId"]);
        assert!(driver["rules"][idx]["help"]["text"].as_str().is_some());
    }
    // The refusal behind `&#39;` in the Zendesk macro, located in the file.
    let zendesk = results
        .iter()
        .find(|r| {
            r["ruleId"] == "flat-no"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "tests/fixtures/sources/macros.json"
        })
        .unwrap();
    let region = &zendesk["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(11), Some(115))
    );
    assert_eq!(zendesk["properties"]["item"], "Refunds::Past 30 days");
}

#[test]
fn sarif_with_no_findings_is_valid_too() {
    let log = Sarif::default().log(&[]);
    assert!(sarif_schema().is_valid(&log));
}

#[test]
fn the_schema_rejects_a_broken_log() {
    // Guards against a validator that accepts anything.
    let log = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]});
    assert!(!sarif_schema().is_valid(&log));
}
