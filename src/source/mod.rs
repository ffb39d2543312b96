//! Input formats: a file becomes the replies it holds ([`Item`]s), each with
//! the text the linter must see and an [`OffsetMap`] back to the original
//! file, so a finding is shown at the right line and column of *that* file.
//!
//! | [`Format`] | files | items |
//! |---|---|---|
//! | `Text` | `.txt` and anything unknown | the whole file |
//! | `Email` | `.eml` | the whole file (headers and quotes are skipped by the draft model) |
//! | `Markdown` | `.md`, `.mdx`, `.markdown` | the body after YAML front matter |
//! | `MarkdownSections` | a Markdown file with two or more `##` headings | one per heading (see `markdown.rs`) |
//! | `YamlCollection` | `.yml`, `.yaml` | a list of items, a list under a key, a map of name → item, or body keys at the top |
//! | `JsonCollection` | `.json` | the same shapes in JSON |
//! | `ZendeskMacros` | `.json` with `macros[].actions` | one per macro with a comment action |
//!
//! Items of collection formats default to `Mode::Template`; front matter or
//! an item's `replylint: {ignore, reason, mode}` settings can say otherwise.
//! Positions are exact for JSON, Markdown and the YAML constructs listed in
//! `yaml.rs`; for more exotic YAML a map is approximate (see
//! [`OffsetMap::is_exact`]). Nothing here panics on malformed input: a broken
//! file is a [`SourceError`] with its line and column.

mod html;
mod json;
mod map;
mod markdown;
mod node;
mod text;
mod yaml;
mod zendesk;

use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::draft::Mode;
use crate::finding::Finding;
pub use map::OffsetMap;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One reply, the whole file.
    Text,
    /// One email reply, the whole file.
    Email,
    /// One reply after optional YAML front matter.
    Markdown,
    /// Several replies under `##` headings (a `SAVED_REPLIES.md`).
    MarkdownSections,
    /// A YAML collection of replies.
    YamlCollection,
    /// A JSON collection of replies.
    JsonCollection,
    /// A Zendesk macros export.
    ZendeskMacros,
}

impl Format {
    /// The name used in messages ("YAML collection").
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Email => "email",
            Format::Markdown => "Markdown",
            Format::MarkdownSections => "Markdown sections",
            Format::YamlCollection => "YAML collection",
            Format::JsonCollection => "JSON collection",
            Format::ZendeskMacros => "Zendesk macros export",
        }
    }

    /// Whether a file in this format holds several replies (and so its items
    /// default to template mode and are named in output).
    pub fn is_collection(self) -> bool {
        matches!(
            self,
            Format::MarkdownSections
                | Format::YamlCollection
                | Format::JsonCollection
                | Format::ZendeskMacros
        )
    }
}

/// Which keys hold an item's title and body in YAML and JSON collections,
/// tried in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionKeys {
    /// Title keys (`title`, `name`, `label`, ...).
    pub title: Vec<String>,
    /// Body keys (`body`, `text`, `content`, `comment`, ...).
    pub body: Vec<String>,
}

impl Default for CollectionKeys {
    fn default() -> Self {
        let own = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
        CollectionKeys {
            title: own(&["title", "name", "label", "subject", "key", "id"]),
            body: own(&[
                "body",
                "text",
                "content",
                "comment",
                "comment_value",
                "comment_value_html",
                "message",
                "reply",
                "response",
                "template",
                // probot/stale
                "markComment",
                "closeComment",
                "unmarkComment",
            ]),
        }
    }
}

/// Per-item settings from front matter or a collection item's `replylint:`
/// key. Unknown keys are an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemSettings {
    /// Rule ids not to report for this item.
    pub ignore: Vec<String>,
    /// Why (required by the CLI for a suppression to count; kept verbatim).
    pub reason: Option<String>,
    /// Draft or template, overriding the format's default.
    pub mode: Option<Mode>,
}

