//! `.replylint.yaml`: discovery from each file, a deeper config overriding
//! the root one, per-path overrides, lexicon extensions, ignored folders,
//! and config errors that point into the file.

mod common;

use std::fs;

use common::{root, run_cli, run_cli_in};

fn repo() -> std::path::PathBuf {
    root().join("tests/fixtures/repo")
}

#[test]
fn a_repository_with_nested_configs_concise() {
    let run = run_cli_in(&repo(), &["check", ".", "--format", "concise"], None);
    // drafts-old/ is git-ignored; team-b/ has its own config; macros/ are templates.
    assert!(!run.stdout.contains("drafts-old"), "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_repository_with_nested_configs_json() {
    let run = run_cli_in(&repo(), &["check", ".", "--format", "json"], None);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn statistics_count_findings_per_rule() {
    let run = run_cli_in(&repo(), &["check", ".", "--statistics"], None);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn no_config_and_explicit_config() {
    let plain = run_cli_in(
        &repo(),
        &["check", "replies", "--no-config", "--format", "concise"],
        None,
    );
    // Without the config, jargon runs and ACME is shouting.
    assert!(plain.stdout.contains("[jargon]"), "{}", plain.stdout);
    let forced = run_cli_in(
        &repo(),
        &[
            "check",
            "team-b/reply.txt",
            "--config",
            ".replylint.yaml",
            "--format",
            "concise",
        ],
        None,
    );
    // The root config forced onto team-b: all rules run there.
    assert!(
        forced.stdout.contains("[vague-promise]"),
        "{}",
        forced.stdout
    );
}

#[test]
fn config_errors_point_into_the_file() {
    let dir = root()
        .join("target/test-tmp")
        .join(format!("bad-config-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join(".replylint.yaml"),
        "select: [flat-no]\nignroe: [jargon]\n",
    )
    .unwrap();
    fs::write(dir.join("a.txt"), "Hello.").unwrap();
    let run = run_cli_in(&dir, &["check", "."], None);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unknown_key", run.stderr);

    fs::write(dir.join(".replylint.yaml"), "ignore: [flat-noo]\n").unwrap();
    let run = run_cli_in(&dir, &["check", "."], None);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unknown_rule", run.stderr);
}

#[test]
fn init_writes_a_starter_config_that_loads() {
    let dir = root()
        .join("target/test-tmp")
        .join(format!("init-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    assert_eq!(run_cli_in(&dir, &["init"], None).code, 0);
    assert!(fs::read_to_string(dir.join(".replylint.yaml"))
        .unwrap()
        .contains("# ignore: [jargon]"));
    assert_eq!(
        run_cli_in(&dir, &["init"], None).code,
        2,
        "refuses to overwrite"
    );
    fs::write(dir.join("a.txt"), "Hi, your order ships today.").unwrap();
    assert_eq!(run_cli_in(&dir, &["check", "."], None).code, 0);
}

#[test]
fn stdin_uses_the_config_of_its_stdin_filename() {
    let run = run_cli_in(
        &repo(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "team-b/draft.txt",
            "--format",
            "concise",
        ],
        Some("We'll be in touch soon. We don't offer refunds."),
    );
    assert!(
        run.stdout.contains("[flat-no]") && !run.stdout.contains("[vague-promise]"),
        "{}",
        run.stdout
    );
    let _ = run_cli; // shared helper module
}

#[test]
fn ci_formats_over_the_whole_repository() {
    // SARIF from the real binary over every format in the fixture repository
    // validates against the SARIF 2.1.0 schema shipped in tests/schemas/.
    let run = run_cli_in(&repo(), &["check", ".", "--format", "sarif"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 13);

    let github = run_cli_in(&repo(), &["check", ".", "--format", "github"], None);
    insta::assert_snapshot!(github.stdout);
}
