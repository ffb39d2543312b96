//! Pointing into a YAML file a person wrote (rule, lexicon and config files):
//! serde_yaml reports a byte offset at best, and none at all for errors
//! inside buffered enums, so these helpers find keys and tokens by text.

use miette::SourceSpan;

/// serde_yaml's message without its " at line L column C" suffix (miette
/// shows the position itself).
pub(crate) fn yaml_message(e: &serde_yaml::Error) -> String {
    let raw = e.to_string();
    match raw.find(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    }
}

/// Where serde_yaml's error is: the key named by an "unknown field" message,
/// else the token at the error's offset.
pub(crate) fn yaml_error_span(
    text: &str,
    message: &str,
    e: &serde_yaml::Error,
) -> Option<SourceSpan> {
    backticked_after(message, "unknown field `")
        .and_then(|field| find_key(text, &field))
        .or_else(|| e.location().map(|loc| token_at(text, loc.index())))
}

/// The first `key:` in `text`, as a span over the key.
pub(crate) fn find_key(text: &str, key: &str) -> Option<SourceSpan> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t', '-']).trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.starts_with(':') {
                let at = line_start + (line.len() - trimmed.len());
                return Some(SourceSpan::from((at, key.len())));
            }
        }
        line_start += line.len();
    }
    None
}

/// A span covering the token at `offset` (a key up to its colon, or the
/// rest of the line).
pub(crate) fn token_at(text: &str, offset: usize) -> SourceSpan {
    let offset = crate::position::floor_char_boundary(text, offset.min(text.len()));
    let rest = &text[offset..];
    let end = rest.find(['\n', ':']).unwrap_or(rest.len());
    let len = rest[..end]
        .trim_end()
        .len()
        .max(usize::from(!rest.is_empty()));
    SourceSpan::from((offset, len))
}

/// The text between `prefix` and the next backtick in `message`.
pub(crate) fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find('`')?;
    Some(message[start..start + end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_under_list_dashes_and_tabs() {
        let text = "a: 1\n  - kind: x\n\tb: 2\n";
        assert_eq!(find_key(text, "kind").unwrap().offset(), 9);
        assert_eq!(find_key(text, "b").unwrap().offset(), 18);
        assert!(find_key(text, "c").is_none());
    }

    #[test]
    fn token_stops_at_colon_or_line_end() {
        assert_eq!(token_at("key: v", 0).len(), 3);
        assert_eq!(token_at("value  \nx", 0).len(), 5);
        assert_eq!(token_at("", 0).len(), 0);
    }
}
