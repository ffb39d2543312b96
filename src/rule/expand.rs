//! Rewriting a rule's pattern text before it is compiled: `{{lexicon}}`
//! references, apostrophes, spaces and non-ASCII class members (see
//! [`expand`]), and joining a list into one alternation.
//!
//! Depends on nothing but `regex-syntax`, because `build.rs` includes this
//! file too: it expands the built-in rules exactly as the loader does, to
//! precompute their needles (see `needles.rs`).

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
/// Lexicon bodies are inserted as they are: their terms were rewritten when
/// the lexicon was loaded, and rewriting them again would only nest the
/// apostrophe groups and grow every regex built from them.
pub fn expand(
    pattern: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, PatternError> {
    let mut out = String::with_capacity(pattern.len() + 16);
    // Pattern text not yet rewritten.
    let mut own = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = &after[..end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            // Not a lexicon reference (e.g. a literal `{{ ticket.name }}`
            // written with escapes); keep the text as it is.
            own.push_str(&rest[..start + 2]);
            rest = after;
            continue;
        }
        let body = lookup(name).ok_or_else(|| PatternError::UnknownLexicon(name.to_owned()))?;
        own.push_str(&rest[..start]);
        out.push_str(&apostrophes(&own));
        own.clear();
        out.push_str("(?:");
        out.push_str(&body);
        out.push(')');
        rest = &after[end + 2..];
    }
    own.push_str(rest);
    out.push_str(&apostrophes(&own));
    Ok(out)
}

/// Rewrite `'` so it also matches `’` (and `’` so it also matches `'`),
/// widen literal spaces to `\s+`, and move non-ASCII characters out of
/// character classes (`[-–—]` becomes `(?:[-]|–|—)`), since the byte regexes
/// use ASCII classes. Escaped characters are left alone.
pub(crate) fn apostrophes(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() + 8);
    // Everything before `copied` is in `out`; ordinary text is copied in
    // runs. Every byte looked at is ASCII or the lead byte of `’`, so every
    // index here is a char boundary.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (rewritten, end) = match bytes[i] {
            b'\\' => {
                // An escape and the char it escapes stay as they are.
                let n = pattern[i + 1..].chars().next().map_or(0, char::len_utf8);
                i += 1 + n;
                continue;
            }
            b'[' => {
                let end = class_end(bytes, i);
                (rewrite_class(&pattern[i..end]), end)
            }
            // Joined with the letter after it (`(?:'t|’t)`), neither
            // branch is a single character, so the parser keeps them as two
            // byte strings instead of merging them into a non-ASCII class:
            // regex-automata compiles such a class through a UTF-8 automaton
            // whose 400 KB table it allocates for every regex, and that was
            // two thirds of the page faults of a one-draft run. Not when the
            // letter carries a quantifier (`'s?`).
            b'\'' | 0xE2 if bytes[i] == b'\'' || pattern[i..].starts_with('’') => {
                let next = i + if bytes[i] == b'\'' {
                    1
                } else {
                    '’'.len_utf8()
                };
                match (bytes.get(next), bytes.get(next + 1)) {
                    (Some(&letter), after)
                        if letter.is_ascii_alphabetic()
                            && !matches!(after, Some(b'?' | b'*' | b'+' | b'{')) =>
                    {
                        let l = letter as char;
                        (format!("(?:'{l}|’{l})"), next + 1)
                    }
                    _ => ("(?:'|’)".to_owned(), next),
                }
            }
            // A space in a pattern matches any run of white space, so a
            // phrase still matches when an email wraps it across lines.
            b' ' => {
                let mut end = i + 1;
                while bytes.get(end) == Some(&b' ') {
                    end += 1;
                }
                // `a ?b` keeps its quantifier on a single white-space class.
                let class = match bytes.get(end) {
                    Some(b'?' | b'*' | b'+' | b'{') => r"\s",
                    _ => r"\s+",
                };
                (class.to_owned(), end)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&pattern[copied..i]);
        out.push_str(&rewritten);
        copied = end;
        i = end;
    }
    out.push_str(&pattern[copied..]);
    out
}

/// One past the `]` that closes the class opening at byte `start`.
fn class_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    if bytes.get(i) == Some(&b'^') {
        i += 1;
    }
    // A `]` right after `[` or `[^` is a literal.
    if bytes.get(i) == Some(&b']') {
        i += 1;
    }
    let mut depth = 1;
    while i < bytes.len() {
        match bytes[i] {
            // Skipping one byte of an escaped multi-byte char is harmless:
            // only ASCII brackets are looked for.
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
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
    alts.extend(others.iter().map(|c| regex_syntax::escape(&c.to_string())));
    format!("(?:{})", alts.join("|"))
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
