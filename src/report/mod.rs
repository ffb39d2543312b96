//! Reporters: turn findings into what a person or a program reads. One file
//! per format; all of them write to any `io::Write` and never decide exit
//! codes. Findings arrive sorted by path, then position.

pub mod concise;
pub mod github;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod pretty;
pub mod sarif;

use std::io;

use crate::finding::Finding;
use crate::rule::Severity;

/// The findings of one checked file (or stdin).
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user gave it, or the stdin name.
    pub path: String,
    /// The file's full text (spans index into it).
    pub text: String,
    /// Sorted by position.
    pub findings: Vec<Finding>,
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Findings at `error`.
    pub errors: usize,
    /// Findings at `warning`.
    pub warnings: usize,
    /// Findings at `info`.
    pub infos: usize,
}

impl Summary {
    /// Count the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for f in reports.iter().flat_map(|r| &r.findings) {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// "Found 3 problems (1 error, 2 warnings) in 2 files." or "No problems
    /// found in 2 files."
    pub fn line(&self) -> String {
        let files = plural(self.files, "file");
        if self.total() == 0 {
            return format!("No problems found in {files}.");
        }
        let parts: Vec<String> = [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| plural(*n, w))
        .collect();
        format!(
            "Found {} ({}) in {files}.",
            plural(self.total(), "problem"),
            parts.join(", ")
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A reporter for one output format.
pub trait Reporter {
    /// Write every report and the summary.
    fn report(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let s = Summary {
            files: 2,
            errors: 1,
            warnings: 2,
            infos: 0,
        };
        assert_eq!(
            s.line(),
            "Found 3 problems (1 error, 2 warnings) in 2 files."
        );
        let clean = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(clean.line(), "No problems found in 1 file.");
    }
}
