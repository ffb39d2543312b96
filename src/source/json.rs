//! JSON files: a small scanner that builds a [`Node`] tree in which every
//! string is decoded while recording, char by char, the bytes of the escape
//! it came from (`\n`, `\"`, `\u00e9`, surrogate pairs `\ud83d\ude00`).
//!
//! serde_json checks the file first, so a broken file gets serde_json's
//! message at its line and column; serde_json's values carry no positions,
//! which is why the scanner exists. It accepts exactly JSON (RFC 8259).

use std::ops::Range;

use crate::source::map::Located;
use crate::source::node::{Key, Node};

/// Parse `text` into a located tree; errors are (byte offset, message).
pub(crate) fn parse(text: &str) -> Result<Node, (usize, String)> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let offset = offset_of(text, e.line(), e.column());
        let msg = e.to_string();
        // serde_json appends " at line L column C"; the caller adds its own.
        let msg = match msg.find(" at line ") {
            Some(i) => msg[..i].to_owned(),
            None => msg,
        };
        return Err((offset, msg));
    }
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    let node = p.value()?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err((p.pos, "trailing characters".into()));
    }
    Ok(node)
}

/// Byte offset of serde_json's 1-based line and column (column counts bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    crate::position::floor_char_boundary(text, (start + column.saturating_sub(1)).min(text.len()))
}

const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

type PResult<T> = Result<T, (usize, String)>;

impl Parser<'_> {
    fn err<T>(&self, msg: &str) -> PResult<T> {
        Err((self.pos.min(self.bytes.len()), msg.to_owned()))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> PResult<Node> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let (s, span) = self.string()?;
                Ok(Node::Str(s, span))
            }
            Some(_) => {
                let start = self.pos;
                while matches!(
                    self.peek(),
                    Some(b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E')
                ) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return self.err("expected a value");
                }
                Ok(Node::Other(start..self.pos))
            }
            None => self.err("unexpected end of file"),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("nested too deeply");
        }
        Ok(())
    }

    fn object(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::Map(entries, start));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return self.err("expected a key");
            }
            let key_pos = self.pos;
            let (key, _) = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return self.err("expected `:`");
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            entries.push((
                Key {
                    name: key.text().to_owned(),
                    pos: key_pos,
                },
                value,
            ));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Node::Map(entries, start));
                }
                _ => return self.err("expected `,` or `}`"),
            }
        }
    }

    fn array(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::Seq(items, start));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Node::Seq(items, start));
                }
                _ => return self.err("expected `,` or `]`"),
            }
        }
    }

    /// A string token at `pos`: its decoded, located text and its raw span
    /// (quotes included).
    fn string(&mut self) -> PResult<(Located, Range<usize>)> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Located::new();
        loop {
            let Some(b) = self.peek() else {
                return self.err("unterminated string");
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok((out, start..self.pos));
                }
                b'\\' => self.escape(&mut out)?,
                _ => {
                    let Some(c) = self.src[self.pos..].chars().next() else {
                        return self.err("unterminated string");
                    };
                    out.push(c, self.pos..self.pos + c.len_utf8());
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self, out: &mut Located) -> PResult<()> {
        let start = self.pos;
        let Some(kind) = self.bytes.get(self.pos + 1).copied() else {
            return self.err("unterminated escape");
        };
        self.pos += 2;
        let c = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate: one char from the pair of escapes.
                    if self.bytes.get(self.pos) == Some(&b'\\')
                        && self.bytes.get(self.pos + 1) == Some(&b'u')
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        } else {
                            self.pos = save;
                            '\u{FFFD}'
                        }
                    } else {
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            _ => {
                self.pos = start;
                return self.err("invalid escape");
            }
        };
        out.push(c, start..self.pos);
        Ok(())
    }

    fn hex4(&mut self) -> PResult<u32> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(d) = digits else {
            return self.err("invalid \\u escape");
        };
        let v = u32::from_str_radix(d, 16).map_err(|_| (self.pos, "invalid \\u escape".into()))?;
        self.pos += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_of(src: &str) -> (String, crate::source::map::OffsetMap) {
        match parse(src).unwrap() {
            Node::Str(l, span) => l.finish(span.start + 1),
            other => panic!("not a string: {other:?}"),
        }
    }

    /// Every char of the decoded text maps to the start of its own escape
    /// or verbatim char in the source.
    fn check_every_boundary(src: &str, expected: &str) {
        let (text, map) = string_of(src);
        assert_eq!(text, expected);
        let mut last = 0;
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let s = map.to_source(i);
            assert!(src.is_char_boundary(s));
            assert!(s >= last);
            last = s;
            if i < text.len() {
                let c = text[i..].chars().next().unwrap();
                let raw = &src[s..];
                // The source at the mapped offset is the char itself or an escape.
                assert!(
                    raw.starts_with(c) || raw.starts_with('\\'),
                    "offset {i} ({c:?}) maps to {raw:?}"
                );
                // The span of this one char covers exactly its token.
                let r = map.range_to_source(i..i + c.len_utf8());
                let token = &src[r.clone()];
                if !token.starts_with('\\') {
                    assert_eq!(token, c.to_string());
                }
            } else {
                assert_eq!(s, src.len() - 1, "the end maps before the closing quote");
            }
        }
    }

    #[test]
    fn decodes_escapes_and_maps_every_char() {
        check_every_boundary(r#""a\nb""#, "a\nb");
        check_every_boundary(r#""say \"no\"""#, "say \"no\"");
        check_every_boundary(r#""caf\u00e9 ok""#, "café ok");
        check_every_boundary(r#""x\ud83d\ude00y""#, "x😀y");
        check_every_boundary(r#""tab\there\\ \/""#, "tab\there\\ /");
        check_every_boundary(r#""verbatim é 😀 ok""#, "verbatim é 😀 ok");
        check_every_boundary(r#""""#, "");
    }

    #[test]
    fn surrogate_pair_is_one_char_spanning_both_escapes() {
        let src = r#""\ud83d\ude00!""#;
        let (text, map) = string_of(src);
        assert_eq!(text, "😀!");
        assert_eq!(map.range_to_source(0..4), 1..13);
        assert_eq!(map.to_source(4), 13);
    }

    #[test]
    fn finds_a_phrase_after_escapes_at_the_right_offset() {
        let src = r#"{"body": "Hi \"Dana\",\n\nwe can't refund"}"#;
        let node = parse(src).unwrap();
        let Some(Node::Str(l, _)) = node.get("body") else {
            panic!()
        };
        let (text, map) = l.clone().finish(0);
        let at = text.find("we can't").unwrap();
        let r = map.range_to_source(at..at + "we can't refund".len());
        assert_eq!(&src[r], "we can't refund");
    }

    #[test]
    fn broken_json_reports_the_offset() {
        let src = "{\n  \"a\": [1,\n}";
        let (offset, msg) = parse(src).unwrap_err();
        assert_eq!(crate::position::line_col(src, offset).0, 3);
        assert!(!msg.contains("at line"), "{msg}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(&src).is_err());
    }
}
