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
///
/// Long lines also get a checkpoint every [`CHECKPOINT`] bytes (the column
/// in chars and UTF-16 units at that byte), so a position costs at most that
/// many bytes of counting: thousands of findings on one 10 MB line (a file
/// with no newline) stay linear instead of counting from the line start
/// every time.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, chars before it on its line, UTF-16 units before it)`,
    /// sorted by offset; only for lines longer than [`CHECKPOINT`].
    checkpoints: Vec<(usize, usize, usize)>,
}

/// Bytes between two column checkpoints on a long line.
const CHECKPOINT: usize = 4096;

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
        let mut checkpoints = Vec::new();
        let bytes = text.as_bytes();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(bytes.len());
            if end - start <= CHECKPOINT {
                continue;
            }
            let (mut chars, mut utf16) = (0, 0);
            let mut next = start + CHECKPOINT;
            for (at, &b) in bytes.iter().enumerate().take(end).skip(start) {
                // A char starts at every byte that is not a continuation
                // byte; checkpoints sit only on char starts.
                if b & 0xC0 == 0x80 {
                    continue;
                }
                if at >= next {
                    checkpoints.push((at, chars, utf16));
                    next = at + CHECKPOINT;
                }
                chars += 1;
                utf16 += if b >= 0xF0 { 2 } else { 1 };
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of 0-based `line` in a text of `len` bytes, with its
    /// newline.
    pub fn line_range(&self, line: usize, len: usize) -> std::ops::Range<usize> {
        self.starts[line]..self.starts.get(line + 1).copied().unwrap_or(len)
    }

    /// Lines in the text (a text with no newline has one).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The position of byte `offset` in `text` (the same text given to `new`).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_idx = self.line_of(offset);
        let line_start = self.starts[line_idx];
        // The nearest checkpoint on this line at or before `offset`.
        let (from, chars, utf16) = match self.checkpoints.partition_point(|c| c.0 <= offset) {
            0 => (line_start, 0, 0),
            i => match self.checkpoints[i - 1] {
                c if c.0 >= line_start => c,
                _ => (line_start, 0, 0),
            },
        };
        let rest = &text[from..offset];
        Position {
            line: line_idx + 1,
            column: chars + rest.chars().count() + 1,
            column_utf16: utf16 + rest.encode_utf16().count() + 1,
        }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or after `offset` (at most `text.len()`).
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
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
    fn long_lines_count_the_same_with_checkpoints() {
        let line = "é😀ab ".repeat(3000);
        let text = format!("x\n{line}\n{line}");
        let idx = LineIndex::new(&text);
        assert!(!idx.checkpoints.is_empty());
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let offset = floor_char_boundary(&text, offset);
            let p = idx.position(&text, offset);
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let before = &text[start..offset];
            assert_eq!(p.column, before.chars().count() + 1, "at {offset}");
            assert_eq!(p.column_utf16, before.encode_utf16().count() + 1);
            assert_eq!((p.line, p.column), line_col(&text, offset));
        }
    }

    #[test]
    fn offset_past_end_clamps() {
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
