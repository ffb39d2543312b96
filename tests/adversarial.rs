//! Adversarial inputs, through the real binary: huge and pathological drafts
//! finish (each run has a generous timeout in the harness, never a timing
//! assertion), broken files are reported while the others are still checked,
//! and rule or config files from an untrusted repository cannot exhaust
//! memory or reach other files.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run printed, read back from files (large outputs never block on a
/// full pipe).
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run `replylint ARGS` in `dir`, killing it (and failing the test) after
/// `limit`: a hang or a quadratic blow-up fails instead of stalling CI.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Out {
    let out_dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("the replylint binary runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("replylint {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&fs::read(out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(err_path).unwrap()).into_owned(),
    }
}

const MINUTE: Duration = Duration::from_secs(60);

fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

const GOOD: (&str, &[u8]) = ("good.txt", b"Hi Dana, we can't refund this order.\n");

fn checked_good(out: &Out) {
    assert!(
        out.stdout.contains("good.txt:1:10: warning[flat-no]"),
        "the good file is still checked:\n{}\n{}",
        out.stdout,
        out.stderr
    );
}

/// 10 MB on one line, with no full stop: one sentence, one paragraph, one
/// line, and a trigger every few hundred bytes. Windows around triggers and
/// column counting must not scale with the line.
#[test]
fn ten_megabytes_without_a_newline() {
    let unit = "we can't refund that and the parcel is with the courier who says it left the depot yesterday morning and should arrive later in the week according to the tracking page we looked at together ";
    let mut text = String::with_capacity(10 << 20);
    while text.len() < 10 << 20 {
        text.push_str(unit);
    }
    let dir = dir_with(&[("big.txt", text.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "big.txt", "--format", "json", "--no-config"],
        10 * MINUTE,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    assert!(diags.len() > 10_000, "{} findings", diags.len());
    let last = diags.last().unwrap();
    let start = last["span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(last["start"]["line"], 1);
    assert_eq!(
        last["start"]["column"].as_u64().unwrap() as usize,
        start + 1
    );
}

/// "Ok. " a million times: a million sentences, each looked up by binary
/// search, never rescanned.
#[test]
fn a_million_tiny_sentences() {
    let mut text = "Ok. ".repeat(1_000_000);
    text.push_str("We can't refund this.");
    let dir = dir_with(&[("oks.txt", text.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "oks.txt", "--format", "concise", "--no-config"],
        5 * MINUTE,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("warning[flat-no]"), "{}", out.stdout);
}

/// Markdown quotes nested 10,000 deep: quoted text is not the agent's, and
/// nothing recurses per level.
#[test]
fn deeply_nested_markdown_quotes() {
    let mut text = "> ".repeat(10_000);
    text.push_str("We can't refund this.\n\n");
    for depth in (0..10_000).step_by(7) {
        text.push_str(&">".repeat(depth));
        text.push_str(" we'll get back to you soon\n");
    }
    text.push_str("\nThanks for waiting, we can help by Friday.\n");
    let dir = dir_with(&[("quotes.md", text.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "quotes.md", "--format", "concise", "--no-config"],
        5 * MINUTE,
    );
    assert!(out.code <= 1, "{}", out.stderr);
    assert!(out.stdout.contains("in 1 file"), "{}", out.stdout);
}

/// A NUL byte means binary: the file is skipped and named, the others are
/// still checked, and the run exits 2.
#[test]
fn a_file_with_a_nul_byte_is_skipped_and_named() {
    let dir = dir_with(&[GOOD, ("bin.txt", b"We can't\0 refund.")]);
    let out = run_in(
        dir.path(),
        &["check", ".", "--format", "concise", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("bin.txt looks binary (NUL byte at offset 8); skipped"),
        "{}",
        out.stderr
    );
    checked_good(&out);
}

/// Invalid UTF-8: the error names the file and the first bad byte.
#[test]
fn invalid_utf8_names_the_file_and_offset() {
    let dir = dir_with(&[GOOD, ("bad.txt", b"We can\xe2\x80 refund \xff.")]);
    let out = run_in(
        dir.path(),
        &["check", ".", "--format", "concise", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("bad.txt is not valid UTF-8 (first bad byte at offset 6)"),
        "{}",
        out.stderr
    );
    checked_good(&out);
}

#[test]
fn an_empty_file_is_clean() {
    let dir = dir_with(&[("empty.txt", b""), ("empty.json", b""), ("empty.md", b"")]);
    let out = run_in(
        dir.path(),
        &["check", "empty.txt", "empty.md", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("No problems found in 2 files."));
    // An empty explicit JSON file is a clear syntax error, not a panic.
    let out = run_in(dir.path(), &["check", "empty.json", "--no-config"], MINUTE);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("empty.json"), "{}", out.stderr);
}

/// Symlinks are not followed when walking a folder, so a loop cannot hang
/// the walk; the real files are checked once.
#[cfg(unix)]
#[test]
fn a_symlink_loop_does_not_hang() {
    let dir = dir_with(&[GOOD, ("loop/sub/reply.txt", b"We can't refund this.\n")]);
    std::os::unix::fs::symlink("..", dir.path().join("loop/sub/up")).unwrap();
    std::os::unix::fs::symlink("../loop", dir.path().join("loop/self")).unwrap();
    let out = run_in(
        dir.path(),
        &["check", ".", "--format", "concise", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    checked_good(&out);
    assert_eq!(out.stdout.matches("reply.txt").count(), 1, "{}", out.stdout);
    // Passing the looping link itself walks the real folder once.
    let out = run_in(
        dir.path(),
        &["check", "loop/self", "--format", "concise", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.matches("reply.txt").count(), 1, "{}", out.stdout);
}

/// A file named on the command line that is gone by the time it is read
/// (deleted after a `git ls-files`, say): reported, the others checked,
/// exit 2.
#[test]
fn a_file_that_disappeared_is_reported() {
    let dir = dir_with(&[GOOD]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "good.txt",
            "gone.txt",
            "--format",
            "concise",
            "--no-config",
        ],
        MINUTE,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot read gone.txt"),
        "{}",
        out.stderr
    );
    checked_good(&out);
}

/// A rule file with the given pattern (and valid everything else).
fn rule_file(id: &str, pattern: &str) -> String {
    format!(
        r#"id: {id}
severity: warning
message: "Found {{matched}}"
description: A test rule.
why: Tests.
help: Do not.
check:
  kind: phrase
  patterns:
    - '{pattern}'
examples:
  flag:
    - "xyz"
  pass:
    - "abc"
"#
    )
}

/// A counted repetition that would compile to gigabytes is a rule-file
/// error from the regex size limit, naming the file, not an out-of-memory.
#[test]
fn an_exploding_regex_is_a_rule_file_error() {
    for pattern in [
        r"\w{1000}{1000}",
        r"(?:a|b|c){500}{500}{500}",
        r"[a-z]{1000}{1000}",
    ] {
        let dir = dir_with(&[GOOD]);
        fs::create_dir(dir.path().join("rules")).unwrap();
        fs::write(
            dir.path().join("rules/boom.yml"),
            rule_file("boom", pattern),
        )
        .unwrap();
        let out = run_in(
            dir.path(),
            &["check", "good.txt", "--rules", "rules", "--no-config"],
            MINUTE,
        );
        assert_eq!(out.code, 2, "{pattern}: {}", out.stderr);
        assert!(out.stderr.contains("boom.yml"), "{}", out.stderr);
        assert!(
            out.stderr.contains("size limit") || out.stderr.contains("repetition"),
            "{pattern}: {}",
            out.stderr
        );
        assert!(
            out.stdout.is_empty(),
            "nothing is checked with broken rules"
        );
    }
}

/// A 50 MB rule file is refused by size before it is parsed, with the file
/// and the cap named; a 50 MB lexicon and config likewise.
#[test]
fn a_fifty_megabyte_rule_file_is_refused() {
    let mut big = rule_file("big", r"\bbig\b");
    big.push_str("# padding\n");
    let padding = format!("# {}\n", "x".repeat(1000));
    while big.len() < 50 << 20 {
        big.push_str(&padding);
    }
    let dir = dir_with(&[GOOD]);
    fs::create_dir_all(dir.path().join("rules/lexicons")).unwrap();
    fs::write(dir.path().join("rules/big.yml"), &big).unwrap();
    fs::write(dir.path().join("rules/lexicons/huge.yml"), &big).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "good.txt", "--rules", "rules", "--no-config"],
        MINUTE,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    for name in ["big.yml", "huge.yml"] {
        assert!(out.stderr.contains(name), "{}", out.stderr);
    }
    assert!(out.stderr.contains("too large"), "{}", out.stderr);
    assert!(out.stderr.contains("1048576"), "{}", out.stderr);

    fs::write(dir.path().join(".replylint.yaml"), &big).unwrap();
    let out = run_in(dir.path(), &["check", "good.txt"], MINUTE);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains(".replylint.yaml"), "{}", out.stderr);
    assert!(out.stderr.contains("too large"), "{}", out.stderr);
}

/// A config that selects a rule that does not exist names it and suggests
/// the closest id.
#[test]
fn a_config_selecting_an_unknown_rule_suggests_one() {
    let dir = dir_with(&[
        GOOD,
        (".replylint.yaml", b"select: [flat-no, vauge-promise]\n"),
    ]);
    let out = run_in(dir.path(), &["check", "good.txt"], MINUTE);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("unknown rule `vauge-promise`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `vague-promise`?"),
        "{}",
        out.stderr
    );
}

/// Rule files cannot pull in other files: there is no include mechanism, and
/// an `include:` (or any unknown key) is an error naming the key, so a rule
/// folder from an untrusted repository reads nothing but itself.
#[test]
fn rule_files_cannot_include_other_files() {
    for extra in [
        "include: /etc/passwd\n",
        "import: ../secrets.yml\n",
        "lexicons: [/etc/shadow]\n",
        "command: rm -rf /\n",
    ] {
        let key = extra.split(':').next().unwrap();
        let dir = dir_with(&[GOOD]);
        fs::create_dir(dir.path().join("rules")).unwrap();
        let text = rule_file("inc", r"\bxyz\b") + extra;
        fs::write(dir.path().join("rules/inc.yml"), text).unwrap();
        let out = run_in(
            dir.path(),
            &["check", "good.txt", "--rules", "rules", "--no-config"],
            MINUTE,
        );
        assert_eq!(out.code, 2, "{extra}: {}", out.stderr);
        assert!(out.stderr.contains("inc.yml"), "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("unknown field `{key}`")),
            "{}",
            out.stderr
        );
    }
    // A pattern is only ever a regex over the reply: a path in one is text.
    let dir = dir_with(&[GOOD]);
    fs::create_dir(dir.path().join("rules")).unwrap();
    let mut rule = rule_file("path", r"/etc/passwd");
    rule = rule.replace("\"xyz\"", "\"see /etc/passwd\"");
    fs::write(dir.path().join("rules/path.yml"), rule).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "good.txt",
            "--rules",
            "rules",
            "--no-config",
            "--select",
            "path",
        ],
        MINUTE,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Config lexicon terms are regexes too: an exploding one is an error, not
/// an out-of-memory.
#[test]
fn an_exploding_config_lexicon_term_is_an_error() {
    let dir = dir_with(&[
        GOOD,
        (
            ".replylint.yaml",
            br#"lexicons:
  time-expression: ['\w{1000}{1000}']
"#,
        ),
    ]);
    let out = run_in(dir.path(), &["check", "good.txt"], MINUTE);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("time-expression"), "{}", out.stderr);
}
