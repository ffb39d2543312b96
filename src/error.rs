//! Typed errors for loading rules and reading drafts. Each rule-file error
//! carries the file's text and a span so miette can point at the offending
//! line and column; the CLI prints every one of them, not just the first.

use std::path::PathBuf;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// A problem in one rule or lexicon file.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(rule_file))]
pub struct RuleFileError {
    /// The file, as given on the command line or `builtin:<name>`.
    pub path: String,
    /// What is wrong, in one line.
    pub message: String,
    /// The file's text, when it could be read.
    #[source_code]
    pub src: Option<NamedSource<Arc<String>>>,
    /// Where in the file.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// The text under the pointer.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

impl RuleFileError {
    /// An error with no position (the file could not be read at all). The
    /// message starts with the path: with no source text, miette has no
    /// other place to show which file it is.
    pub fn whole_file(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        RuleFileError {
            message: format!("{path}: {}", message.into()),
            path,
            src: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }

    /// 1-based line and column of the error, when known (for tests and
    /// one-line renderings).
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let src = self.src.as_ref()?.inner();
        let offset = self.span?.offset();
        Some(crate::position::line_col(src, offset))
    }
}

/// Every broken rule file found while loading a rule set.
#[derive(Debug, Error, Diagnostic)]
#[error("{} problem(s) in rule files", errors.len())]
pub struct LoadErrors {
    /// One per problem, in file order.
    #[related]
    pub errors: Vec<RuleFileError>,
}

/// A draft that could not be read.
#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    /// The OS refused (missing file, permissions, a directory loop...).
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(io))]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not UTF-8.
    #[error("{} is not valid UTF-8 (first bad byte at offset {offset}); skipped", path.display())]
    #[diagnostic(code(encoding), help("save the file as UTF-8"))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A NUL byte: a binary file, not a reply.
    #[error("{} looks binary (NUL byte at offset {offset}); skipped", path.display())]
    #[diagnostic(code(binary))]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the NUL.
        offset: usize,
    },
}
