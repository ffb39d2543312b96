//! Which parts of a reply are the agent's own words. Not checked: email
//! headers, Markdown front matter, quoted lines (`>`), the quoted tail of an
//! email ("On ... wrote:", "-----Original Message-----"), and the signature
//! (after `-- `, from a closing sign-off line such as "Best regards," or
//! "Thanks, Sam", or a trailing agent tag such as `^JK` or `-Becky`).
//! Also finds the greeting ("Hi Dana,") at the top.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::draft::CustomerName;

/// The greeting that opens a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting {
    /// "Hi Dana," including the punctuation.
    pub span: Range<usize>,
    /// "Dana", when the greeting names someone.
    pub name: Option<Range<usize>>,
}

/// The result of [`find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regions {
    /// Ranges of the agent's own words, in order.
    pub checked: Vec<Range<usize>>,
    /// The greeting, if any.
    pub greeting: Option<Greeting>,
    /// The name in the `To:` header of an email draft.
    pub addressee: Option<CustomerName>,
}

/// The header names of an email draft's header block, matched ASCII
/// case-insensitively (they are ASCII).
const HEADER_NAMES: [&str; 13] = [
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "reply-to",
    "message-id",
    "mime-version",
    "content-type",
    "sent",
    "in-reply-to",
    "references",
];

/// `To: "Dana Lee" <dana@example.com>`: the display name only.
static TO_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)^to:[ \t]*"?([^"<>,@\n]+?)"?[ \t]*<[^>\n]+>$"#).unwrap());

// The lines that open the quoted tail of an email are recognised by hand
// rather than by regexes: they meet a line of almost every emailed draft,
// and with Unicode `\s`, `.` and `\b` each regex cost a 400 KB UTF-8 table
// and a million instructions to compile, a fifth of a one-draft run. The
// test `quote_checks_agree_with_the_regexes_they_replaced` holds them to
// those regexes. Keywords fold ASCII case only; white space and word
// characters are Unicode, as the regexes had them.

/// `Name: value`: the line opens with a header name, a colon, and a space
/// or tab.
fn is_header(line: &str) -> bool {
    let b = line.as_bytes();
    line.find(':').is_some_and(|colon| {
        matches!(b.get(colon + 1), Some(b' ' | b'\t'))
            && HEADER_NAMES
                .iter()
                .any(|n| n.as_bytes().eq_ignore_ascii_case(&b[..colon]))
    })
}

/// Whether `bytes` start with `word`, ASCII case-insensitively.
fn starts_with_ignore_case(bytes: &[u8], word: &str) -> bool {
    bytes
        .get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
}

/// What follows `word` at the start of `line` (past white space), when
/// `line` starts with it, ASCII case-insensitively.
fn after_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let t = line.trim_start();
    starts_with_ignore_case(t.as_bytes(), word).then(|| &t[word.len()..])
}

/// Whether a word boundary (`\b`, Unicode) lies between `before` and
/// `after`.
fn boundary(before: Option<char>, after: Option<char>) -> bool {
    let word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    word(before) != word(after)
}

/// `^\s*on\b`: what follows the word `on` opening the line.
fn after_on(line: &str) -> Option<&str> {
    after_word(line, "on").filter(|rest| boundary(Some('n'), rest.chars().next()))
}

/// `\bwrote:\s*$`: what precedes a `wrote:` closing the line.
fn before_wrote(line: &str) -> Option<&str> {
    let t = line.trim_end();
    let at = t.len().checked_sub(6)?;
    let head = t.get(..at)?;
    (t.as_bytes()[at..].eq_ignore_ascii_case(b"wrote:") && boundary(head.chars().last(), Some('w')))
        .then_some(head)
}

/// `-{2,}\s*<words>\s*-{2,}` opening the line (past white space).
fn dashed(line: &str, words: &str) -> bool {
    let t = line.trim_start();
    let rest = t.trim_start_matches('-');
    if t.len() - rest.len() < 2 {
        return false;
    }
    after_word(rest, words).is_some_and(|after| after.trim_start().starts_with("--"))
}

