//! Markdown and MDX: one reply per file, or many replies under headings.
//!
//! - **Front matter** (`---` YAML `---` at the top) may carry `title`,
//!   `customer_name` and `replylint: {ignore, reason, mode}`; it is never
//!   linted.
//! - **One reply per file** (a folder of saved replies, Discourse templates):
//!   the reply is the body after the front matter, mapped by a shift.
//! - **Many replies in one file** (a `SAVED_REPLIES.md`): each `##`-or-deeper
//!   heading (or a `---- TITLE` separator line) starts an item titled by the
//!   heading. Inside a section the reply is, in order of preference: each
//!   fenced block with no language or a prose one (```` ``` ````, `markdown`,
//!   `md`, `text`), titled by the nearest bold line above it when a section
//!   holds several; else the `>` blockquote(s), with the markers removed;
//!   else the section's text. `#` headings only close sections, so a
//!   document title and its introduction are not taken for a reply.

use std::ops::Range;

use crate::source::map::Located;
use crate::source::node::{settings, Node};
use crate::source::{yaml, ItemSettings};

/// What the front matter says.
#[derive(Debug, Default, Clone)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) customer_name: Option<String>,
    pub(crate) settings: ItemSettings,
    /// Where the body starts.
    pub(crate) body_start: usize,
}

/// A broken front matter: bad YAML, or bad `replylint:` settings.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatterError {
    pub(crate) offset: usize,
    pub(crate) message: String,
    /// The YAML is fine; the settings are not.
    pub(crate) in_settings: bool,
}

/// The front matter of `text`, if it has one.
pub(crate) fn front_matter(text: &str) -> Result<FrontMatter, FrontMatterError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(FrontMatter::default());
    }
    let mut start = first_end;
    let mut close = None;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = text[start..end].trim_end();
        if line == "---" || line == "..." {
            close = Some((start, end));
            break;
        }
        start = end;
    }
    let Some((yaml_end, body_start)) = close else {
        // An opening `---` with no end is a thematic break, not front matter.
        return Ok(FrontMatter::default());
    };
    let yaml_text = &text[first_end..yaml_end];
    let node = yaml::parse(yaml_text).map_err(|(o, message)| FrontMatterError {
        offset: first_end + o,
        message,
        in_settings: false,
    })?;
    let mut fm = FrontMatter {
        body_start,
        ..FrontMatter::default()
    };
    let string = |key: &str| match node.get(key) {
        Some(Node::Str(l, _)) => Some(l.text().trim().to_owned()),
        _ => None,
    };
    fm.title = string("title");
    fm.customer_name = string("customer_name").or_else(|| string("customer-name"));
    if let Some(s) = node.get("replylint") {
        fm.settings = settings(s).map_err(|e| FrontMatterError {
            offset: first_end + e.offset,
            message: e.message,
            in_settings: true,
        })?;
    }
    Ok(fm)
}

/// A heading or separator line that starts a section.
#[derive(Debug, Clone)]
struct Heading {
    level: usize,
    title: String,
    /// The line's range.
    line: Range<usize>,
    /// A `---- TITLE` separator (plain text sections, no fences).
    separator: bool,
}

/// Lines with their byte ranges (without the line break) and the break's end.
fn lines(text: &str, from: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    while start < text.len() {
        let nl = text[start..].find('\n').map(|i| start + i);
        let next = nl.map_or(text.len(), |i| i + 1);
        let mut end = nl.unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        out.push((start, end, next));
        start = next;
    }
    out
}

/// An opening fence: (indent, fence char, length, info string).
fn fence_open(line: &str) -> Option<(usize, char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(c).len();
    if len < 3 {
        return None;
    }
    Some((indent, c, len, rest[len..].trim()))
}

fn is_fence_close(line: &str, c: char, len: usize) -> bool {
    let t = line.trim();
    t.len() >= len && t.chars().all(|x| x == c)
}

