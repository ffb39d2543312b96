//! Whole, realistic replies: the pretty output a support agent would see,
//! snapshotted. A `NAME.context.txt` beside a draft is the customer's
//! message it answers (as `--context`).

mod common;

use common::run_cli;

#[test]
fn realistic_replies() {
    insta::glob!("fixtures/drafts/*", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.contains(".context.") {
            return;
        }
        let rel = format!("tests/fixtures/drafts/{name}");
        let stem = name.split('.').next().unwrap();
        let context = format!("tests/fixtures/drafts/{stem}.context.txt");
        let mut args = vec!["check", rel.as_str(), "--fail-on", "never"];
        if std::path::Path::new(&common::root().join(&context)).exists() {
            args.extend(["--context", context.as_str()]);
        }
        let run = run_cli(&args, None);
        assert_eq!(run.code, 0, "{}", run.transcript());
        insta::assert_snapshot!(run.stdout);
    });
}

#[test]
fn the_good_reply_stays_clean() {
    let run = run_cli(
        &[
            "check",
            "tests/fixtures/drafts/good-reply.txt",
            "--context",
            "tests/fixtures/drafts/good-reply.context.txt",
            "--fail-on",
            "info",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
}