/// One reply found in a file.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item's title (collection title, heading, front-matter `title`).
    pub title: Option<String>,
    /// The reply as the linter must see it (decoded, de-indented, HTML as
    /// text).
    pub text: String,
    /// Offsets of `text` → offsets of the original file.
    pub map: OffsetMap,
    /// The mode for this item: its settings, else the format's default
    /// (template for collections), else `None` (the caller's default).
    pub mode: Option<Mode>,
    /// The customer's name, when the item or front matter gives one.
    pub customer_name: Option<String>,
    /// Suppressions and overrides written in the file.
    pub settings: ItemSettings,
}

impl Item {
    /// A finding on this item's text as a finding on the original file,
    /// named after the item.
    pub fn to_source(&self, finding: Finding) -> Finding {
        let mut f = self.map.map_finding(finding);
        f.item.clone_from(&self.title);
        f
    }
}

/// A file that could not be turned into replies.
#[derive(Debug, Error, Diagnostic)]
pub enum SourceError {
    /// The file is not valid JSON/YAML (or its front matter is not).
    #[error("{}:{line}:{column}: invalid {format}: {message}", path.display())]
    #[diagnostic(code(source::syntax))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the file was read as.
        format: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A `replylint:` settings block is wrong (unknown key, bad type).
    #[error("{}:{line}:{column}: {message}", path.display())]
    #[diagnostic(
        code(source::settings),
        help("`replylint:` takes `ignore: [rule-id, ...]`, `reason: \"...\"` and `mode: draft|template`")
    )]
    Settings {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Valid JSON/YAML, but no list of replies was found in it.
    #[error("{}: no replies found in this {format}: {message}", path.display())]
    #[diagnostic(
        code(source::unrecognized),
        help("configure the collection keys, or exclude the file")
    )]
    Unrecognized {
        /// The file.
        path: PathBuf,
        /// What the file was read as.
        format: &'static str,
        /// What was looked for.
        message: String,
    },
}

impl SourceError {
    /// 1-based line and column, when the error has a position.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match self {
            SourceError::Syntax { line, column, .. }
            | SourceError::Settings { line, column, .. } => Some((*line, *column)),
            SourceError::Unrecognized { .. } => None,
        }
    }
}

/// The format of `path`, by extension and, for `.json` and Markdown, by the
/// shape of `text`.
pub fn detect(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "eml" => Format::Email,
        "md" | "mdx" | "markdown" | "mdown" | "mkd" => {
            if markdown::has_sections(text) {
                Format::MarkdownSections
            } else {
                Format::Markdown
            }
        }
        "yml" | "yaml" => Format::YamlCollection,
        "json" => {
            if is_zendesk(text) {
                Format::ZendeskMacros
            } else {
                Format::JsonCollection
            }
        }
        _ => Format::Text,
    }
}

fn is_zendesk(text: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let has_actions = |m: &serde_json::Value| m.get("actions").is_some_and(|a| a.is_array());
    match &v {
        serde_json::Value::Object(o) => {
            o.get("macros")
                .and_then(|m| m.as_array())
                .is_some_and(|l| l.iter().any(has_actions))
                || o.get("macro").is_some_and(has_actions)
        }
        serde_json::Value::Array(l) => l.iter().any(has_actions),
        _ => false,
    }
}

/// The replies in `text`, the contents of `path`, in the detected format.
pub fn items(path: &Path, text: &str, keys: &CollectionKeys) -> Result<Vec<Item>, SourceError> {
    items_as(detect(path, text), path, text, keys)
}