/// Headings outside fenced blocks, from `from` on.
fn headings(text: &str, from: usize) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (s, e, _) in lines(text, from) {
        let line = &text[s..e];
        if let Some((c, len)) = fence {
            if is_fence_close(line, c, len) {
                fence = None;
            }
            continue;
        }
        if let Some((_, c, len, _)) = fence_open(line) {
            fence = Some((c, len));
            continue;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
            let title = line[hashes..].trim().trim_end_matches('#').trim();
            out.push(Heading {
                level: hashes,
                title: title.to_owned(),
                line: s..e,
                separator: false,
            });
            continue;
        }
        let dashes = line.len() - line.trim_start_matches('-').len();
        if dashes >= 4 && line[dashes..].starts_with(' ') && !line[dashes..].trim().is_empty() {
            out.push(Heading {
                level: 2,
                title: line[dashes..].trim().to_owned(),
                line: s..e,
                separator: true,
            });
        }
    }
    out
}

/// Whether the body holds several replies under headings.
pub(crate) fn has_sections(text: &str) -> bool {
    let start = front_matter(text).map_or(0, |f| f.body_start);
    headings(text, start)
        .iter()
        .filter(|h| h.level >= 2)
        .count()
        >= 2
}

/// One reply found in a Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) body: Located,
    pub(crate) pos: usize,
}

/// The replies under the headings of `text`, after `from`.
pub(crate) fn sections(text: &str, from: usize) -> Vec<Section> {
    let hs = headings(text, from);
    let mut out = Vec::new();
    for (i, h) in hs.iter().enumerate() {
        if h.level < 2 {
            continue;
        }
        let start = (h.line.end + 1).min(text.len());
        let end = hs.get(i + 1).map_or(text.len(), |n| n.line.start);
        if start >= end {
            continue;
        }
        let found = if h.separator {
            Vec::new()
        } else {
            fenced(text, start..end)
        };
        if !found.is_empty() {
            let many = found.len() > 1;
            for (n, (label, body)) in found.into_iter().enumerate() {
                let title = match (many, label) {
                    (true, Some(label)) => label,
                    (true, None) => format!("{} ({})", h.title, n + 1),
                    (false, _) => h.title.clone(),
                };
                out.push(Section {
                    title,
                    pos: body_pos(&body, start),
                    body,
                });
            }
            continue;
        }
        let quotes = blockquotes(text, start..end);
        if !quotes.is_empty() && !h.separator {
            let many = quotes.len() > 1;
            for (n, body) in quotes.into_iter().enumerate() {
                let title = if many {
                    format!("{} ({})", h.title, n + 1)
                } else {
                    h.title.clone()
                };
                out.push(Section {
                    title,
                    pos: body_pos(&body, start),
                    body,
                });
            }
            continue;
        }
        let mut body = Located::new();
        body.push_verbatim(&text[start..end], start);
        let body = body.trimmed();
        if !body.is_empty() {
            out.push(Section {
                title: h.title.clone(),
                pos: body_pos(&body, start),
                body,
            });
        }
    }
    out
}

fn body_pos(body: &Located, fallback: usize) -> usize {
    body.iter().next().map_or(fallback, |(_, r)| r.start)
}

/// Prose fences in `range`, each with the bold label above it.
fn fenced(text: &str, range: Range<usize>) -> Vec<(Option<String>, Located)> {
    let mut out = Vec::new();
    let ls: Vec<_> = lines(text, range.start)
        .into_iter()
        .take_while(|(s, _, _)| *s < range.end)
        .collect();
    let mut label: Option<String> = None;
    let mut i = 0;
    while i < ls.len() {
        let (s, e, _) = ls[i];
        let line = &text[s..e];
        if let Some((indent, c, len, info)) = fence_open(line) {
            let prose = matches!(
                info.to_ascii_lowercase().as_str(),
                "" | "md" | "markdown" | "text" | "txt" | "plain" | "mdx"
            );
            let mut body = Located::new();
            let mut j = i + 1;
            while j < ls.len() && !is_fence_close(&text[ls[j].0..ls[j].1], c, len) {
                let (ls_, le, ln) = ls[j];
                let l = &text[ls_..le];
                let strip = (l.len() - l.trim_start_matches(' ').len()).min(indent);
                body.push_verbatim(&l[strip..], ls_ + strip);
                if j + 1 < ls.len() && !is_fence_close(&text[ls[j + 1].0..ls[j + 1].1], c, len) {
                    body.push('\n', le..ln);
                }
                j += 1;
            }
            if prose && !body.text().trim().is_empty() {
                out.push((label.take(), body));
            }
            i = j + 1;
            continue;
        }
        let t = line.trim();
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .unwrap_or(t)
            .trim();
        if let Some(inner) = t.strip_prefix("**").and_then(|x| x.strip_suffix("**")) {
            label = Some(inner.trim().to_owned());
        }
        i += 1;
    }
    out
}

