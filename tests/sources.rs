//! Input formats end to end: each fixture under `fixtures/sources/` is split
//! into replies, every reply is linted with the built-in rules, and each
//! finding is mapped back to the original file. The flat refusal in each
//! fixture must land on the exact line and column where it is *written*:
//! inside a JSON string after `\n` escapes, in a YAML block scalar, behind an
//! HTML entity in a Zendesk macro, in a Markdown fence or blockquote.

use std::path::Path;

use replylint::position::line_col;
use replylint::source::{detect, items, CollectionKeys, Format};
use replylint::{Context, Finding, Linter, Mode, RuleSet, Selection};

/// Every finding in `name`, mapped to the file, with the file's text.
fn lint_fixture(name: &str) -> (String, Vec<Finding>, Format) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = RuleSet::builtin().unwrap();
    let linter = Linter::new(&rules, &Selection::default());
    let mut findings = Vec::new();
    for item in items(&path, &text, &CollectionKeys::default()).unwrap() {
        let context = Context::new(
            item.customer_name.as_deref(),
            None,
            item.mode.unwrap_or(Mode::Draft),
        );
        for f in linter.lint_text(&item.text, &context) {
            if !item.settings.ignore.contains(&f.rule) {
                findings.push(item.to_source(f));
            }
        }
    }
    (text.clone(), findings, detect(&path, &text))
}

/// The one `rule` finding on `line` whose source text is `written`, at
/// `column` (the expected positions were computed independently from the
/// fixture with a text editor's counting: 1-based, in characters).
fn assert_at(name: &str, rule: &str, written: &str, line: usize, column: usize) {
    let (text, findings, _) = lint_fixture(name);
    let hits: Vec<_> = findings
        .iter()
        .filter(|f| {
            f.rule == rule
                && &text[f.span.clone()] == written
                && line_col(&text, f.span.start).0 == line
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{name}: expected one {rule} on {written:?}, got {:#?}",
        findings
            .iter()
            .map(|f| (&f.rule, &text[f.span.clone()]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        line_col(&text, hits[0].span.start),
        (line, column),
        "{name}"
    );
}

#[test]
fn refusal_inside_a_json_string_after_escapes() {
    assert_at("refunds.json", "flat-no", "we can't refund", 4, 126);
    let (_, findings, format) = lint_fixture("refunds.json");
    assert_eq!(format, Format::JsonCollection);
    let f = findings.iter().find(|f| f.rule == "flat-no").unwrap();
    assert_eq!(f.item.as_deref(), Some("Opened item"));
}

#[test]
fn refusal_inside_a_yaml_literal_block() {
    assert_at("replies.yml", "flat-no", "we can't refund", 8, 32);
}

#[test]
fn refusal_inside_a_double_quoted_yaml_string() {
    assert_at("replies.yml", "flat-no", "we can't refund", 21, 48);
}

#[test]
fn item_settings_suppress_in_yaml() {
    let (_, findings, _) = lint_fixture("replies.yml");
    assert!(!findings.iter().any(|f| f.rule == "vague-promise"));
}

#[test]
fn refusal_behind_an_html_entity_in_a_zendesk_macro() {
    assert_at("macros.json", "flat-no", "We can&#39;t refund", 11, 115);
    let (_, findings, format) = lint_fixture("macros.json");
    assert_eq!(format, Format::ZendeskMacros);
    assert!(findings
        .iter()
        .all(|f| f.item.as_deref() == Some("Refunds::Past 30 days")));
}

#[test]
fn refusals_in_markdown_fences_and_blockquotes() {
    assert_at("saved-replies.md", "flat-no", "We can't refund", 10, 32);
    assert_at("saved-replies.md", "flat-no", "we can't refund", 19, 32);
}

#[test]
fn refusal_after_front_matter() {
    assert_at("late-order.md", "flat-no", "We can't refund", 9, 25);
}

#[test]
fn refusal_in_plain_text() {
    assert_at("plain.txt", "flat-no", "We can't refund", 3, 24);
}
