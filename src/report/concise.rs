//! One line per finding, `path:line:col: severity[rule-id] message`, for grep,
//! editors without a language server, and CI logs.

use std::io;

use crate::position::LineIndex;
use crate::report::{FileReport, Reporter, Summary};

/// `path:line:col: severity[rule] message`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Concise;

impl Reporter for Concise {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        for file in reports {
            let index = LineIndex::new(&file.text);
            for f in &file.findings {
                let p = index.position(&file.text, f.span.start);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    file.path, p.line, p.column, f.severity, f.rule, f.message
                )?;
            }
        }
        writeln!(out, "{}", Summary::of(reports).line())
    }
}
