//! Sentence and paragraph boundaries with byte spans. Sentences come from
//! unicode-segmentation (UAX #29), which also breaks at every line end, so a
//! list item or a greeting line is its own sentence.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Push the trimmed, non-empty sentences of `text[range]` onto `out`.
pub fn sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let base = range.start;
    for (i, s) in text[range].split_sentence_bound_indices() {
        let trimmed_start = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = base + i + trimmed_start;
        out.push(start..start + trimmed.len());
    }
}

/// Push the paragraphs (runs of non-blank lines) of `text[range]` onto `out`.
pub fn paragraphs(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start: Option<usize> = None;
    let mut end = range.start;
    let mut offset = range.start;
    for line in text[range].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => {
                start = Some(offset);
                end = offset + line.trim_end().len();
            }
            (false, Some(_)) => end = offset + line.trim_end().len(),
            (true, Some(s)) => {
                out.push(s..end);
                start = None;
            }
            (true, None) => {}
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn splits_sentences_and_lines() {
        let t = "Hi Dana,\nWe can't refund it. But we can swap it!";
        let mut out = vec![];
        sentences(t, 0..t.len(), &mut out);
        assert_eq!(
            spans(t, &out),
            vec!["Hi Dana,", "We can't refund it.", "But we can swap it!"]
        );
    }

    #[test]
    fn splits_paragraphs_on_blank_lines() {
        let t = "One.\nTwo.\n\n  \nThree.\n";
        let mut out = vec![];
        paragraphs(t, 0..t.len(), &mut out);
        assert_eq!(spans(t, &out), vec!["One.\nTwo.", "Three."]);
    }
}
