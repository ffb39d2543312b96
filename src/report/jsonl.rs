//! `--format jsonl`: one diagnostic object per line (the same objects as
//! `--format json`), no summary, for streaming consumers.

use std::io;

use crate::report::json::diagnostics;
use crate::report::{FileReport, Reporter};

/// JSON lines output.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLines;

impl Reporter for JsonLines {
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        for report in reports {
            for d in diagnostics(report) {
                serde_json::to_writer(&mut *out, &d)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}
