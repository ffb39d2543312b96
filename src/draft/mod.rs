//! [`Draft`]: one reply, with the regions that are the agent's own words,
//! its greeting, sentences and paragraphs, computed once and read by every
//! check. All positions are byte offsets into the text the draft was made from.

pub mod context;
pub mod regions;
pub mod segment;

use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use context::{Context, CustomerName};
pub use regions::Greeting;

/// Whether the text is a reply about to be sent or a canned template.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A reply about to be sent: template slots are mistakes.
    #[default]
    Draft,
    /// A canned response: the platform's placeholders are expected.
    Template,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(Mode::Draft),
            "template" => Ok(Mode::Template),
            other => Err(format!(
                "unknown mode `{other}` (expected `draft` or `template`)"
            )),
        }
    }
}

/// A reply, analysed.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    text: &'a str,
    checked: Vec<Range<usize>>,
    greeting: Option<Greeting>,
    addressee: Option<CustomerName>,
    /// Segmented on first use: most replies trip no rule that needs
    /// sentences, and segmenting is a tenth of the cost of a short reply.
    sentences: OnceLock<Vec<Range<usize>>>,
    paragraphs: OnceLock<Vec<Range<usize>>>,
}

impl<'a> Draft<'a> {
    /// Analyse `text`: find the agent's own words (not quoted text, headers,
    /// front matter or the signature), the greeting, sentences and paragraphs.
    pub fn new(text: &'a str) -> Self {
        let regions = regions::find(text);
        Draft {
            text,
            checked: regions.checked,
            greeting: regions.greeting,
            addressee: regions.addressee,
            sentences: OnceLock::new(),
            paragraphs: OnceLock::new(),
        }
    }

    /// The whole text, including regions that are not checked.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The ranges that hold the agent's own words, in order.
    pub fn checked(&self) -> &[Range<usize>] {
        &self.checked
    }

    /// The greeting line ("Hi Dana,"), if the reply opens with one.
    pub fn greeting(&self) -> Option<&Greeting> {
        self.greeting.as_ref()
    }

    /// The name in an email draft's `To:` header: the customer.
    pub fn addressee(&self) -> Option<&CustomerName> {
        self.addressee.as_ref()
    }

    /// Sentences of the checked text, trimmed, in order.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences.get_or_init(|| {
            let mut out = Vec::new();
            for r in &self.checked {
                segment::sentences(self.text, r.clone(), &mut out);
            }
            out
        })
    }

    /// Paragraphs of the checked text, in order.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        self.paragraphs.get_or_init(|| {
            let mut out = Vec::new();
            for r in &self.checked {
                segment::paragraphs(self.text, r.clone(), &mut out);
            }
            out
        })
    }

    /// Index of the sentence that contains (or, between sentences, follows)
    /// byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        index_at(self.sentences(), offset)
    }

    /// The paragraph that contains byte `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<Range<usize>> {
        let paragraphs = self.paragraphs();
        index_at(paragraphs, offset).map(|i| paragraphs[i].clone())
    }

    /// From the start of the first checked region to the end of the last.
    pub fn body(&self) -> Range<usize> {
        match (self.checked.first(), self.checked.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }

    /// The first word of the agent's text (where a reply-level finding points).
    pub fn first_word(&self) -> Range<usize> {
        let body = self.body();
        let text = &self.text[body.clone()];
        let start = text.len() - text.trim_start().len();
        let rest = &text[start..];
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        body.start + start..body.start + start + len
    }
}

fn index_at(ranges: &[Range<usize>], offset: usize) -> Option<usize> {
    if ranges.is_empty() {
        return None;
    }
    let i = ranges.partition_point(|r| r.end <= offset);
    Some(i.min(ranges.len() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sentence_of_offset() {
        let d = Draft::new("We can't. But here is another way.");
        assert_eq!(d.sentences().len(), 2);
        assert_eq!(d.sentence_at(3), Some(0));
        assert_eq!(d.sentence_at(12), Some(1));
    }

    #[test]
    fn first_word_skips_leading_space() {
        let d = Draft::new("\n  Thanks for writing.");
        assert_eq!(&d.text()[d.first_word()], "Thanks");
    }
}
