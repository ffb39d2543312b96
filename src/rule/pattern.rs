//! Turning the pattern lists of a rule file into one compiled regex.
//!
//! Authors write plain regexes. Before compiling, each pattern is rewritten:
//! `{{name}}` expands to the named lexicon's alternation, a straight
//! apostrophe also matches the typographic one (`we can't` matches `we can’t`),
//! because real replies are full of both, and a space matches any run of
//! white space, because emails wrap lines mid-phrase. All patterns of a list become one
//! alternation, compiled once at load time.

use regex::{Regex, RegexBuilder};

/// The compiled regex may not grow past this (bytes of compiled program);
/// a rule that would is reported as a rule-file error instead of eating memory.
pub const SIZE_LIMIT: usize = 8 << 20;

/// Why a single pattern could not be turned into a regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// `{{name}}` names no lexicon.
    UnknownLexicon(String),
    /// The regex crate refused it.
    Regex(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::UnknownLexicon(name) => write!(f, "unknown lexicon `{{{{{name}}}}}`"),
            PatternError::Regex(msg) => f.write_str(msg),
        }
    }
}

/// Expand `{{lexicon}}` references and make apostrophes typographic-aware.
pub fn expand(
    pattern: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, PatternError> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            // Not a lexicon reference (e.g. a literal `{{ ticket.name }}`
            // written with escapes); keep the text as it is.
            out.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        }
        let body = lookup(name).ok_or_else(|| PatternError::UnknownLexicon(name.to_owned()))?;
        out.push_str(&rest[..start]);
        out.push_str("(?:");
        out.push_str(&body);
        out.push(')');
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(apostrophes(&out))
}

/// Rewrite `'` so it also matches `’` (and `’` so it also matches `'`),
/// inside and outside character classes, leaving escaped characters alone.
fn apostrophes(pattern: &str) -> String {
    // (Also widens literal spaces; see the module docs.)
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = 0usize;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            '\'' | '’' if in_class > 0 => out.push_str("'’"),
            '\'' | '’' => out.push_str("['’]"),
            // A space in a pattern matches any run of white space, so a
            // phrase still matches when an email wraps it across lines.
            ' ' if in_class == 0 => {
                while chars.clone().next() == Some(' ') {
                    chars.next();
                }
                // `a ?b` keeps its quantifier on a single white-space class.
                match chars.clone().next() {
                    Some('?' | '*' | '+' | '{') => out.push_str(r"\s"),
                    _ => out.push_str(r"\s+"),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compile an already expanded pattern (or alternation) with the house flags.
pub fn build(expanded: &str, case_sensitive: bool) -> Result<Regex, PatternError> {
    RegexBuilder::new(expanded)
        .case_insensitive(!case_sensitive)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| PatternError::Regex(e.to_string()))
}

/// Join expanded patterns into one alternation.
pub fn alternation<'a>(patterns: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, p) in patterns.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.push_str("(?:");
        out.push_str(p);
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_lexicons(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn straight_apostrophe_matches_curly() {
        let p = expand(r"\bwe can't\b", &no_lexicons).unwrap();
        let re = build(&p, false).unwrap();
        assert!(re.is_match("We can’t do that"));
        assert!(re.is_match("we can't do that"));
    }

    #[test]
    fn a_space_matches_a_line_break() {
        let p = expand(r"\bout of our hands\b", &no_lexicons).unwrap();
        let re = build(&p, false).unwrap();
        assert!(re.is_match("That's out\nof our  hands."));
        assert_eq!(apostrophes("[ a]"), "[ a]");
        assert_eq!(apostrophes("some ?time"), r"some\s?time");
    }

    #[test]
    fn apostrophe_inside_class_is_extended_not_nested() {
        assert_eq!(apostrophes(r"[a']"), "[a'’]");
        assert_eq!(apostrophes(r"\'"), r"\'");
    }

    #[test]
    fn expands_lexicon_references() {
        let lookup = |name: &str| (name == "when").then(|| "today|tomorrow".to_owned());
        let p = expand(r"\bby {{when}}\b", &lookup).unwrap();
        assert_eq!(p, r"\bby\s+(?:today|tomorrow)\b");
    }

    #[test]
    fn unknown_lexicon_is_an_error() {
        let err = expand("{{nope}}", &no_lexicons).unwrap_err();
        assert_eq!(err, PatternError::UnknownLexicon("nope".into()));
    }

    #[test]
    fn leaves_non_reference_braces_alone() {
        let p = expand(r"\{\{ticket.name\}\}", &no_lexicons).unwrap();
        assert_eq!(p, r"\{\{ticket.name\}\}");
    }
}
