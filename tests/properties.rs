//! Property tests over arbitrary Unicode drafts and random rule subsets:
//! no panic, spans inside the text and on char boundaries, deterministic
//! output, positions that agree with byte spans, and the same findings for a
//! draft alone and inside a JSON or YAML collection (shifted by the item's
//! `OffsetMap`). Case counts are bounded so `cargo test` stays fast.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use replylint::position::LineIndex;
use replylint::report::json::Diagnostic;
use replylint::source::{items, CollectionKeys, Item};
use replylint::{Context, Finding, Linter, Mode, RuleSet, Selection};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

/// Phrases that fire (or nearly fire) built-in rules.
const PHRASES: &[&str] = &[
    "we can't",
    "We can't refund this order.",
    "we'll get back to you soon",
    "We will look into it ASAP.",
    "NOT",
    "THIS IS NOT OK",
    "!!",
    "?!?!",
    "[NAME]",
    "{{customer.first_name}}",
    "Hi Dana,",
    "Hi there,",
    "Sorry for the inconvenience.",
    "As I already explained,",
    "Unfortunately,",
    "our mistake",
    "we made an error",
    "but we can send a replacement today",
    "by Friday",
    "Thanks,\n-- \nSam",
    "> quoted line\n",
    "To: Dana Whitfield <dana@example.com>\n",
    "---\ntitle: x\n---\n",
    "`CODE_NAME`",
    "I understand your frustration.",
];

/// Unicode that tends to break offset arithmetic.
const TRICKY: &[&str] = &[
    "😀",
    "👩‍👩‍👧",
    "🇫🇷",
    "e\u{301}",
    "\u{301}",
    "\u{202e}",
    "\u{200f}",
    "שלום",
    "مرحبا",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{85}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    " ",
    ".",
    "\u{1}",
    "\u{7f}",
    "ß",
    "İ",
    "ﬁ",
    "Ⅻ",
    "\u{10ffff}",
];

/// Any char but NUL.
fn any_char() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("no NUL", |c| *c != '\0')
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PHRASES).prop_map(str::to_owned),
        3 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        2 => prop::collection::vec(any_char(), 0..6).prop_map(|v| v.into_iter().collect()),
        2 => "[ a-zA-Z',.!?]{0,12}",
    ]
}

/// A draft: a mix of trigger phrases, tricky Unicode and random chars.
fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

/// A random subset of the built-in rules (sometimes all of them).
fn selection() -> impl Strategy<Value = Selection> {
    let ids: Vec<String> = rules().rules().iter().map(|r| r.id.clone()).collect();
    let n = ids.len();
    prop_oneof![
        1 => Just(Selection::default()),
        3 => prop::sample::subsequence(ids, 0..=n).prop_map(|select| Selection {
            select: Some(select),
            ..Selection::default()
        }),
    ]
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Draft), Just(Mode::Template)]
}

fn context() -> impl Strategy<Value = Context> {
    (
        mode(),
        prop::option::of(prop::sample::select(&["Dana Whitfield", "Zoë", "J"][..])),
    )
        .prop_map(|(mode, name)| Context::new(name, None, mode))
}

