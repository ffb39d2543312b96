//! `--fix`, `--unsafe-fixes` and `--diff` on real files: exact content after
//! fixing, nothing changed by `--diff`, untouched files left alone.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{root, run_cli_in};

fn workdir(name: &str) -> PathBuf {
    let dir = root()
        .join("target/test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for f in ["shouty.txt", "clean.txt"] {
        fs::copy(root().join("tests/fixtures/fix").join(f), dir.join(f)).unwrap();
    }
    dir
}

fn fixture(name: &str) -> String {
    fs::read_to_string(root().join("tests/fixtures/fix").join(name)).unwrap()
}

#[test]
fn fix_applies_only_safe_edits_and_keeps_other_files_untouched() {
    let dir = workdir("fix-safe");
    let clean_before = fs::metadata(dir.join("clean.txt"))
        .unwrap()
        .modified()
        .unwrap();
    let run = run_cli_in(&dir, &["check", ".", "--fix", "--format", "concise"], None);
    assert_eq!(
        fs::read_to_string(dir.join("shouty.txt")).unwrap(),
        fixture("shouty.safe-fixed.txt")
    );
    assert_eq!(
        fs::read_to_string(dir.join("clean.txt")).unwrap(),
        fixture("clean.txt")
    );
    assert_eq!(
        fs::metadata(dir.join("clean.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        clean_before
    );
    assert!(run.stderr.contains("Fixed 1 problem."), "{}", run.stderr);
    // What is left is reported against the fixed text.
    assert!(
        run.stdout.contains("shouty.txt:3:60: warning[shouting]"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
}

#[test]
fn unsafe_fixes_reword_too() {
    let dir = workdir("fix-unsafe");
    let run = run_cli_in(
        &dir,
        &["check", "shouty.txt", "--fix", "--unsafe-fixes"],
        None,
    );
    assert_eq!(
        fs::read_to_string(dir.join("shouty.txt")).unwrap(),
        fixture("shouty.unsafe-fixed.txt")
    );
    assert!(run.stderr.contains("Fixed 3 problems."), "{}", run.stderr);
}

#[test]
fn diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = workdir("diff");
    let run = run_cli_in(&dir, &["check", ".", "--diff", "--unsafe-fixes"], None);
    assert_eq!(run.code, 1);
    assert_eq!(
        fs::read_to_string(dir.join("shouty.txt")).unwrap(),
        fixture("shouty.txt")
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn fixing_stdin_prints_the_fixed_text() {
    let run = common::run_cli(&["check", "-", "--fix"], Some("Done!! Thanks."));
    assert_eq!(run.stdout, "Done! Thanks.");
}
