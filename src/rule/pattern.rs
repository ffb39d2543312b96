//! Turning the pattern lists of a rule file into one compiled regex.
//!
//! Authors write plain regexes. Before compiling, each pattern is rewritten:
//! `{{name}}` expands to the named lexicon's alternation, a straight
//! apostrophe also matches the typographic one (`we can't` matches `we can’t`),
//! because real replies are full of both, and a space matches any run of
//! white space, because emails wrap lines mid-phrase. All patterns of a list become one
//! alternation, compiled once at load time.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;

/// A compiled rule pattern: a `regex-automata` meta regex over bytes, with
/// ASCII classes, only the implicit whole-match group, and no literal
/// prefilter.
///
/// Why not `regex::Regex`: building the built-in rules that way cost about
/// 700 million instructions per process, 40% of it extracting literals for
/// prefilters and most of the rest in Unicode classes, while a draft is a
/// few kilobytes that the lazy DFA scans in microseconds. English rules need
/// no Unicode `\w` or `\b`; ASCII classes keep the DFA on any haystack.
/// Matches can end inside a multi-byte character (`[^.]` matches one byte),
/// so callers snap spans to char boundaries (see `check::Matcher`).
pub type Regex = meta::Regex;

/// A rule's pattern list: compiled at load (rule files from disk, so their
/// errors are reported with the file) or on first use (the built-in rules,
/// every pattern of which the test suite compiles). Deferring matters: a
/// remedy or exception list is only needed once its trigger matched, and a
/// one-draft run would otherwise spend most of its time building regexes.
pub struct Pattern {
    source: String,
    case_sensitive: bool,
    cell: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// An already compiled pattern.
    pub fn compiled(re: Regex) -> Self {
        Pattern {
            source: String::new(),
            case_sensitive: false,
            cell: OnceLock::from(Some(re)),
        }
    }

    /// A pattern compiled on first use.
    pub fn deferred(source: String, case_sensitive: bool) -> Self {
        Pattern {
            source,
            case_sensitive,
            cell: OnceLock::new(),
        }
    }

    /// The compiled regex; `None` only if a deferred pattern fails to
    /// compile (then it matches nothing), which the built-in rule tests
    /// rule out.
    pub fn get(&self) -> Option<&Regex> {
        self.cell
            .get_or_init(|| build(&self.source, self.case_sensitive).ok())
            .as_ref()
    }

    /// Compile now, reporting a failure (for tests and `replylint test`).
    pub fn force(&self) -> Result<(), PatternError> {
        match self.get() {
            Some(_) => Ok(()),
            None => build(&self.source, self.case_sensitive).map(|_| ()),
        }
    }

    /// Whether it matches anywhere in `hay`.
    pub fn is_match(&self, hay: &[u8]) -> bool {
        self.get().is_some_and(|re| re.is_match(hay))
    }

