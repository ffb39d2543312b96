//! Suppression that never reaches the customer, stale suppressions reported,
//! and a baseline that survives moved text.

mod common;

use std::fs;

use common::{root, run_cli, run_cli_in};

#[test]
fn a_markdown_comment_silences_the_next_line_and_stale_ones_are_reported() {
    let text = "Hi Dana,\n\n<!-- replylint-disable-next-line flat-no -- legal wording, approved by counsel -->\nWe can't disclose other customers' orders.\n\n<!-- replylint-disable-next-line shouting -- was for an old line -->\nThanks for your patience.\n";
    let run = run_cli(
        &[
            "check",
            "-",
            "--format",
            "concise",
            "--stdin-filename",
            "reply.md",
        ],
        Some(text),
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_baseline_reports_only_new_findings() {
    let dir = root()
        .join("target/test-tmp")
        .join(format!("baseline-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("reply.txt"), "We can't refund this.\n").unwrap();
    let first = run_cli_in(&dir, &["check", ".", "--baseline", "baseline.json"], None);
    assert_eq!(first.code, 0, "{}", first.transcript());
    assert!(first.stderr.contains("Recorded 1 finding"));

    // The known refusal moves down; a new one appears.
    fs::write(
        dir.join("reply.txt"),
        "Thanks for writing.\n\nWe can't refund this.\nWe'll get back to you soon.\n",
    )
    .unwrap();
    let second = run_cli_in(
        &dir,
        &[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
        None,
    );
    assert_eq!(second.code, 1);
    assert_eq!(
        second.stdout,
        "reply.txt:4:1: warning[vague-promise] Promise with no date or time: \"We'll get back to you\"\nFound 1 problem (1 warning) in 1 file.\n"
    );
}
