//! replylint: a linter for customer-support replies.
//!
//! The pipeline, one module per arrow:
//!
//! ```text
//! source text ─▶ Draft (regions, greeting, sentences) ─┐
//! rule files  ─▶ RuleSet (compiled once) ──────────────┼─▶ Linter ─▶ Vec<Finding> ─▶ reporter
//! flags / customer message ─▶ Context ─────────────────┘
//! ```
//!
//! ```
//! use replylint::{Context, Linter, RuleSet, Selection};
//!
//! let rules = RuleSet::builtin().expect("built-in rules load");
//! let linter = Linter::new(&rules, &Selection::default());
//! let findings = linter.lint_text("We'll get back to you soon.", &Context::default());
//! assert!(findings.iter().any(|f| f.rule == "vague-promise"));
//! ```
//!
//! The library never prints; the binary's `cli` module does.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod batch;
pub mod check;
pub mod config;
pub mod draft;
pub mod error;
pub mod eval;
pub mod finding;
pub mod linter;
mod locate;
pub mod position;
pub mod report;
pub mod rule;
pub mod server;
pub mod source;
pub mod suppress;
pub mod workspace;
pub mod write;

pub use draft::{Context, CustomerName, Draft, Mode};
pub use error::{InputError, LoadErrors, RuleFileError};
pub use finding::Finding;
pub use linter::Linter;
pub use rule::{Rule, RuleSet, Severity};
pub use rule::{RuleSources, Selection};
