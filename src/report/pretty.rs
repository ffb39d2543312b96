//! The default, human format: miette's graphical report for each finding,
//! with the rule id as the code, the trigger words underlined and the help
//! below, then a summary line.

use std::io;

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource, Report};

use crate::report::{FileReport, Reporter, Summary};

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
            .with_context_lines(1)
            .with_links(false)
    }
}

impl Reporter for Pretty {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let handler = self.handler();
        for file in reports {
            for finding in &file.findings {
                let report = Report::new(finding.to_diagnostic())
                    .with_source_code(NamedSource::new(&file.path, file.text.clone()));
                let mut rendered = String::new();
                handler
                    .render_report(&mut rendered, report.as_ref())
                    .map_err(io::Error::other)?;
                writeln!(out, "{rendered}")?;
            }
        }
        writeln!(out, "{}", Summary::of(reports).line())
    }
}
