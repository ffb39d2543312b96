//! Byte offsets to human and editor positions. The engine works in bytes
//! (regex, miette and serde_yaml all do); only reporters convert.

/// 1-based line and 1-based column counted in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Precomputed line starts for many conversions over one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A position in several units at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// 1-based column in UTF-16 code units (what editors and JavaScript count).
    pub column_utf16: usize,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (the same text given to `new`).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_idx = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_text = &text[self.starts[line_idx]..offset];
        Position {
            line: line_idx + 1,
            column: line_text.chars().count() + 1,
            column_utf16: line_text.encode_utf16().count() + 1,
        }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_columns_in_chars_and_utf16() {
        let text = "ab\n😀é x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!((p.line, p.column, p.column_utf16), (2, 4, 5));
        assert_eq!(line_col(text, x), (2, 4));
    }

    #[test]
    fn offset_past_end_clamps() {
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