    /// Every non-overlapping match in `hay`.
    pub fn find_iter<'a>(&'a self, hay: &'a [u8]) -> impl Iterator<Item = Range<usize>> + 'a {
        self.get()
            .into_iter()
            .flat_map(move |re| re.find_iter(hay).map(|m| m.range()))
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("compiled", &self.cell.get().is_some())
            .finish()
    }
}

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
/// widen literal spaces to `\s+`, and move non-ASCII characters out of
/// character classes (`[-–—]` becomes `(?:[-]|–|—)`), since the byte regexes
/// use ASCII classes. Escaped characters are left alone.
fn apostrophes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
                continue;
            }
            '[' => {
                let end = class_end(&chars, i);
                let class: String = chars[i..end].iter().collect();
                out.push_str(&rewrite_class(&class));
                i = end;
                continue;
            }
            '\'' | '’' => out.push_str("(?:'|’)"),
            // A space in a pattern matches any run of white space, so a
            // phrase still matches when an email wraps it across lines.
            ' ' => {
                while chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
                // `a ?b` keeps its quantifier on a single white-space class.
                match chars.get(i + 1) {
                    Some('?' | '*' | '+' | '{') => out.push_str(r"\s"),
                    _ => out.push_str(r"\s+"),
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// One past the `]` that closes the class opening at `start`.
fn class_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    // A `]` right after `[` or `[^` is a literal.
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    let mut depth = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// A class with non-ASCII members becomes an alternation of its ASCII part
/// and each non-ASCII character (an apostrophe brings its curly twin).
/// Negated or nested classes are left as written.
fn rewrite_class(class: &str) -> String {
    let inner = &class[1..class.len().saturating_sub(1)];
    let simple = !inner.starts_with('^') && !inner.contains('[');
    let wants_curly = inner.contains('\'') && !inner.contains('’');
    if !simple || (inner.is_ascii() && !wants_curly) {
        return class.to_owned();
    }
    let mut ascii = String::new();
    let mut others: Vec<char> = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            ascii.push(c);
            if let Some(n) = chars.next() {
                ascii.push(n);
            }
        } else if c.is_ascii() {
            ascii.push(c);
        } else if !others.contains(&c) {
            others.push(c);
        }
    }
    if wants_curly {
        others.push('’');
    }
    if ascii.contains('\'') && !others.contains(&'’') {
        others.push('’');
    }
    let mut alts: Vec<String> = Vec::new();
    if !ascii.is_empty() {
        alts.push(format!("[{ascii}]"));
    }
    alts.extend(others.iter().map(|c| regex::escape(&c.to_string())));
    format!("(?:{})", alts.join("|"))
}

/// Compile an already expanded pattern (or alternation) with the house flags.
pub fn build(expanded: &str, case_sensitive: bool) -> Result<Regex, PatternError> {
    meta::Builder::new()
        .syntax(
            syntax::Config::new()
                .unicode(false)
                .utf8(false)
                .case_insensitive(!case_sensitive),
        )
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .auto_prefilter(false)
                .which_captures(WhichCaptures::Implicit)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .onepass(false)
                // The lazy DFA is enough for drafts of a few kilobytes; a
                // fully built DFA costs more to build than it ever saves.
                .dfa(false)
                .dfa_size_limit(Some(SIZE_LIMIT)),
        )
        .build(expanded)
        .map_err(|e| {
            // The meta builder's error names only "pattern 0"; the parser's
            // says what is wrong ("unclosed group").
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(expanded);
            match (parsed, e.size_limit()) {
                (Err(syntax), _) => PatternError::Regex(syntax.to_string()),
                (Ok(_), Some(limit)) => PatternError::Regex(format!(
                    "the compiled pattern exceeds the size limit of {limit} bytes"
                )),
                (Ok(_), None) => PatternError::Regex(e.to_string()),
            }
        })
}

/// Compile a pattern whose capture groups a fix's replacement refers to
/// (`$1`): a `regex` crate regex over bytes, ASCII classes.
pub fn build_replacer(
    expanded: &str,
    case_sensitive: bool,
) -> Result<regex::bytes::Regex, PatternError> {
    regex::bytes::RegexBuilder::new(expanded)
        .unicode(false)
        .case_insensitive(!case_sensitive)
        .size_limit(SIZE_LIMIT)
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
        assert!(re.is_match("We can’t do that".as_bytes()));
        assert!(re.is_match(b"we can't do that"));
    }

    #[test]
    fn a_space_matches_a_line_break() {
        let p = expand(r"\bout of our hands\b", &no_lexicons).unwrap();
        let re = build(&p, false).unwrap();
        assert!(re.is_match(b"That's out\nof our  hands."));
        assert_eq!(apostrophes("[ a]"), "[ a]");
        assert_eq!(apostrophes("some ?time"), r"some\s?time");
    }

    #[test]
    fn classes_lose_their_non_ascii_members_to_an_alternation() {
        assert_eq!(apostrophes(r"[a']"), "(?:[a']|’)");
        assert_eq!(apostrophes(r"\'"), r"\'");
        assert_eq!(apostrophes("[-–—]"), "(?:[-]|–|—)");
        assert_eq!(apostrophes("[^.!?]"), "[^.!?]");
        let re = build(&apostrophes(r"\s[-–—]\s"), false).unwrap();
        assert!(re.is_match(" — ".as_bytes()));
        assert!(re.is_match(b" - "));
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
