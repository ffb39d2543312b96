//! [`OffsetMap`]: where each byte of an item's text came from in the original
//! file, and [`Located`], the char-by-char builder every format uses to make
//! one.
//!
//! A reply inside a JSON string, a YAML block scalar or a Zendesk HTML body is
//! not the bytes of the file: escapes are decoded, indentation removed, tags
//! dropped. The linter works on the decoded text; reporters need positions in
//! the file. Each format therefore builds its text one char at a time, noting
//! the source bytes that produced that char ([`Located::push`]), and the map is
//! compressed into sorted segments: runs copied verbatim ("exact", mapped byte
//! for byte) and single decoded chars ("atoms", mapped to the whole escape or
//! entity that produced them).

use std::ops::Range;

use crate::finding::Finding;

/// One run of the map: `text` bytes that came from `source` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text_start: usize,
    text_end: usize,
    source_start: usize,
    source_end: usize,
    /// Copied verbatim: same length on both sides, mapped byte for byte.
    exact: bool,
}

/// Maps byte offsets of an item's text to byte offsets of the original file.
///
/// Every char boundary of the text maps to a char boundary of the source:
/// the start of a verbatim char maps to that char, the start of a decoded
/// char to the start of the escape or entity that produced it, and the end of
/// the text to the end of the last source bytes used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    /// Where an empty text points.
    base: usize,
    /// Some run of several chars was pinned to one source position because
    /// its exact origin was not followed.
    approximate: bool,
}

impl OffsetMap {
    /// The map of a text that is the slice `start..start + len` of the file.
    pub fn identity(start: usize, len: usize) -> Self {
        let segments = if len == 0 {
            Vec::new()
        } else {
            vec![Segment {
                text_start: 0,
                text_end: len,
                source_start: start,
                source_end: start + len,
                exact: true,
            }]
        };
        OffsetMap {
            segments,
            base: start,
            approximate: false,
        }
    }

    /// A map that knows only roughly where the text came from: every offset
    /// points at `source` (the start of the value), the end at `source_end`.
    /// Used when a YAML construct is too exotic to follow char by char.
    pub fn approximate(text_len: usize, source: Range<usize>) -> Self {
        let segments = if text_len == 0 {
            Vec::new()
        } else {
            vec![Segment {
                text_start: 0,
                text_end: text_len,
                source_start: source.start,
                source_end: source.end.max(source.start),
                exact: false,
            }]
        };
        OffsetMap {
            segments,
            base: source.start,
            approximate: true,
        }
    }

    /// Whether every char maps to its own source bytes (verbatim, or the
    /// escape or entity that produced it). False when the format reader
    /// could only say where the value starts (see `yaml.rs`).
    pub fn is_exact(&self) -> bool {
        !self.approximate
    }

    /// The segment holding text byte `offset`.
    fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.text_start <= offset);
        let s = self.segments.get(i.checked_sub(1)?)?;
        (offset < s.text_end).then_some(s)
    }

    /// The length of the text this map describes.
    pub fn text_len(&self) -> usize {
        self.segments.last().map_or(0, |s| s.text_end)
    }

    /// The file offset of text offset `offset` (used for the start of a span).
    /// Offsets at or past the end of the text map to the end of the last
    /// source bytes used.
    pub fn to_source(&self, offset: usize) -> usize {
        match self.segment_at(offset) {
            Some(s) if s.exact => s.source_start + (offset - s.text_start),
            Some(s) => s.source_start,
            None => self.segments.last().map_or(self.base, |s| s.source_end),
        }
    }

    /// The file offset for the exclusive end `end` of a span: the end of the
    /// source bytes that produced the span's last char (so a span ending on
    /// a decoded `\u00e9` ends after the escape).
    pub fn to_source_end(&self, end: usize) -> usize {
        if end == 0 {
            return self.to_source(0);
        }
        match self.segment_at(end - 1) {
            Some(s) if s.exact => s.source_start + (end - s.text_start),
            Some(s) => s.source_end,
            None => self.segments.last().map_or(self.base, |s| s.source_end),
        }
    }

    /// A text range as a file range.
    pub fn range_to_source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        if range.is_empty() {
            return start..start;
        }
        let end = self.to_source_end(range.end).max(start);
        start..end
    }

    /// A finding on the item's text as a finding on the file: its span and
    /// every suggestion's span are mapped (the matched words stay decoded).
    pub fn map_finding(&self, mut finding: Finding) -> Finding {
        finding.span = self.range_to_source(finding.span.clone());
        for s in &mut finding.suggestions {
            s.span = self.range_to_source(s.span.clone());
        }
        finding
    }
}

/// A text under construction, each char with the source bytes it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Located {
    text: String,
    /// Per char, in order: (text offset, source range).
    chars: Vec<(usize, Range<usize>)>,
}

impl Located {
    pub(crate) fn new() -> Self {
        Located::default()
    }

    /// Copy `s`, which starts at `source_start` in the file, verbatim.
    pub(crate) fn push_verbatim(&mut self, s: &str, source_start: usize) {
        for (i, c) in s.char_indices() {
            let start = source_start + i;
            self.push(c, start..start + c.len_utf8());
        }
    }

    /// Append `c`, produced by the file bytes `source`.
    pub(crate) fn push(&mut self, c: char, source: Range<usize>) {
        self.chars.push((self.text.len(), source));
        self.text.push(c);
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The chars with their sources, for transformations (HTML, trimming).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (char, Range<usize>)> + '_ {
        self.text
            .chars()
            .zip(self.chars.iter())
            .map(|(c, (_, r))| (c, r.clone()))
    }

