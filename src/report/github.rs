//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! findings appear as annotations on the pull request:
//!
//! ```text
//! ::warning file=replies.yml,line=4,col=7,endLine=4,endColumn=22,title=replylint (flat-no)::Refusal with no alternative
//! ```
//!
//! `error` → `::error`, `warning` → `::warning`, `info` → `::notice`.
//! Columns are 1-based characters and the end is exclusive, as in `--format
//! json`. Escaping follows the Actions toolkit: `%`, `\r`, `\n` in the
//! message, and also `:` and `,` in properties. The item title, when a file
//! holds several replies, opens the message. No summary line: every line is
//! a command.

use std::io;

use crate::position::LineIndex;
use crate::report::{FileReport, Reporter};
use crate::rule::Severity;

/// GitHub Actions annotations.
#[derive(Debug, Clone, Copy, Default)]
pub struct Github;

impl Reporter for Github {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        for file in reports {
            let index = LineIndex::new(&file.text);
            for f in &file.findings {
                let start = index.position(&file.text, f.span.start);
                let end = index.position(&file.text, f.span.end);
                let command = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let message = match &f.item {
                    Some(item) => format!("[{item}] {}", f.message),
                    None => f.message.clone(),
                };
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape_property(&file.path),
                    start.line,
                    start.column,
                    end.line,
                    end.column,
                    escape_property(&format!("replylint ({})", f.rule)),
                    escape_data(&message),
                )?;
            }
        }
        Ok(())
    }
}

/// The toolkit's `escapeData`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The toolkit's `escapeProperty`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_is_a_notice_and_properties_are_escaped() {
        let report = FileReport {
            path: "a,b:c.txt".into(),
            text: "x\n100% sure".into(),
            findings: vec![crate::finding::Finding {
                rule: "r".into(),
                severity: Severity::Info,
                span: 2..6,
                message: "50% off\nnow".into(),
                label: None,
                help: String::new(),
                matched: "100%".into(),
                suggestions: Vec::new(),
                item: Some("T".into()),
            }],
        };
        let mut out = Vec::new();
        Github.report(&[report], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::notice file=a%2Cb%3Ac.txt,line=2,col=1,endLine=2,endColumn=5,title=replylint (r)::[T] 50%25 off%0Anow\n"
        );
    }

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