fn check_spans(text: &str, findings: &[Finding]) -> Result<(), TestCaseError> {
    for f in findings {
        let s = &f.span;
        prop_assert!(
            s.start <= s.end && s.end <= text.len(),
            "{s:?} in {}",
            text.len()
        );
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prop_assert_eq!(&text[s.clone()], f.matched.as_str());
        for sug in &f.suggestions {
            let s = &sug.span;
            prop_assert!(s.start <= s.end && s.end <= text.len(), "suggestion {s:?}");
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    Ok(())
}

/// Line, column and UTF-16 column of byte `offset`, counted from scratch.
fn naive_position(text: &str, offset: usize) -> (usize, usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let col = &before[line_start..];
    (
        line,
        col.chars().count() + 1,
        col.encode_utf16().count() + 1,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// No panic; every span inside the text, on char boundaries; the same
    /// findings twice.
    #[test]
    fn spans_are_valid_and_output_deterministic(
        text in draft(),
        selection in selection(),
        context in context(),
    ) {
        let linter = Linter::new(rules(), &selection);
        let first = linter.lint_text(&text, &context);
        check_spans(&text, &first)?;
        let again = Linter::new(rules(), &selection).lint_text(&text, &context);
        prop_assert_eq!(first, again);
    }

    /// The JSON diagnostic's line, column and UTF-16 column agree with its
    /// byte span, for the start and the end.
    #[test]
    fn json_positions_agree_with_byte_spans(text in draft(), context in context()) {
        let linter = Linter::new(rules(), &Selection::default());
        let index = LineIndex::new(&text);
        for f in linter.lint_text(&text, &context) {
            let d = Diagnostic::new("t", &text, &index, &f, None);
            prop_assert_eq!((d.span.start, d.span.end), (f.span.start, f.span.end));
            for (pos, offset) in [(d.start, f.span.start), (d.end, f.span.end)] {
                prop_assert_eq!(
                    (pos.line, pos.column, pos.column_utf16),
                    naive_position(&text, offset),
                    "offset {} of {:?}", offset, text
                );
            }
        }
    }

    /// A draft linted alone and as the body of a JSON collection item: the
    /// item's text is the draft, the findings are the same, and each maps to
    /// a span of the file that holds the same words (when JSON did not have
    /// to escape them).
    #[test]
    fn json_collection_item_gives_the_same_findings(text in draft(), selection in selection()) {
        let text = no_html(&text);
        let file = format!(
            "{{\"replies\": [\n  {{\"title\": \"first\", \"body\": \"Hello.\"}},\n  {{\"title\": \"t\", \"body\": {}}}\n]}}\n",
            serde_json::to_string(&text).unwrap()
        );
        let found = items(Path::new("replies.json"), &file, &CollectionKeys::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{file}")))?;
        prop_assert_eq!(found.len(), 2);
        same_findings_shifted(&text, &file, &found[1], &selection, |m| {
            !m.chars().any(|c| c == '"' || c == '\\' || c < ' ')
        })?;
        offset_map_is_monotonic_on_boundaries(&file, &found[1])?;
    }

    /// The same for the body of a YAML block scalar (`body: |-`), with the
    /// draft restricted to what a block scalar can hold verbatim.
    #[test]
    fn yaml_block_scalar_item_gives_the_same_findings(text in draft(), selection in selection()) {
        let text = yaml_safe(&no_html(&text));
        prop_assume!(!text.is_empty());
        let mut file = String::from("replies:\n  - title: first\n    body: Hello.\n  - title: t\n    body: |-\n");
        for line in text.split('\n') {
            if line.is_empty() {
                file.push('\n');
            } else {
                file.push_str("      ");
                file.push_str(line);
                file.push('\n');
            }
        }
        let found = items(Path::new("replies.yml"), &file, &CollectionKeys::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{file}")))?;
        prop_assert_eq!(found.len(), 2);
        // Verbatim when the words stay on one line (indentation sits
        // between lines in the file).
        same_findings_shifted(&text, &file, &found[1], &selection, |m| !m.contains('\n'))?;
        offset_map_is_monotonic_on_boundaries(&file, &found[1])?;
    }
}

/// A collection body that looks like HTML (`<i ...>`) is read as HTML, so
/// its text is not the draft's: keep `<` out of collection drafts.
fn no_html(text: &str) -> String {
    text.replace('<', "‹")
}

/// What a YAML block scalar keeps verbatim: printable chars (no C0/C1
/// controls but newline, no BOM or YAML 1.1 line breaks), no CR, no leading
/// or trailing whitespace on a line, no trailing newline.
fn yaml_safe(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| {
            c == '\n'
                || !(c.is_control()
                    || matches!(
                        c,
                        '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
                    ))
        })
        .collect();
    kept.split('\n')
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '\t'))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

fn same_findings_shifted(
    text: &str,
    file: &str,
    item: &Item,
    selection: &Selection,
    verbatim: impl Fn(&str) -> bool,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(item.text.as_str(), text, "the item's text is the draft");
    let mode = item.mode.unwrap_or_default();
    let context = Context::new(None, None, mode);
    let linter = Linter::new(rules(), selection);
    let alone = linter.lint_text(text, &context);
    let inside = linter.lint_text(&item.text, &context);
    prop_assert_eq!(alone.len(), inside.len());
    for (a, b) in alone.iter().zip(inside) {
        prop_assert_eq!(&a.rule, &b.rule);
        prop_assert_eq!(&a.matched, &b.matched);
        prop_assert_eq!(&a.span, &b.span);
        let mapped = item.to_source(b);
        prop_assert_eq!(
            mapped.span.clone(),
            item.map.range_to_source(a.span.clone())
        );
        let s = &mapped.span;
        prop_assert!(s.start <= s.end && s.end <= file.len(), "{s:?}");
        prop_assert!(file.is_char_boundary(s.start) && file.is_char_boundary(s.end));
        if item.map.is_exact() && verbatim(&a.matched) {
            prop_assert_eq!(&file[s.clone()], a.matched.as_str());
        }
    }
    Ok(())
}

/// Every char boundary of the item's text maps to a char boundary of the
/// file, in order, and a char that needed no escaping maps to itself.
fn offset_map_is_monotonic_on_boundaries(file: &str, item: &Item) -> Result<(), TestCaseError> {
    let map = &item.map;
    prop_assert_eq!(map.text_len(), item.text.len());
    let mut last = 0;
    for (i, c) in item.text.char_indices() {
        let at = map.to_source(i);
        prop_assert!(at >= last, "offset {i} maps back to {at} < {last}");
        prop_assert!(at <= file.len() && file.is_char_boundary(at));
        let end = map.to_source_end(i + c.len_utf8());
        prop_assert!(end > at && end <= file.len() && file.is_char_boundary(end));
        if map.is_exact() && !c.is_control() && c != '"' && c != '\\' {
            prop_assert_eq!(&file[at..end], c.to_string(), "char {:?} at {}", c, i);
        }
        last = at;
    }
    Ok(())
}

/// `check DIR --format json` prints the same bytes on one thread and on two,
/// over a folder of generated drafts and collections.
#[test]
fn json_output_is_identical_for_any_thread_count() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::deterministic();
    for i in 0..40 {
        let text = draft().new_tree(&mut runner).unwrap().current();
        let (name, contents) = match i % 4 {
            0 => (format!("d{i}.txt"), text),
            1 => (format!("d{i}.md"), text),
            2 => (
                format!("c{i}.json"),
                format!(
                    "[{{\"title\": \"a\", \"body\": {}}}, {{\"title\": \"b\", \"body\": \"We can't.\"}}]",
                    serde_json::to_string(&text).unwrap()
                ),
            ),
            _ => (
                format!("c{i}.yml"),
                format!(
                    "- title: a\n  body: {}\n- title: b\n  body: We'll get back to you soon.\n",
                    serde_json::to_string(&yaml_safe(&text)).unwrap()
                ),
            ),
        };
        std::fs::write(dir.path().join(name), contents).unwrap();
    }
    let run = |threads: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_replylint"))
            .args(["check", ".", "--format", "json", "--no-config"])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c <= 2), "{out:?}");
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 1000, "the files produced findings");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("2"));
}