/// `^\s*(?:on\b.*\bwrote:\s*$|-{2,}\s*original message\s*-{2,}|-{2,}\s*forwarded message\s*-{2,}|_{5,}\s*$)`:
/// "On Mon, 3 Jun 2024, Dana <dana@example.com> wrote:", "--- Original
/// Message ---", a line of underscores.
fn is_quote_intro(line: &str) -> bool {
    // `on` and `wrote:` must not share letters: `.*` between them can be
    // empty, but then the two boundaries cannot both hold.
    let on_wrote = after_on(line).is_some_and(|rest| before_wrote(rest).is_some());
    let trimmed = line.trim();
    let underscores = trimmed.len() >= 5 && trimmed.bytes().all(|b| b == b'_');
    on_wrote || dashed(line, "original message") || dashed(line, "forwarded message") || underscores
}

/// `^\s*on\b.*[,<@]`: "On Mon, 3 Jun 2024 at 10:02, Dana Lee
/// <dana@example.com>" wrapped before "wrote:" on the next line.
fn starts_quote_intro(line: &str) -> bool {
    after_on(line).is_some_and(|rest| rest.contains([',', '<', '@']))
}

/// `^.*\bwrote:\s*$`: the next line of a wrapped quote intro.
fn is_wrote_line(line: &str) -> bool {
    before_wrote(line).is_some()
}

/// Whether a line can start with a greeting word ([`GREETING`]): past any
/// `@handle`s, it starts with one (ASCII case-insensitively, as the regex
/// matches them). Skipping `@` and any non-blank run is looser than the
/// regex's `@` and ASCII word characters, so this never says no where the
/// regex says yes.
fn may_greet(line: &str) -> bool {
    let mut rest = line.as_bytes();
    while rest.first() == Some(&b'@') {
        let word = rest
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let blank = rest[word..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if blank == 0 {
            return false;
        }
        rest = &rest[word + blank..];
    }
    ["hi", "he", "dear", "greetings", "howdy", "good"]
        .iter()
        .any(|w| starts_with_ignore_case(rest, w))
}

/// The words that open a closing line ("Best regards," / "Thanks again!" /
/// "Cheers, Sam"), lower case.
const SIGN_OFFS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks again",
    "thank you again",
    "many thanks",
    "with thanks",
    "thanks so much",
    "best",
    "best wishes",
    "all the best",
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "warmly",
    "regards",
    "cheers",
    "sincerely",
    "yours sincerely",
    "sincerely yours",
    "yours truly",
    "respectfully",
    "take care",
    "talk soon",
    "speak soon",
    "have a great day",
    "have a great week",
    "have a great weekend",
    "have a good day",
    "have a good week",
    "have a good weekend",
    "have a nice day",
    "have a nice week",
    "have a nice weekend",
    "have a lovely day",
    "have a lovely week",
    "have a lovely weekend",
];

/// Whether `line` (trimmed) is a closing line: a sign-off, optional `,.!`,
/// and up to three capitalised words of a name. Written out rather than as
/// a regex: the name's Unicode letter classes made that regex cost more to
/// compile (about 2 ms) than checking a whole draft; the test below holds
/// it to the regex it replaced.
fn is_sign_off(line: &str) -> bool {
    let bytes = line.as_bytes();
    let starts =
        |kw: &str| bytes.len() >= kw.len() && bytes[..kw.len()].eq_ignore_ascii_case(kw.as_bytes());
    SIGN_OFFS
        .iter()
        .any(|kw| starts(kw) && closes_with_name(&line[kw.len()..]))
}

/// `[ \t]*[,.!]*[ \t]*` then an optional name of one to three words
/// (`\p{Lu}[\p{L}'’.-]*`, separated by spaces or tabs), then
/// `[ \t]*[,.!]*\s*` to the end.
fn closes_with_name(rest: &str) -> bool {
    let blank = |c: char| c == ' ' || c == '\t';
    let punct = |c: char| matches!(c, ',' | '.' | '!');
    let rest = rest.trim_start_matches(blank).trim_start_matches(punct);
    let mut rest = rest.trim_start_matches(blank);
    for word in 0..3 {
        if !rest.starts_with(char::is_uppercase) {
            break;
        }
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-')))
            .map_or(rest.len(), |(i, _)| i);
        let after = &rest[end..];
        let next = after.trim_start_matches(blank);
        if word < 2 && next.len() < after.len() && next.starts_with(char::is_uppercase) {
            rest = next;
            continue;
        }
        rest = after;
        break;
    }
    rest.trim_start_matches(blank)
        .trim_start_matches(punct)
        .trim()
        .is_empty()
}

