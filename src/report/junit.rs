//! `--format junit`: JUnit XML for CI systems that show test reports
//! (GitLab, Jenkins, Azure). One `<testsuite>` per file; one `<testcase>`
//! per finding, failed, named by rule, position and item; a clean file gets
//! one passing `<testcase>` so it still counts. Text is XML-escaped and
//! characters XML cannot hold are dropped.

use std::io;

use crate::position::LineIndex;
use crate::report::{FileReport, Reporter};

/// JUnit XML.
#[derive(Debug, Clone, Copy, Default)]
pub struct Junit;

impl Reporter for Junit {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let failures: usize = reports.iter().map(|r| r.findings.len()).sum();
        let tests: usize = reports.iter().map(|r| r.findings.len().max(1)).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="replylint" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        for file in reports {
            let path = xml(&file.path);
            writeln!(
                out,
                r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
                file.findings.len().max(1),
                file.findings.len()
            )?;
            if file.findings.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase name="replylint" classname="{path}"/>"#
                )?;
            }
            let index = LineIndex::new(&file.text);
            for f in &file.findings {
                let p = index.position(&file.text, f.span.start);
                let item = f
                    .item
                    .as_ref()
                    .map(|i| format!(" in {i:?}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    r#"    <testcase name="{}" classname="{path}">"#,
                    xml(&format!("{} at {}:{}{item}", f.rule, p.line, p.column))
                )?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    xml(&f.message),
                    f.severity,
                    xml_text(&format!(
                        "{}:{}:{}: {}[{}] {}\nmatched: {}\nhelp: {}",
                        file.path,
                        p.line,
                        p.column,
                        f.severity,
                        f.rule,
                        f.message,
                        f.matched,
                        f.help
                    ))
                )?;
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

/// Escape for an XML attribute (newlines kept as `&#10;`); drop chars XML
/// 1.0 cannot hold.
fn xml(s: &str) -> String {
    xml_text(s).replace('\n', "&#10;")
}

/// Escape for XML element text.
fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\r' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_chars() {
        assert_eq!(
            xml("a<b & \"c\" 'd'\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#10;"
        );
    }
}
