//! The default, human format: miette's graphical report for each finding,
//! with the rule id as the code, the trigger words underlined and the help
//! below, then a summary line.

use std::io;
use std::ops::Range;

use rayon::prelude::*;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::position::{ceil_char_boundary, floor_char_boundary, LineIndex};
use crate::report::{FileReport, Reporter, Summary};

/// Lines of context miette shows above and below a finding.
const CONTEXT_LINES: usize = 1;

/// Bytes of a line kept on each side of a finding; a longer line (a
/// minified JSON export, a reply with no line breaks) is cut, marked `…`.
const LINE_CAP: usize = 240;

/// miette graphical output.
#[derive(Debug, Clone)]
pub struct Pretty {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap width (terminal width, or 80 when not a terminal).
    pub width: usize,
}

impl Pretty {
    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_context_lines(CONTEXT_LINES)
            .with_links(false)
    }
}

impl Reporter for Pretty {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let handler = self.handler();
        // Files are rendered in parallel, a chunk at a time (the output of
        // a large folder need not sit in memory whole), and written in
        // order: rendering was the longest serial step of a folder run.
        for chunk in reports.chunks(RENDER_CHUNK) {
            let rendered: Vec<String> = chunk
                .par_iter()
                .map(|file| render_file(&handler, file))
                .collect::<Result<_, _>>()?;
            for text in rendered {
                out.write_all(text.as_bytes())?;
            }
        }
        writeln!(out, "{}", Summary::of(reports).line())
    }
}

/// Files rendered at once (see `Pretty::report`).
const RENDER_CHUNK: usize = 512;

/// Every finding of `file`, each followed by a blank line.
fn render_file(handler: &GraphicalReportHandler, file: &FileReport) -> io::Result<String> {
    let mut rendered = String::new();
    if file.findings.is_empty() {
        return Ok(rendered);
    }
    let index = LineIndex::new(&file.text);
    for finding in &file.findings {
        let excerpt = Excerpt::around(&file.path, &file.text, &index, &finding.span);
        let diagnostic = WithSource {
            diagnostic: finding.to_diagnostic(),
            source: &excerpt,
        };
        handler
            .render_report(&mut rendered, &diagnostic)
            .map_err(io::Error::other)?;
        rendered.push('\n');
    }
    Ok(rendered)
}

/// A finding's diagnostic with its excerpt: what `Report::with_source_code`
/// gives, without the `Report`, whose constructor builds miette's default
/// handler (probing the terminal with three system calls) for every finding.
#[derive(Debug)]
struct WithSource<'a> {
    diagnostic: MietteDiagnostic,
    source: &'a Excerpt,
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.diagnostic.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.url()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
}

/// The few lines around one finding, cut out of its file once.
///
/// Handing miette the whole file made every finding cost a scan (and a
/// copy) of the file up to it: 2,200 findings in a 5 MB file took 14 s.
/// An excerpt answers miette's `read_span` in file coordinates, with line
/// and column counted from the file's [`LineIndex`].
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// File offset of `text[0]` (before a leading `…`, which has none).
    offset: usize,
    /// 0-based file line of `text`'s first line.
    line: usize,
    /// 0-based column, in chars, of `text[0]` on that line.
    column: usize,
}

impl Excerpt {
    fn around(name: &str, file: &str, index: &LineIndex, span: &Range<usize>) -> Self {
        let start = floor_char_boundary(file, span.start.min(file.len()));
        let end = ceil_char_boundary(file, span.end.clamp(start, file.len()));
        let first = index.line_of(start).saturating_sub(CONTEXT_LINES);
        let last_of_span = index.line_of(end.saturating_sub(1).max(start));
        let last = (last_of_span + CONTEXT_LINES).min(index.lines() - 1);
        let mut from = index.line_range(first, file.len()).start;
        let mut to = index.line_range(last, file.len()).end;
        let (mut text, mut offset) = (String::new(), from);
        let cut_from = floor_char_boundary(file, start.saturating_sub(LINE_CAP));
        if cut_from > from {
            from = cut_from;
            text.push('…');
            offset = from - '…'.len_utf8();
        }
        let cut_to = ceil_char_boundary(file, end.saturating_add(LINE_CAP).min(file.len()));
        let cut = cut_to < to;
        to = to.min(cut_to);
        text.push_str(&file[from..to]);
        if cut {
            text.push('…');
        }
        let line = index.line_of(from);
        // Counted from the index's checkpoints, not from the line's start:
        // a finding deep in a 10 MB line costs no more than one near its
        // start.
        let column =
            (index.position(file, from).column - 1).saturating_sub(usize::from(offset < from));
        Excerpt {
            name: name.to_string(),
            text,
            offset,
            line,
            column,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = span
            .offset()
            .checked_sub(self.offset)
            .filter(|l| l + span.len() <= self.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        let inner = self.text.as_str().read_span(
            &SourceSpan::new(local.into(), span.len()),
            before,
            after,
        )?;
        let at = inner.span().offset();
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut column = self.text[line_start..at].chars().count();
        if line_start == 0 {
            column += self.column;
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((at + self.offset).into(), inner.span().len()),
            self.line + inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

    use super::*;

    fn render(source: impl SourceCode + 'static, span: Range<usize>) -> String {
        let diagnostic = MietteDiagnostic::new("flat refusal")
            .with_code("flat-no")
            .with_label(LabeledSpan::new(
                Some("here".into()),
                span.start,
                span.len(),
            ));
        let report = miette::Report::new(diagnostic).with_source_code(source);
        let handler = Pretty {
            color: false,
            width: 80,
        }
        .handler();
        let mut out = String::new();
        handler.render_report(&mut out, report.as_ref()).unwrap();
        out
    }

    fn excerpt(text: &str, span: &Range<usize>) -> Excerpt {
        Excerpt::around("reply.md", text, &LineIndex::new(text), span)
    }

    #[test]
    fn an_excerpt_renders_as_the_whole_file_does() {
        let text = "Hi Sam,\n\nWe cannot refund this order.\nThanks,\nAlex\n";
        for phrase in [
            "Hi Sam",
            "cannot refund",
            "Thanks",
            "Alex\n",
            "refund this order.\nThanks",
        ] {
            let start = text.find(phrase).unwrap();
            let span = start..start + phrase.len();
            let whole = render(NamedSource::new("reply.md", text.to_string()), span.clone());
            assert_eq!(render(excerpt(text, &span), span), whole, "{phrase:?}");
        }
    }

    #[test]
    fn columns_count_characters_like_the_other_formats() {
        let text = "Olá José — we cannot refund this.";
        let start = text.find("cannot").unwrap();
        let out = render(excerpt(text, &(start..start + 6)), start..start + 6);
        let (_, column) = crate::position::line_col(text, start);
        assert!(out.contains(&format!("[reply.md:1:{column}]")), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let text = format!(
            "{} we cannot refund this. {}",
            "a".repeat(50_000),
            "é".repeat(50_000)
        );
        let start = text.find("cannot").unwrap();
        let span = start..start + 6;
        let out = render(excerpt(&text, &span), span);
        assert!(out.contains("[reply.md:1:50005]"), "{out}");
        assert!(out.contains("…aaa") && out.contains("éé…"), "{out}");
        assert!(out.len() < 8 * LINE_CAP, "{} bytes", out.len());
        let underline = out.lines().find(|l| l.contains('┬')).unwrap();
        let code = out.lines().find(|l| l.contains("cannot")).unwrap();
        let col = |l: &str, pat: &str| l[..l.find(pat).unwrap()].chars().count();
        assert_eq!(col(underline, "─"), col(code, "cannot"));
    }
}