/// Trailing agent tags used on social channels: `^JK`, `*ACJ`, `-Becky`.
static AGENT_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[ \t\n])(?:[\^*~][ \t]?\p{Lu}\p{L}*|-\p{Lu}\p{L}*)(?:[ \t]+https?://\S+)*\s*$",
    )
    .unwrap()
});

// Compiled on the path of every draft with a greeting, so without Unicode
// classes, whose UTF-8 automaton costs more than the rest of the regex:
// handles are ASCII on every platform that has them, and the name is any
// bytes up to ASCII punctuation, so it starts and ends on char boundaries
// (a bytes regex, to allow that class).
static GREETING: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(concat!(
        r"^(?:@(?-u:\w)+[ \t]+)*",
        r"(?i-u:hi|hello|hey|heya|hiya|dear|greetings|howdy|good[ \t]+(?:morning|afternoon|evening|day))\b",
        r"(?P<rest>[ \t]+(?i-u:mr|mrs|ms|mx|dr|miss|prof)\.?[ \t]+(?-u:[^\n,!:;.?])+?|(?-u:[^\n,!:;.?])*?)",
        r"[ \t]*(?:[,!:;.]|$|\n)"
    ))
    .unwrap()
});

/// Find the checked regions and the greeting of `text`.
pub fn find(text: &str) -> Regions {
    let lines: Vec<Range<usize>> = line_ranges(text);
    let mut first = 0; // first line index of the body
    let mut last = lines.len(); // one past the last line of the body

    // Markdown front matter.
    if lines
        .first()
        .is_some_and(|l| text[l.clone()].trim_end() == "---")
    {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(text[l.clone()].trim_end(), "---" | "..."))
        {
            first = end + 2;
        }
    }

    // Email headers: a block of `Name: value` lines ending at a blank line.
    let mut addressee = None;
    if lines
        .get(first)
        .is_some_and(|l| is_header(&text[l.clone()]))
    {
        if let Some(blank) = lines[first..]
            .iter()
            .position(|l| text[l.clone()].trim().is_empty())
        {
            addressee = lines[first..first + blank]
                .iter()
                .find_map(|l| TO_HEADER.captures(text[l.clone()].trim_end()))
                .and_then(|c| CustomerName::parse(&c[1]));
            first += blank + 1;
        }
    }

    // The quoted tail of an email.
    for i in first..last {
        let line = text[lines[i].clone()].trim_end();
        let wrapped = starts_quote_intro(line)
            && lines
                .get(i + 1)
                .is_some_and(|n| is_wrote_line(text[n.clone()].trim_end()));
        if is_quote_intro(line) || wrapped {
            last = i;
            break;
        }
        // An Outlook-style quoted header block: "From: ..." then "Sent: ...".
        if i > first
            && is_header(line)
            && line.to_ascii_lowercase().starts_with("from:")
            && lines
                .get(i + 1)
                .is_some_and(|n| is_header(&text[n.clone()]))
        {
            last = i;
            break;
        }
    }

    // Signature delimiter.
    if let Some(i) = (first..last).find(|&i| {
        matches!(
            &text[lines[i].clone()],
            "-- " | "--" | "-- \n" | "--\n" | "-- \r\n" | "--\r\n"
        )
    }) {
        last = i;
    }

    // A sign-off line near the end, and everything after it.
    let non_blank: Vec<usize> = (first..last)
        .filter(|&i| !text[lines[i].clone()].trim().is_empty())
        .collect();
    if non_blank.len() > 1 {
        let tail = &non_blank[non_blank.len().saturating_sub(5)..];
        if let Some(&i) = tail.iter().find(|&&i| {
            let line = text[lines[i].clone()].trim();
            !line.starts_with('>') && is_sign_off(line)
        }) {
            // Only when what follows looks like a name block, not more prose.
            let after_ok = non_blank
                .iter()
                .filter(|&&j| j > i)
                .all(|&j| text[lines[j].clone()].trim().len() <= 60);
            if after_ok && i > non_blank[0] {
                last = i;
            }
        }
    }

    // Quoted lines anywhere in the body are skipped line by line.
    let mut checked: Vec<Range<usize>> = Vec::new();
    for line in &lines[first.min(last)..last] {
        if text[line.clone()].trim_start().starts_with('>') {
            continue;
        }
        match checked.last_mut() {
            Some(prev) if prev.end == line.start => prev.end = line.end,
            _ => checked.push(line.clone()),
        }
    }

    // A trailing agent tag on the last checked line.
    if let Some(last_range) = checked.last_mut() {
        let segment = &text[last_range.clone()];
        if let Some(m) = may_end_in_tag(segment)
            .then(|| AGENT_TAG.find(segment))
            .flatten()
        {
            let cut = last_range.start + m.start();
            if cut > last_range.start {
                last_range.end = cut;
            }
        }
    }
    checked.retain(|r| !text[r.clone()].trim().is_empty());

    let greeting = checked.first().and_then(|r| greeting_at(text, r.clone()));
    Regions {
        checked,
        greeting,
        addressee,
    }
}

