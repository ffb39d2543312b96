//! What is known about the conversation a reply answers: the customer's name
//! (from `--customer-name`, metadata, or found in their message) and their
//! message. Context rules stay silent when nothing is known; nothing here
//! guesses a name from thin evidence.

use std::sync::LazyLock;

use regex::Regex;

use crate::draft::Mode;

/// The customer's name, split for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerName {
    /// As given ("Dana Whitfield").
    pub full: String,
    /// The given names and surname, without titles (["Dana", "Whitfield"]).
    pub parts: Vec<String>,
}

impl CustomerName {
    /// Parse a name; `None` when nothing name-like is left after removing
    /// titles and punctuation.
    pub fn parse(raw: &str) -> Option<Self> {
        let full = raw.trim().trim_matches(['"', '\'', ',']).trim();
        let parts: Vec<String> = full
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty() && !is_title(w))
            .map(str::to_owned)
            .collect();
        if parts.is_empty() {
            return None;
        }
        Some(CustomerName {
            full: full.to_owned(),
            parts,
        })
    }

    /// The first given name.
    pub fn first(&self) -> &str {
        &self.parts[0]
    }

    /// Whether `word` is one of the name's parts (case and accents matter
    /// only as far as Unicode lowercasing goes).
    pub fn has_part(&self, word: &str) -> bool {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        self.parts
            .iter()
            .any(|p| p.to_lowercase() == word.to_lowercase())
    }
}

fn is_title(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "mx" | "miss" | "dr" | "prof" | "sir" | "madam"
    )
}

/// Everything known about the conversation.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The customer's name, when known.
    pub customer_name: Option<CustomerName>,
    /// The message the reply answers, when known.
    pub customer_message: Option<String>,
    /// Draft or template.
    pub mode: Mode,
}

impl Context {
    /// Build a context; when no name is given, look for one in the message.
    pub fn new(name: Option<&str>, message: Option<String>, mode: Mode) -> Self {
        let customer_name = name
            .and_then(CustomerName::parse)
            .or_else(|| message.as_deref().and_then(name_from_message));
        Context {
            customer_name,
            customer_message: message,
            mode,
        }
    }
}

const NAME: &str = r"(?P<name>\p{Lu}[\p{Ll}'’-]+(?:[ \t]+\p{Lu}[\p{Ll}'’-]+)?)";

static FROM_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?m)^From:[ \t]*"?{NAME}"?[ \t]*<[^>\n]+>[ \t]*$"#
    ))
    .unwrap()
});

static MY_NAME_IS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i:\bmy name is)[ \t]+{NAME}\b")).unwrap());

/// "Thanks, Dana" / "Regards,\nDana Lee" at the end of the message.
static SIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"(?i:\b(?:thanks|thank you|many thanks|cheers|regards|best regards|kind regards|",
            r"best|sincerely|best wishes|all the best))[ \t]*[,.!]?[ \t]*\n?[ \t]*",
            r"(?:-[ \t]*)?{}[ \t]*[.!]?\s*\z"
        ),
        NAME
    ))
    .unwrap()
});

/// A name the customer gave in their own message: an email `From:` header,
/// "My name is Dana", or a sign-off like "Thanks, Dana" at the end.
pub fn name_from_message(message: &str) -> Option<CustomerName> {
    // Cheap necessary conditions first: these regexes cost more to compile
    // and run than the rest of a short reply's checks.
    let lower = message.to_ascii_lowercase();
    let found = message
        .contains("From:")
        .then(|| FROM_HEADER.captures(message))
        .flatten()
        .or_else(|| {
            lower
                .contains("my name ")
                .then(|| MY_NAME_IS.captures(message))
                .flatten()
        })
        .or_else(|| signed(message.trim_end()))?;
    let name = found.name("name")?.as_str();
    if is_common_word(name.split_whitespace().next().unwrap_or(name)) {
        return None;
    }
    CustomerName::parse(name)
}

/// A sign-off with a name at the very end of `message` (trimmed). A match
/// of [`SIGNED`] spans at most the last two lines (only its `\n?` crosses a
/// line), so only they are searched, and only when they hold a sign-off
/// word. (`ſ` and the Kelvin sign `K` are the non-ASCII letters that
/// case-fold to letters of the sign-off words.)
fn signed(message: &str) -> Option<regex::Captures<'_>> {
    let tail_start = message
        .rfind('\n')
        .and_then(|last| message[..last].rfind('\n'))
        .map_or(0, |i| i + 1);
    let tail = &message[tail_start..];
    let lower = tail.to_ascii_lowercase();
    let may_sign = tail.contains(['ſ', '\u{212A}'])
        || ["thank", "cheers", "regards", "best", "sincerely"]
            .iter()
            .any(|w| lower.contains(w));
    // Searching from the tail's start, with the text before it still in
    // view, so `\b` there means what it means in the whole message.
    may_sign
        .then(|| SIGNED.captures_at(message, tail_start))
        .flatten()
}

/// Capitalised words that end messages but are not names ("Thanks, Again").
fn is_common_word(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "again"
            | "so"
            | "very"
            | "in"
            | "for"
            | "a"
            | "the"
            | "all"
            | "everyone"
            | "guys"
            | "team"
            | "much"
            | "anyway"
            | "though"
            | "advance"
            | "you"
            | "please"
            | "not"
            | "no"
            | "yes"
            | "ok"
            | "okay"
            | "sir"
            | "madam"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_offs_spelled_with_case_folding_letters_still_count() {
        // The Kelvin sign folds to `k`: the cheap check must not skip it.
        let name = name_from_message("My order is late.\nThan\u{212A}s, Dana").unwrap();
        assert_eq!(name.full, "Dana");
    }

    fn found(msg: &str) -> Option<String> {
        name_from_message(msg).map(|n| n.full)
    }

    #[test]
    fn finds_name_in_sign_off() {
        assert_eq!(
            found("My order never came.\nThanks, Dana"),
            Some("Dana".into())
        );
        assert_eq!(
            found("Fix it.\n\nRegards,\nDana Lee\n"),
            Some("Dana Lee".into())
        );
        // Only the last two lines can hold it; the words before still
        // count for `\b`.
        assert_eq!(
            found("Line one.\nLine two.\nMany thanks,\nDana\n\n"),
            Some("Dana".into())
        );
        assert_eq!(found("Regards\nDana\nwhere is my order"), None);
    }

    #[test]
    fn finds_name_in_intro_and_header() {
        assert_eq!(
            found("Hello, my name is Priya and my card failed"),
            Some("Priya".into())
        );
        assert_eq!(
            found("From: Dana Lee <dana@example.com>\nSubject: x\n\nhi"),
            Some("Dana Lee".into())
        );
    }

    #[test]
    fn does_not_guess() {
        assert_eq!(found("This is ridiculous. Thanks"), None);
        assert_eq!(found("thanks again"), None);
        assert_eq!(found("Thanks, Again"), None);
        assert_eq!(found("I want a refund now"), None);
    }

    #[test]
    fn strips_titles() {
        let n = CustomerName::parse("Ms. Lee").unwrap();
        assert_eq!(n.parts, vec!["Lee"]);
        assert!(n.has_part("lee"));
    }
}
