//! End-to-end runs of the binary: stdin, each output format, each exit code,
//! `rules`, `explain` and `test`.

mod common;

use common::{root, run_cli, run_cli_in};

const REFUSAL: &str = "Hi Dana, we can't refund this order. We'll get back to you soon.";
const GOOD: &str = "Hi Dana, we can't refund this order, but we can send a replacement today, and I'll email you the tracking number by 5pm.";

#[test]
fn stdin_refusal_and_vague_promise_are_flagged() {
    let run = run_cli(&["check", "-", "--customer-name", "Dana"], Some(REFUSAL));
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn stdin_reply_with_alternative_and_time_is_clean() {
    let run = run_cli(
        &[
            "check",
            "-",
            "--customer-name",
            "Dana",
            "--format",
            "concise",
        ],
        Some(GOOD),
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "No problems found in 1 file.\n");
}

#[test]
fn concise_format_names_the_stdin_file() {
    let run = run_cli(
        &[
            "check",
            "-",
            "--format",
            "concise",
            "--stdin-filename",
            "reply.txt",
        ],
        Some(REFUSAL),
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn json_format_has_byte_spans_and_character_columns() {
    let text = "Hi José 😀, we can't refund this order.";
    let run = run_cli(&["check", "-", "--format", "json"], Some(text));
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "flat-no");
    let (s, e) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], d["matched"].as_str().unwrap());
    assert_eq!(d["start"]["column"], text[..s].chars().count() + 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn fail_on_decides_the_exit_code() {
    let info_only = "Thanks for writing in, your parcel left our warehouse today.";
    let args = |fail_on: &'static str| {
        vec![
            "check",
            "-",
            "--customer-name",
            "Dana",
            "--fail-on",
            fail_on,
        ]
    };
    assert_eq!(run_cli(&args("warning"), Some(info_only)).code, 0);
    assert_eq!(run_cli(&args("info"), Some(info_only)).code, 1);
    assert_eq!(run_cli(&args("never"), Some(REFUSAL)).code, 0);
    assert_eq!(run_cli(&args("error"), Some(REFUSAL)).code, 0);
    assert_eq!(run_cli(&args("warning"), Some(REFUSAL)).code, 1);
}

#[test]
fn select_and_ignore_pick_rules() {
    let run = run_cli(
        &["check", "-", "--format", "concise", "--select", "flat-no"],
        Some(REFUSAL),
    );
    assert!(run.stdout.contains("[flat-no]") && !run.stdout.contains("[vague-promise]"));
    let run = run_cli(
        &["check", "-", "--format", "concise", "--ignore", "flat-no"],
        Some(REFUSAL),
    );
    assert!(!run.stdout.contains("[flat-no]") && run.stdout.contains("[vague-promise]"));
}

#[test]
fn an_unknown_rule_id_is_a_usage_error_with_a_suggestion() {
    let run = run_cli(&["check", "-", "--select", "flat-noo"], Some(REFUSAL));
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn unreadable_files_are_reported_and_the_rest_still_checked() {
    let dir = tempdir("unreadable");
    std::fs::write(dir.join("a-latin1.txt"), b"We can\x92t refund this.").unwrap();
    std::fs::write(dir.join("b-binary.txt"), b"PK\x00\x01").unwrap();
    std::fs::write(dir.join("c-good.txt"), REFUSAL).unwrap();
    std::fs::write(dir.join("notes.csv"), REFUSAL).unwrap();
    let run = run_cli_in(&dir, &["check", ".", "--format", "concise"], None);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_missing_file_is_an_io_error() {
    let run = run_cli(&["check", "no/such/draft.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read no/such/draft.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn directories_are_walked_respecting_gitignore() {
    let dir = tempdir("walk");
    std::fs::create_dir_all(dir.join("replies/old")).unwrap();
    std::fs::write(dir.join(".gitignore"), "old/\n").unwrap();
    std::fs::write(dir.join("replies/refund.md"), REFUSAL).unwrap();
    std::fs::write(dir.join("replies/old/refund.txt"), REFUSAL).unwrap();
    // `ignore` honours .gitignore only inside a git repository.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let run = run_cli_in(&dir, &["check", ".", "--format", "concise"], None);
    assert!(run.stdout.contains("replies/refund.md"), "{}", run.stdout);
    assert!(!run.stdout.contains("old/refund.txt"), "{}", run.stdout);
}

#[test]
fn rules_lists_every_rule_with_severity() {
    let run = run_cli(&["rules"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn explain_prints_the_rule_documentation() {
    let run = run_cli(&["explain", "vague-promise"], None);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let run = run_cli(&["explain", "vage-promise"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `vague-promise`"),
        "{}",
        run.stderr
    );
}

#[test]
fn test_command_runs_examples_and_reports_failures() {
    let ok = run_cli(&["test"], None);
    assert_eq!(ok.code, 0, "{}", ok.transcript());
    assert!(ok.stdout.contains(" 0 failed"));

    let dir = tempdir("failing-examples");
    std::fs::write(
        dir.join("too-eager.yml"),
        include_str!("fixtures/custom-rules/no-asap.yml")
            .replace("id: no-asap", "id: too-eager")
            .replace("- \"We'll reply by 3pm today.\"", "- \"Reply asap.\""),
    )
    .unwrap();
    let run = run_cli(&["test", dir.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("FAIL too-eager pass example 1: fired on «asap»"),
        "{}",
        run.stdout
    );
}

#[test]
fn context_file_gives_the_customer_name() {
    let dir = tempdir("context");
    std::fs::write(
        dir.join("message.txt"),
        "My parcel is late.\nThanks, Priya\n",
    )
    .unwrap();
    let run = run_cli_in(
        &dir,
        &[
            "check",
            "-",
            "--context",
            "message.txt",
            "--format",
            "concise",
            "--fail-on",
            "info",
        ],
        Some("Hello, your parcel arrives tomorrow."),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("[unused-customer-name]") && run.stdout.contains("(Priya)"),
        "{}",
        run.stdout
    );
}

#[test]
fn quoted_text_and_signature_are_not_checked() {
    let text = "Hi Dana,\nYour replacement ships today.\n\nBest regards,\nSam\n\nOn Mon, Dana wrote:\n> You can't even refund me? We'll see.\n";
    let run = run_cli(&["check", "-", "--format", "concise"], Some(text));
    assert_eq!(run.code, 0, "{}", run.transcript());
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = root()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