/// A cheap necessary condition for [`AGENT_TAG`], so that its Unicode
/// classes are compiled only for the rare reply that may end in a tag: past
/// any trailing links, the last word starts with `^ * ~ -` or follows a lone
/// `^ * ~`.
fn may_end_in_tag(segment: &str) -> bool {
    let mut words = segment
        .split_whitespace()
        .rev()
        .skip_while(|w| w.starts_with("http://") || w.starts_with("https://"));
    let Some(last) = words.next() else {
        return false;
    };
    last.starts_with(['^', '*', '~', '-'])
        || words.next().is_some_and(|w| matches!(w, "^" | "*" | "~"))
}

fn greeting_at(text: &str, range: Range<usize>) -> Option<Greeting> {
    let body = &text[range.clone()];
    let lead = body.len() - body.trim_start().len();
    let start = range.start + lead;
    if !may_greet(&text[start..range.end]) {
        return None;
    }
    let line = &text[start..range.end];
    let caps = GREETING.captures(line.as_bytes())?;
    let whole = line.get(caps.get(0)?.range())?;
    let end = start + whole.trim_end().len();
    let name = caps.get(1).and_then(|rest| {
        let raw = line.get(rest.range())?;
        let trimmed = raw.trim();
        if trimmed.is_empty() || !looks_like_name(trimmed) {
            return None;
        }
        let s = start + rest.start() + (raw.len() - raw.trim_start().len());
        Some(s..s + trimmed.len())
    });
    // Where the greeting names no one and is followed by prose on the same
    // line ("Hi we can't..."), the greeting is only its first word.
    let span_end = if name.is_none() && !whole.trim_end().ends_with([',', '!', ':', ';', '.']) {
        let g = &text[start..end];
        start + g.find(char::is_whitespace).unwrap_or(g.len())
    } else {
        end
    };
    Some(Greeting {
        span: start..span_end,
        name,
    })
}

/// One to three capitalised words, optionally after a title ("Ms. Lee").
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
    })
}

fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        out.push(offset..offset + line.len());
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_pre_check_never_skips_a_greeting() {
        let heads = [
            "",
            "@dana ",
            "@dana_lee\t",
            "@a @b ",
            "@dana.lee ",
            "@dana\n",
            "@ ",
        ];
        let words = [
            "Hi",
            "hello",
            "HEY",
            "heya",
            "Hiya",
            "dear",
            "Greetings",
            "howdy",
            "good",
        ];
        let tails = [
            " Dana,",
            "!",
            " morning Dana",
            ", thanks",
            "",
            "\nthere",
            "x Dana,",
        ];
        for head in heads {
            for word in words.iter().chain(&["The", "oh hi", "Thanks", "@hi"]) {
                for tail in tails {
                    let line = format!("{head}{word}{tail}");
                    if GREETING.is_match(line.as_bytes()) {
                        assert!(may_greet(&line), "{line:?}");
                    }
                }
            }
        }
        assert!(!may_greet("The order shipped."));
        assert!(!may_greet("@dana thanks for waiting"));
    }

    #[test]
    fn sign_off_check_agrees_with_the_regex_it_replaced() {
        let re = Regex::new(concat!(
            r"^\s*(?i-u:",
            r"thanks|thank you|thanks again|thank you again|many thanks|with thanks|thanks so much|",
            r"best|best wishes|all the best|best regards|kind regards|warm regards|warmest regards|",
            r"warmly|regards|cheers|sincerely|yours sincerely|sincerely yours|yours truly|respectfully|",
            r"take care|talk soon|speak soon|have a (?:great|good|nice|lovely) (?:day|week|weekend)",
            r")[ \t]*[,.!]*[ \t]*",
            r"(?-i:(?:\p{Lu}[\p{L}'’.-]*)(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,2})?[ \t]*[,.!]*\s*$"
        ))
        .unwrap();
        let heads = [
            "Thanks",
            "thank you again",
            "BEST",
            "Best wishes",
            "Kind regards",
            "Have a great weekend",
            "have a good day",
            "Cheers",
            "Take care",
            "Regards",
            "Thanksgiving",
            "Best of luck",
            "Sincerely yours",
            "Yours truly",
            "Warmly",
            "talk soon",
            "Many thanks",
            "Best regards",
        ];
        let tails = [
            "",
            ",",
            "!",
            "!!",
            ".",
            ", Sam",
            ",Sam",
            " Sam",
            "Sam",
            ", Sam Lee",
            ", Sam Lee Park",
            ", Sam Lee Park Jr",
            ", sam",
            ", Élodie",
            ", Zoë O’Neil",
            ", J.K.",
            ", Anne-Marie.",
            " again!",
            " for your patience",
            ", Sam!",
            ",\tSam\tLee ,",
            ", Sam  Lee",
            ", Sam,",
            ", Sam 2",
            ", ÉMILE",
            " , . Sam",
            ", Sam.",
            " - Sam",
        ];
        for h in heads {
            for t in tails {
                let line = format!("{h}{t}");
                let line = line.trim();
                assert_eq!(is_sign_off(line), re.is_match(line), "{line:?}");
            }
        }
    }

    fn checked(text: &str) -> Vec<&str> {
        find(text)
            .checked
            .iter()
            .map(|r| text[r.clone()].trim_end())
            .collect()
    }

    fn greeting(text: &str) -> Option<(&str, Option<&str>)> {
        find(text)
            .greeting
            .map(|g| (&text[g.span], g.name.map(|n| &text[n])))
    }

    #[test]
    fn skips_quoted_lines_and_email_tail() {
        let t = "Hi Dana,\n> we can't do this\nSure thing.\n\nOn Mon, 3 Jun 2024, Dana wrote:\nWe can't refund\n";
        assert_eq!(checked(t), vec!["Hi Dana,", "Sure thing."]);
    }

    #[test]
    fn skips_wrapped_quote_intro() {
        let t =
            "Done.\nOn Mon, 3 Jun 2024 at 10:02, Dana Lee <dana@example.com>\nwrote:\nold text\n";
        assert_eq!(checked(t), vec!["Done."]);
    }

    #[test]
    fn skips_signature_after_sign_off() {
        let t = "Hi Dana,\nYour refund is on its way.\n\nBest regards,\nSam Smith\nAcme Support\n";
        assert_eq!(checked(t), vec!["Hi Dana,\nYour refund is on its way."]);
    }

    #[test]
    fn keeps_thanks_sentence_that_is_prose() {
        let t = "Hi,\nThanks for your patience while we fix this, I know it has been a long week for you.\n";
        assert_eq!(checked(t).len(), 1);
    }

    #[test]
    fn skips_dash_signature_and_agent_tags() {
        assert_eq!(checked("Sorted now. ^JK"), vec!["Sorted now."]);
        assert_eq!(checked("Sorted now. -Becky"), vec!["Sorted now."]);
        assert_eq!(checked("Sorted now.\n^HSB"), vec!["Sorted now."]);
        assert_eq!(checked("Sorted.\n^JAY https://t.co/abc"), vec!["Sorted."]);
        assert_eq!(checked("Sorted.\n-- \nSam\n"), vec!["Sorted."]);
    }

    #[test]
    fn reads_the_addressee_from_the_to_header() {
        let r = find("From: Sam <s@x.com>\nTo: \"Dana Lee\" <d@x.com>\n\nHello\n");
        assert_eq!(r.addressee.unwrap().full, "Dana Lee");
        assert!(find("To: d@x.com\n\nHello\n").addressee.is_none());
    }

    #[test]
    fn skips_headers_and_front_matter() {
        assert_eq!(
            checked("From: Sam <s@x.com>\nTo: Dana <d@x.com>\n\nHello Dana\n"),
            vec!["Hello Dana"]
        );
        assert_eq!(
            checked("---\ntitle: x\n---\nBody here.\n"),
            vec!["Body here."]
        );
    }

    #[test]
    fn header_check_accepts_every_header_name() {
        for name in HEADER_NAMES {
            for n in [name.to_owned(), name.to_ascii_uppercase()] {
                assert!(is_header(&format!("{n}: x")), "{n}");
                assert!(is_header(&format!("{n}:\tx")), "{n}");
            }
        }
        assert!(!is_header("See https://example.com: it works"));
        assert!(!is_header("Note: x"));
        assert!(!is_header("Subject:x"));
    }

    #[test]
    fn quote_checks_agree_with_the_regexes_they_replaced() {
        let quote_intro = Regex::new(concat!(
            r"^\s*(?:",
            r"(?i-u:on)\b.*\b(?i-u:wrote):\s*$",
            r"|-{2,}\s*(?i-u:original message)\s*-{2,}",
            r"|-{2,}\s*(?i-u:forwarded message)\s*-{2,}",
            r"|_{5,}\s*$",
            r")"
        ))
        .unwrap();
        let quote_intro_start = Regex::new(r"^\s*(?i-u:on)\b.*[,<@]").unwrap();
        let wrote_line = Regex::new(r"^.*\b(?i-u:wrote):\s*$").unwrap();
        let heads = ["", "  ", "\u{a0}", "\t> ", "x "];
        let bodies = [
            "On Mon, 3 Jun 2024, Dana <d@x.com> wrote:",
            "ON Monday DANA WROTE:",
            "on x wrote:",
            "on wrote:",
            "onwrote:",
            "on:wrote:",
            "on x_wrote:",
            "on x1wrote:",
            "on éwrote:",
            "on é wrote:",
            "onion, wrote:",
            "oné, x",
            "on\u{2003}x wrote:\u{2003}",
            "On 3 Jun, Dana Lee <dana@example.com>",
            "On it @here",
            "Upon x, y",
            "--- Original Message ---",
            "-----forwarded MESSAGE-----",
            "--original message--",
            "--\u{a0}original message\t--x",
            "-- original message -",
            "- original message --",
            "--original messages--",
            "--forwarded",
            "______",
            "__________ ",
            "____",
            "_____ x",
            "Dana wrote:",
            "wrote:",
            "Dana wrote: ",
            "Dana  wrote:x",
            "Dana\u{e9}wrote:",
            "Once upon a time wrote:",
            "On it: wrote",
            "Order number: 42",
        ];
        let tails = ["", " ", "\u{2003}", "\t", "."];
        let mut matched = 0;
        for head in heads {
            for body in bodies {
                for tail in tails {
                    let line = format!("{head}{body}{tail}");
                    let expected = quote_intro.is_match(&line);
                    matched += usize::from(expected);
                    assert_eq!(is_quote_intro(&line), expected, "{line:?}");
                    let expected = quote_intro_start.is_match(&line);
                    assert_eq!(starts_quote_intro(&line), expected, "{line:?}");
                    assert_eq!(is_wrote_line(&line), wrote_line.is_match(&line), "{line:?}");
                }
            }
        }
        assert!(matched > 60, "{matched}");
    }

    #[test]
    fn recognises_greetings() {
        assert_eq!(
            greeting("Hi Dana, we can't."),
            Some(("Hi Dana,", Some("Dana")))
        );
        assert_eq!(
            greeting("Dear Ms. Lee,\nThanks"),
            Some(("Dear Ms. Lee,", Some("Ms. Lee")))
        );
        assert_eq!(greeting("Hello Sam!"), Some(("Hello Sam!", Some("Sam"))));
        assert_eq!(greeting("Hi there,\nOk"), Some(("Hi there,", None)));
        assert_eq!(greeting("Hi we can't do that"), Some(("Hi", None)));
        assert_eq!(greeting("Thanks for writing"), None);
        assert_eq!(
            greeting("@1234 Hi Sam! Ok"),
            Some(("@1234 Hi Sam!", Some("Sam")))
        );
        // Names outside ASCII, next to the punctuation that ends them.
        assert_eq!(
            greeting("Hi José, all set."),
            Some(("Hi José,", Some("José")))
        );
        assert_eq!(
            greeting("Dear Mrs. Łukasiewicz-Żółć!"),
            Some(("Dear Mrs. Łukasiewicz-Żółć!", Some("Mrs. Łukasiewicz-Żółć")))
        );
        assert_eq!(greeting("Hello Zoë"), Some(("Hello Zoë", Some("Zoë"))));
        assert_eq!(greeting("Hi 😀 we're on it"), Some(("Hi", None)));
    }
}