/// The groups of `>` lines in `range`, markers removed.
fn blockquotes(text: &str, range: Range<usize>) -> Vec<Located> {
    let mut out = Vec::new();
    let mut cur: Option<Located> = None;
    for (s, e, next) in lines(text, range.start) {
        if s >= range.end {
            break;
        }
        let line = &text[s..e];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent <= 3 && line[indent..].starts_with('>') {
            let mut at = indent + 1;
            if line[at..].starts_with(' ') {
                at += 1;
            }
            let q = cur.get_or_insert_with(Located::new);
            q.push_verbatim(&line[at..], s + at);
            q.push('\n', e..next);
        } else if let Some(q) = cur.take() {
            let q = q.trimmed();
            if !q.is_empty() {
                out.push(q);
            }
        }
    }
    if let Some(q) = cur.take() {
        let q = q.trimmed();
        if !q.is_empty() {
            out.push(q);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_verbatim(src: &str, body: &Located) {
        let (text, map) = body.clone().finish(0);
        for (i, c) in text.char_indices() {
            if c != '\n' {
                let s = map.to_source(i);
                assert!(src[s..].starts_with(c), "{c:?} at {i}");
            }
        }
    }

    #[test]
    fn front_matter_settings_and_body_start() {
        let src = "---\ntitle: Refund\ncustomer_name: Dana\nreplylint:\n  ignore: [flat-no]\n  reason: policy\n---\nHi Dana,\n";
        let fm = front_matter(src).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Refund"));
        assert_eq!(fm.customer_name.as_deref(), Some("Dana"));
        assert_eq!(fm.settings.ignore, vec!["flat-no"]);
        assert_eq!(&src[fm.body_start..], "Hi Dana,\n");
    }

    #[test]
    fn unknown_setting_is_an_error_at_its_line() {
        let src = "---\nreplylint:\n  ignroe: [flat-no]\n---\nHi\n";
        let e = front_matter(src).unwrap_err();
        assert_eq!(crate::position::line_col(src, e.offset), (3, 3));
        assert!(e.in_settings);
        assert!(e.message.contains("ignroe"));
    }

    #[test]
    fn a_lone_thematic_break_is_not_front_matter() {
        assert_eq!(front_matter("---\nHi there\n").unwrap().body_start, 0);
    }

    #[test]
    fn fenced_sections_become_items() {
        let src = "# Saved replies\n\nIntro text.\n\n## Duplicate (v1)\n\n```\nThanks. This is a duplicate.\n```\n\n## Refund\n\n```markdown\nWe can't refund.\n```\n";
        assert!(has_sections(src));
        let s = sections(src, 0);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, "Duplicate (v1)");
        assert_eq!(s[0].body.text(), "Thanks. This is a duplicate.");
        assert_eq!(s[1].body.text(), "We can't refund.");
        check_verbatim(src, &s[1].body);
    }

    #[test]
    fn indented_fences_under_bold_bullets() {
        let src = "### Triage\n\n- **First**\n\n  ```md\n  Line one\n  line two\n  ```\n\n- **Second**\n\n  ```md\n  Other\n  ```\n## Next\nplain\n";
        let s = sections(src, 0);
        assert_eq!(s[0].title, "First");
        assert_eq!(s[0].body.text(), "Line one\nline two");
        assert_eq!(s[1].title, "Second");
        check_verbatim(src, &s[0].body);
        assert_eq!(s[2].body.text(), "plain");
    }

    #[test]
    fn blockquote_macros_and_separators() {
        let src = "## 1. Hello\n\n**Use when:** x\n\n> Hi {customer_name},\n>\n> we can't refund.\n\n---- PLAIN\n\nJust text.\n";
        let s = sections(src, 0);
        assert_eq!(s[0].body.text(), "Hi {customer_name},\n\nwe can't refund.");
        check_verbatim(src, &s[0].body);
        assert_eq!(s[1].title, "PLAIN");
        assert_eq!(s[1].body.text(), "Just text.");
    }

    #[test]
    fn headings_inside_fences_are_not_sections() {
        let src = "Reply\n\n```\n## not a heading\n```\n## One\n";
        assert!(!has_sections(src));
    }
}