/// The replies in `text`, read as `format`.
pub fn items_as(
    format: Format,
    path: &Path,
    text: &str,
    keys: &CollectionKeys,
) -> Result<Vec<Item>, SourceError> {
    let at = |offset: usize| crate::position::line_col(text, offset);
    let syntax = |(offset, message): (usize, String)| {
        let (line, column) = at(offset);
        SourceError::Syntax {
            path: path.to_path_buf(),
            format: format.name(),
            line,
            column,
            message,
        }
    };
    let default_mode = format.is_collection().then_some(Mode::Template);
    match format {
        Format::Text | Format::Email => {
            let (body, map) = text::whole(text);
            Ok(vec![Item {
                title: None,
                text: body,
                map,
                mode: None,
                customer_name: None,
                settings: ItemSettings::default(),
            }])
        }
        Format::Markdown | Format::MarkdownSections => {
            let fm = markdown::front_matter(text).map_err(|e| {
                if e.in_settings {
                    let (line, column) = at(e.offset);
                    SourceError::Settings {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message: e.message,
                    }
                } else {
                    syntax((e.offset, e.message))
                }
            })?;
            if format == Format::Markdown {
                let body = &text[fm.body_start..];
                return Ok(vec![Item {
                    title: fm.title,
                    text: body.to_owned(),
                    map: OffsetMap::identity(fm.body_start, body.len()),
                    mode: fm.settings.mode.or(default_mode),
                    customer_name: fm.customer_name,
                    settings: fm.settings,
                }]);
            }
            Ok(markdown::sections(text, fm.body_start)
                .into_iter()
                .map(|s| {
                    let (body, map) = s.body.finish(s.pos);
                    Item {
                        title: Some(s.title),
                        text: body,
                        map,
                        mode: fm.settings.mode.or(default_mode),
                        customer_name: fm.customer_name.clone(),
                        settings: fm.settings.clone(),
                    }
                })
                .collect())
        }
        Format::YamlCollection | Format::JsonCollection | Format::ZendeskMacros => {
            let root = if format == Format::YamlCollection {
                yaml::parse(text)
            } else {
                json::parse(text)
            }
            .map_err(syntax)?;
            let found = node::collection(&root, keys).map_err(|e| {
                let (line, column) = at(e.offset);
                SourceError::Settings {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: e.message,
                }
            })?;
            let Some(raw) = found else {
                return Err(SourceError::Unrecognized {
                    path: path.to_path_buf(),
                    format: format.name(),
                    message: format!(
                        "expected a list of items (or a mapping of them) with a body under one of: {}",
                        keys.body.join(", ")
                    ),
                });
            };
            Ok(raw
                .into_iter()
                .map(|r| {
                    let (body, map) = r.body.finish(r.pos);
                    Item {
                        title: r.title,
                        text: body,
                        map,
                        mode: r.settings.mode.or(default_mode),
                        customer_name: r.customer_name,
                        settings: r.settings,
                    }
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> CollectionKeys {
        CollectionKeys::default()
    }

    fn located(text: &str, item: &Item, phrase: &str) -> (usize, usize) {
        let at = item.text.find(phrase).expect("phrase in item");
        let r = item.map.range_to_source(at..at + phrase.len());
        crate::position::line_col(text, r.start)
    }

    #[test]
    fn detects_by_extension_and_shape() {
        let p = |s: &str| Path::new(s).to_path_buf();
        assert_eq!(detect(&p("a.txt"), "x"), Format::Text);
        assert_eq!(detect(&p("a.eml"), "x"), Format::Email);
        assert_eq!(detect(&p("a.md"), "Hi"), Format::Markdown);
        assert_eq!(
            detect(&p("a.md"), "## A\n```\nx\n```\n## B\n```\ny\n```\n"),
            Format::MarkdownSections
        );
        assert_eq!(detect(&p("a.yml"), "a: 1"), Format::YamlCollection);
        assert_eq!(detect(&p("a.json"), "[]"), Format::JsonCollection);
        assert_eq!(
            detect(&p("m.json"), r#"{"macros":[{"title":"x","actions":[]}]}"#),
            Format::ZendeskMacros
        );
    }

    #[test]
    fn json_list_items_with_titles_and_positions() {
        let text = "[\n  {\"title\": \"Refund\", \"body\": \"Hi,\\n\\nwe can't refund this.\"},\n  {\"name\": \"No body\"}\n]\n";
        let items = items(Path::new("c.json"), text, &keys()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title.as_deref(), Some("Refund"));
        assert_eq!(items[0].mode, Some(Mode::Template));
        assert_eq!(items[0].text, "Hi,\n\nwe can't refund this.");
        let (line, col) = located(text, &items[0], "we can't refund");
        assert_eq!(line, 2);
        assert_eq!(
            col,
            text.lines().nth(1).unwrap().find("we can't").unwrap() + 1
        );
    }

    #[test]
    fn map_of_named_items_uses_the_key_as_fallback_title() {
        let text = "{\"r-1\": {\"label\": \"Dashboard\", \"content\": \"Try <a href=\\\"x\\\">this</a> &amp; that.\"}, \"r-2\": {\"content\": \"B\"}}";
        let items = items(Path::new("r.json"), text, &keys()).unwrap();
        assert_eq!(items[0].title.as_deref(), Some("Dashboard"));
        assert_eq!(items[0].text, "Try this & that.");
        assert_eq!(items[1].title.as_deref(), Some("r-2"));
        let at = items[0].text.find('&').unwrap();
        assert_eq!(&text[items[0].map.range_to_source(at..at + 1)], "&amp;");
    }

    #[test]
    fn yaml_collections_in_every_shape() {
        let list = "replies:\n  - name: One\n    body: |\n      we can't refund\n";
        let i = items(Path::new("r.yml"), list, &keys()).unwrap();
        assert_eq!(i[0].title.as_deref(), Some("One"));
        assert_eq!(located(list, &i[0], "we can't"), (4, 7));

        let labels = "fixed:\n  comment: >\n    Fixed in the\n    next release.\n  close: true\n";
        let i = items(Path::new("l.yml"), labels, &keys()).unwrap();
        assert_eq!(i[0].title.as_deref(), Some("fixed"));
        assert_eq!(i[0].text, "Fixed in the next release.\n");
        assert_eq!(located(labels, &i[0], "next"), (4, 5));

        let stale =
            "daysUntilStale: 60\nmarkComment: >\n  This issue is stale.\ncloseComment: false\n";
        let i = items(Path::new("stale.yml"), stale, &keys()).unwrap();
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].title.as_deref(), Some("markComment"));
    }

    #[test]
    fn zendesk_macros_plain_html_and_channel_lists() {
        let text = r#"{"macros": [
  {"title": "Refund", "actions": [{"field": "status", "value": "solved"},
    {"field": "comment_value_html", "value": "<p>Hi,</p><p>we can&#39;t refund.</p>"}]},
  {"title": "Plain", "actions": [{"field": "comment_value", "value": ["channel:all", "Hello\nthere"]}]},
  {"title": "Fields only", "actions": [{"field": "priority", "value": "low"}]}
]}"#;
        let path = Path::new("macros.json");
        assert_eq!(detect(path, text), Format::ZendeskMacros);
        let i = items(path, text, &keys()).unwrap();
        assert_eq!(i.len(), 2);
        assert_eq!(i[0].text, "Hi,\n\nwe can't refund.");
        let at = i[0].text.find("we can't").unwrap();
        let r = i[0].map.range_to_source(at..at + "we can't refund".len());
        assert_eq!(&text[r], "we can&#39;t refund");
        assert_eq!(i[1].text, "Hello\nthere");
    }

    #[test]
    fn item_settings_are_read_and_checked() {
        let ok = "- title: A\n  body: x\n  replylint:\n    ignore: flat-no\n    mode: draft\n";
        let i = items(Path::new("a.yaml"), ok, &keys()).unwrap();
        assert_eq!(i[0].settings.ignore, vec!["flat-no"]);
        assert_eq!(i[0].mode, Some(Mode::Draft));

        let bad = "- title: A\n  body: x\n  replylint:\n    ignore: [flat-no]\n    because: x\n";
        let e = items(Path::new("a.yaml"), bad, &keys()).unwrap_err();
        assert!(matches!(e, SourceError::Settings { .. }), "{e}");
        assert_eq!(e.line_col(), Some((5, 5)));
    }

    #[test]
    fn broken_files_are_located_errors() {
        let e = items(Path::new("a.json"), "{\n  \"a\": \n}", &keys()).unwrap_err();
        assert_eq!(e.line_col().map(|p| p.0), Some(3));
        let e = items(Path::new("a.yml"), "a: [\n", &keys()).unwrap_err();
        assert!(matches!(e, SourceError::Syntax { .. }));
        let e = items(Path::new("a.json"), "{\"version\": 3}", &keys()).unwrap_err();
        assert!(matches!(e, SourceError::Unrecognized { .. }));
    }

    #[test]
    fn markdown_front_matter_sets_title_name_and_mode() {
        let text = "---\ntitle: Late order\ncustomer_name: Dana\nreplylint:\n  mode: template\n---\nHi Dana, we can't refund.\n";
        let i = items(Path::new("r.md"), text, &keys()).unwrap();
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].title.as_deref(), Some("Late order"));
        assert_eq!(i[0].customer_name.as_deref(), Some("Dana"));
        assert_eq!(i[0].mode, Some(Mode::Template));
        assert_eq!(located(text, &i[0], "we can't"), (7, 10));
    }

    #[test]
    fn custom_collection_keys() {
        let text = "[{\"heading\": \"A\", \"reply_text\": \"Hello\"}]";
        let k = CollectionKeys {
            title: vec!["heading".into()],
            body: vec!["reply_text".into()],
        };
        let i = items(Path::new("a.json"), text, &k).unwrap();
        assert_eq!(i[0].title.as_deref(), Some("A"));
        assert_eq!(i[0].text, "Hello");
    }

    #[test]
    fn never_panics_on_garbage() {
        let inputs = [
            "",
            "{",
            "[",
            "\"",
            "---",
            "---\n",
            "- ",
            ": :",
            "{\"macros\": 3}",
            "{\"macros\": [{\"actions\": [{\"field\": \"comment_value\", \"value\": 3}]}]}",
            "\u{feff}",
            "## a\n## b\n```",
            "> \n>",
            "a: |\n",
            "a: >-\n\n\n",
        ];
        for t in inputs {
            for ext in ["a.json", "a.yml", "a.md", "a.txt"] {
                let _ = items(Path::new(ext), t, &keys());
            }
        }
    }
}

