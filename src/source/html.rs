//! HTML bodies (Zendesk `comment_value_html`, forum replies with links) as
//! plain text for the linter: tags dropped, `<br>` and block ends (`</p>`,
//! `</div>`, `</li>`, headings) as newlines, entities decoded (`&amp;`,
//! `&#39;`, `&#x27;`, `&nbsp;`...), comments, `<script>` and `<style>`
//! removed. Each output char keeps the source bytes it came from, so a
//! decoded `&#39;` maps back to the whole entity and a newline made from a
//! tag to the tag.
//!
//! White space in the text is kept as written: bodies that mix Markdown and
//! HTML use their newlines as paragraph breaks.

use std::ops::Range;

use crate::source::map::Located;

/// Tag names that make a string HTML rather than text that happens to hold
/// a `<placeholder>`.
const TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "table",
    "td",
    "tr",
    "u",
    "ul",
];

/// Tags whose start or end breaks a line.
const BLOCK: &[&str] = &[
    "blockquote",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tr",
    "ul",
];

/// Whether `s` holds at least one known HTML tag.
pub(crate) fn looks_like_html(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let b = lower.as_bytes();
    lower.match_indices('<').any(|(i, _)| {
        let rest = &lower[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        TAGS.iter().any(|t| {
            rest.starts_with(t)
                && matches!(
                    rest.as_bytes().get(t.len()),
                    Some(b' ' | b'>' | b'/' | b'\t' | b'\n')
                )
        })
    }) && b.contains(&b'>')
}

/// The text of an HTML fragment, located.
pub(crate) fn to_text(html: &Located) -> Located {
    let chars: Vec<(char, Range<usize>)> = html.iter().collect();
    let mut out = Located::new();
    let mut i = 0;
    while i < chars.len() {
        let (c, ref src) = chars[i];
        match c {
            '<' => {
                let Some(close) = chars[i..].iter().position(|(c, _)| *c == '>') else {
                    out.push(c, src.clone());
                    i += 1;
                    continue;
                };
                let inner: String = chars[i + 1..i + close].iter().map(|(c, _)| *c).collect();
                let tag_src = src.start..chars[i + close].1.end;
                let end = i + close + 1;
                if inner.starts_with("!--") {
                    // A comment: skip to `-->`.
                    i = find_seq(&chars, i, "-->").map_or(chars.len(), |j| j + 3);
                    continue;
                }
                let closing = inner.starts_with('/');
                let name: String = inner
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !closing && (name == "script" || name == "style") {
                    let closer = format!("</{name}");
                    i = find_seq_ci(&chars, end, &closer)
                        .and_then(|j| {
                            chars[j..]
                                .iter()
                                .position(|(c, _)| *c == '>')
                                .map(|k| j + k + 1)
                        })
                        .unwrap_or(chars.len());
                    continue;
                }
                if name == "br" {
                    out.push('\n', tag_src);
                } else if BLOCK.contains(&name.as_str()) {
                    // A block boundary: end the current line (once), and
                    // leave a blank line after paragraphs.
                    let wanted = if closing && (name == "p" || name.starts_with('h')) {
                        2
                    } else {
                        1
                    };
                    if !out.is_empty() {
                        let have = out.text().len() - out.text().trim_end_matches('\n').len();
                        for _ in have..wanted {
                            out.push('\n', tag_src.clone());
                        }
                    }
                }
                i = end;
            }
            '&' => match entity(&chars, i) {
                Some((decoded, len)) => {
                    let src = src.start..chars[i + len - 1].1.end;
                    out.push(decoded, src);
                    i += len;
                }
                None => {
                    out.push(c, src.clone());
                    i += 1;
                }
            },
            _ => {
                out.push(c, src.clone());
                i += 1;
            }
        }
    }
    out.trimmed()
}

fn find_seq(chars: &[(char, Range<usize>)], from: usize, seq: &str) -> Option<usize> {
    let seq: Vec<char> = seq.chars().collect();
    (from..chars.len()).find(|&j| {
        seq.iter()
            .enumerate()
            .all(|(k, c)| chars.get(j + k).is_some_and(|(d, _)| d == c))
    })
}

fn find_seq_ci(chars: &[(char, Range<usize>)], from: usize, seq: &str) -> Option<usize> {
    let seq: Vec<char> = seq.chars().collect();
    (from..chars.len()).find(|&j| {
        seq.iter().enumerate().all(|(k, c)| {
            chars
                .get(j + k)
                .is_some_and(|(d, _)| d.to_ascii_lowercase() == *c)
        })
    })
}

/// The entity at `i` (`&name;`, `&#NN;`, `&#xHH;`): the char and how many
/// chars it spans.
fn entity(chars: &[(char, Range<usize>)], i: usize) -> Option<(char, usize)> {
    let semi = chars[i..].iter().take(12).position(|(c, _)| *c == ';')?;
    let name: String = chars[i + 1..i + semi].iter().map(|(c, _)| *c).collect();
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match name.as_str() {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "rsquo" => '’',
            "lsquo" => '‘',
            "rdquo" => '”',
            "ldquo" => '“',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "euro" => '€',
            "pound" => '£',
            "eacute" => 'é',
            _ => return None,
        }
    };
    Some((decoded, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(src: &str) -> (String, crate::source::map::OffsetMap) {
        let mut l = Located::new();
        l.push_verbatim(src, 0);
        to_text(&l).finish(0)
    }

    #[test]
    fn recognises_html_but_not_placeholders() {
        assert!(looks_like_html("<p>Hi</p>"));
        assert!(looks_like_html("see <a href=\"x\">this</a>"));
        assert!(!looks_like_html("duplicate of #<ISSUE_NUMBER>"));
        assert!(!looks_like_html("Hi <customer name>,"));
        assert!(!looks_like_html("a < b and c > d"));
    }

    #[test]
    fn paragraphs_and_breaks_become_newlines() {
        let (t, _) =
            convert("<p>Hi Dana,</p><p>Sorry!<br>We can&#39;t refund &amp; that&rsquo;s it.</p>");
        assert_eq!(t, "Hi Dana,\n\nSorry!\nWe can't refund & that’s it.");
    }

    #[test]
    fn entities_map_back_to_the_whole_entity() {
        let src = "<p>We can&#39;t refund</p>";
        let (t, map) = convert(src);
        let at = t.find('\'').unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 1)], "&#39;");
        let w = t.find("We can").unwrap();
        assert_eq!(
            &src[map.range_to_source(w..w + "We can't refund".len())],
            "We can&#39;t refund"
        );
        for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
            assert!(src.is_char_boundary(map.to_source(i)));
        }
    }

    #[test]
    fn drops_comments_scripts_and_unknown_tags() {
        let (t, _) = convert(
            "<div><!-- x <p> --><script>alert(1)</script><span>Hello</span> &bogus; there</div>",
        );
        assert_eq!(t, "Hello &bogus; there");
    }

    #[test]
    fn unclosed_tag_is_kept_as_text() {
        let (t, _) = convert("<p>a <b");
        assert_eq!(t, "a <b");
    }
}