    /// The part of the text in `range` (char boundaries), still located.
    pub(crate) fn slice(&self, range: Range<usize>) -> Located {
        let mut out = Located::new();
        for ((off, src), c) in self.chars.iter().zip(self.text.chars()) {
            if *off >= range.start && *off < range.end {
                out.push(c, src.clone());
            }
        }
        out
    }

    /// Without leading and trailing white space.
    pub(crate) fn trimmed(&self) -> Located {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        if start >= end {
            return Located::new();
        }
        self.slice(start..end)
    }

    /// The text and its map; an empty text points at `base`.
    pub(crate) fn finish(self, base: usize) -> (String, OffsetMap) {
        let mut segments: Vec<Segment> = Vec::new();
        let mut approximate = false;
        let chars = self.text.chars();
        for (c, (off, src)) in chars.zip(self.chars) {
            let len = c.len_utf8();
            let exact = src.len() == len;
            if exact {
                if let Some(last) = segments.last_mut() {
                    if last.exact && last.text_end == off && last.source_end == src.start {
                        last.text_end += len;
                        last.source_end += len;
                        continue;
                    }
                }
            }
            if let Some(last) = segments.last() {
                // Two chars from the same bytes: the reader did not follow
                // this value char by char.
                approximate |= !exact && !src.is_empty() && last.source_start == src.start;
            }
            segments.push(Segment {
                text_start: off,
                text_end: off + len,
                source_start: src.start,
                source_end: src.end,
                exact,
            });
        }
        let base = segments.first().map_or(base, |s| s.source_start);
        (
            self.text,
            OffsetMap {
                segments,
                base,
                approximate,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char boundary of `text` maps inside `source`, monotonically, onto
    /// a char boundary.
    fn assert_sane(text: &str, map: &OffsetMap, source: &str) {
        let mut last = 0;
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let s = map.to_source(i);
            assert!(s <= source.len(), "offset {i} maps past the source");
            assert!(
                source.is_char_boundary(s),
                "offset {i} -> {s} splits a char"
            );
            assert!(s >= last, "map goes backwards at {i}");
            last = s;
            let e = map.to_source_end(i);
            assert!(source.is_char_boundary(e));
            assert!(e <= source.len());
        }
    }

    #[test]
    fn identity_maps_every_offset_by_the_start() {
        let file = "xx héllo 😀 yy";
        let body = &file[3..file.len() - 3];
        let map = OffsetMap::identity(3, body.len());
        for i in (0..=body.len()).filter(|&i| body.is_char_boundary(i)) {
            assert_eq!(map.to_source(i), 3 + i);
            assert_eq!(map.to_source_end(i), 3 + i);
        }
        assert_sane(body, &map, file);
        assert!(map.is_exact());
    }

    #[test]
    fn decoded_chars_map_to_their_whole_escape() {
        // text "a\nb" from source `a\nb` (4 bytes)
        let source = r"a\nb";
        let mut l = Located::new();
        l.push('a', 0..1);
        l.push('\n', 1..3);
        l.push('b', 3..4);
        let (text, map) = l.finish(0);
        assert_eq!(text, "a\nb");
        assert_eq!(map.to_source(0), 0);
        assert_eq!(map.to_source(1), 1);
        assert_eq!(map.to_source(2), 3);
        assert_eq!(map.to_source(3), 4);
        assert_eq!(map.to_source_end(2), 3);
        assert_eq!(map.range_to_source(1..2), 1..3);
        assert_sane(&text, &map, source);
    }

    #[test]
    fn empty_text_points_at_its_base() {
        let (text, map) = Located::new().finish(7);
        assert_eq!(text, "");
        assert_eq!(map.to_source(0), 7);
        assert_eq!(map.to_source_end(0), 7);
        assert_eq!(map.range_to_source(0..0), 7..7);
    }

    #[test]
    fn approximate_points_every_offset_at_the_value() {
        let map = OffsetMap::approximate(10, 4..9);
        assert_eq!(map.to_source(0), 4);
        assert_eq!(map.to_source(5), 4);
        assert_eq!(map.to_source_end(10), 9);
        assert!(!map.is_exact());
    }

    #[test]
    fn trimmed_keeps_sources() {
        let mut l = Located::new();
        l.push_verbatim("  ab  ", 10);
        let (t, map) = l.trimmed().finish(0);
        assert_eq!(t, "ab");
        assert_eq!(map.to_source(0), 12);
        assert_eq!(map.to_source(2), 14);
    }

    #[test]
    fn maps_a_finding_and_its_suggestions() {
        use crate::finding::{Applicability, Suggestion};
        use crate::rule::Severity;
        let map = OffsetMap::identity(100, 50);
        let f = Finding {
            rule: "x".into(),
            severity: Severity::Warning,
            span: 2..5,
            message: String::new(),
            label: None,
            help: String::new(),
            matched: String::new(),
            suggestions: vec![Suggestion {
                title: String::new(),
                span: 3..4,
                replacement: String::new(),
                applicability: Applicability::Safe,
            }],
            item: None,
        };
        let g = map.map_finding(f);
        assert_eq!(g.span, 102..105);
        assert_eq!(g.suggestions[0].span, 103..104);
    }
}