/// Property-style checks: many generated strings, every char boundary.
#[cfg(test)]
mod properties {
    use super::*;

    /// A tiny deterministic generator (no extra dependency).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    const ALPHABET: &[char] = &[
        'a', 'b', ' ', '\n', '"', '\\', 'é', '😀', '\t', '\'', '&', '<', '/', '#', ':',
    ];

    fn sample(rng: &mut Lcg, max: usize) -> String {
        let len = rng.next(max + 1);
        (0..len)
            .map(|_| ALPHABET[rng.next(ALPHABET.len())])
            .collect()
    }

    /// JSON with every non-ASCII char written as `\uXXXX` (pairs for astral).
    fn ascii_json(s: &str) -> String {
        ascii_escaped(s, false)
    }

    /// The same for YAML, which writes astral chars as `\UXXXXXXXX`.
    fn ascii_yaml(s: &str) -> String {
        ascii_escaped(s, true)
    }

    fn ascii_escaped(s: &str, yaml: bool) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii() => out.push(c),
                c if yaml && (c as u32) > 0xFFFF => out.push_str(&format!("\\U{:08x}", c as u32)),
                c => {
                    let mut buf = [0u16; 2];
                    for u in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn json_strings_decode_and_every_char_maps_to_its_token() {
        let mut rng = Lcg(7);
        for round in 0..400 {
            let s = sample(&mut rng, 24);
            let encoded = if round % 2 == 0 {
                serde_json::to_string(&s).unwrap()
            } else {
                ascii_json(&s)
            };
            let file = format!("[{{\"title\": \"t\", \"body\": {encoded}}}]");
            let items = items(Path::new("p.json"), &file, &CollectionKeys::default()).unwrap();
            let item = &items[0];
            assert_eq!(item.text, s, "{file}");
            assert!(item.map.is_exact());
            for (i, c) in s.char_indices() {
                let r = item.map.range_to_source(i..i + c.len_utf8());
                let token = &file[r];
                let back: String = serde_json::from_str(&format!("\"{token}\"")).unwrap();
                assert_eq!(back, c.to_string(), "char {i} of {s:?} in {file}");
            }
            if !s.is_empty() {
                // The end of the text is just before the closing quote.
                assert_eq!(item.map.to_source(s.len()), file.len() - 3, "{file}");
            }
        }
    }

    #[test]
    fn yaml_literal_blocks_map_every_char_to_itself() {
        let mut rng = Lcg(11);
        for _ in 0..300 {
            let lines: Vec<String> = (0..1 + rng.next(4))
                .map(|_| {
                    let l = sample(&mut rng, 12).replace('\n', "");
                    format!("x{}", l.trim_end())
                })
                .collect();
            let file = format!(
                "items:\n  - name: n\n    body: |\n{}\n    after: 1\n",
                lines
                    .iter()
                    .map(|l| format!("      {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            let items = items(Path::new("p.yml"), &file, &CollectionKeys::default()).unwrap();
            let item = &items[0];
            assert_eq!(item.text, format!("{}\n", lines.join("\n")), "{file}");
            assert!(item.map.is_exact(), "{file}");
            for (i, c) in item.text.char_indices() {
                let s = item.map.to_source(i);
                assert!(file.is_char_boundary(s));
                if c != '\n' {
                    assert!(file[s..].starts_with(c), "char {i} in {file:?}");
                } else {
                    assert!(file[s..].starts_with('\n'));
                }
            }
        }
    }

    #[test]
    fn yaml_double_quoted_strings_match_serde_yaml() {
        let mut rng = Lcg(13);
        let mut exact = 0;
        for _ in 0..300 {
            let s = sample(&mut rng, 16);
            let file = format!("- title: t\n  body: {}\n", ascii_yaml(&s));
            let items = items(Path::new("p.yaml"), &file, &CollectionKeys::default()).unwrap();
            let item = &items[0];
            assert_eq!(item.text, s, "{file}");
            if item.map.is_exact() {
                exact += 1;
                for (i, c) in s.char_indices() {
                    let r = item.map.range_to_source(i..i + c.len_utf8());
                    let token = &file[r];
                    let back: String = serde_yaml::from_str(&format!("\"{token}\"")).unwrap();
                    assert_eq!(back, c.to_string());
                }
            }
        }
        assert_eq!(exact, 300, "every double-quoted string is followed exactly");
    }

    #[test]
    fn html_entities_map_to_the_whole_entity() {
        let mut rng = Lcg(17);
        for _ in 0..200 {
            let s = sample(&mut rng, 16).replace(['\n', '\t'], " ");
            let mut html = String::from("<p>");
            for c in s.chars() {
                match c {
                    '&' => html.push_str("&amp;"),
                    '<' => html.push_str("&lt;"),
                    '\'' => html.push_str("&#39;"),
                    '"' => html.push_str("&quot;"),
                    'é' => html.push_str("&#xe9;"),
                    c => html.push(c),
                }
            }
            html.push_str("</p>");
            let file = serde_json::to_string(&serde_json::json!({
                "macros": [{"title": "t", "actions": [{"field": "comment_value_html", "value": html}]}]
            }))
            .unwrap();
            let items = items(Path::new("z.json"), &file, &CollectionKeys::default()).unwrap();
            let Some(item) = items.first() else { continue };
            assert_eq!(item.text, s.trim(), "{file}");
            for (i, c) in item.text.char_indices() {
                let r = item.map.range_to_source(i..i + c.len_utf8());
                let token = &file[r];
                if token.starts_with('&') {
                    assert!(token.ends_with(';'), "{token}");
                } else if !token.starts_with('\\') {
                    assert_eq!(token, c.to_string());
                }
            }
        }
    }
}
