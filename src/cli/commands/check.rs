//! `replylint check`: read drafts from paths or stdin, lint them, report, and
//! decide the exit status. An unreadable file is reported and the others are
//! still checked (exit 2 at the end).

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use replylint::error::InputError;
use replylint::report::{concise::Concise, json::Json, pretty::Pretty, FileReport, Reporter};
use replylint::{Context, Linter, Selection, Severity};

use crate::cli::args::{CheckArgs, FailOn, Format};
use crate::cli::{load_rules, render_error, usage_error, use_color, width, ExitStatus};

/// Extensions checked when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "md", "eml"];

enum Input {
    Stdin,
    File(PathBuf),
}

pub(crate) fn run(args: CheckArgs) -> io::Result<ExitStatus> {
    let Some(rules) = load_rules(&args.rule_args) else {
        return Ok(ExitStatus::Error);
    };
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severity: Vec::new(),
    };
    let unknown = selection.unknown_ids(&rules);
    if !unknown.is_empty() {
        for u in unknown {
            usage_error(&u.to_string());
        }
        return Ok(ExitStatus::Error);
    }
    let linter = Linter::new(&rules, &selection);

    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    let context_from_stdin = args
        .context
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if stdin_count > 1 || (stdin_count == 1 && context_from_stdin) {
        usage_error("stdin (`-`) can be read only once");
        return Ok(ExitStatus::Error);
    }
    let message = match &args.context {
        None => None,
        Some(path) => match read_text(path, context_from_stdin) {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("{}", render_error(&e));
                return Ok(ExitStatus::Error);
            }
        },
    };
    let context = Context::new(args.customer_name.as_deref(), message, args.mode);

    let mut had_error = false;
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut had_error);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }

    let mut reports = Vec::with_capacity(inputs.len());
    for input in inputs {
        let (name, result) = match &input {
            Input::Stdin => (
                args.stdin_filename
                    .clone()
                    .unwrap_or_else(|| "<stdin>".into()),
                read_text(Path::new("<stdin>"), true),
            ),
            Input::File(p) => (p.display().to_string(), read_text(p, false)),
        };
        match result {
            Ok(text) => {
                let findings = linter.lint_text(&text, &context);
                reports.push(FileReport {
                    path: name,
                    text,
                    findings,
                });
            }
            Err(e) => {
                had_error = true;
                eprintln!("{}", render_error(&e));
            }
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let reporter: Box<dyn Reporter> = match args.format {
        Format::Pretty => Box::new(Pretty {
            color: use_color(args.color, io::stdout().is_terminal()),
            width: width(),
        }),
        Format::Concise => Box::new(Concise),
        Format::Json => Box::new(Json),
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    reporter.report(&reports, &mut out)?;
    out.flush()?;

    if had_error {
        return Ok(ExitStatus::Error);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|t| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.severity >= t)
    });
    Ok(if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Files below `dir` with a checked extension, respecting `.gitignore`,
/// in a stable order.
fn walk(dir: &Path, inputs: &mut Vec<Input>, had_error: &mut bool) {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).build() {
        match entry {
            Ok(e) => {
                let p = e.path();
                if e.file_type().is_some_and(|t| t.is_file())
                    && p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.contains(&x))
                {
                    files.push(p.to_path_buf());
                }
            }
            Err(e) => {
                *had_error = true;
                eprintln!("error: {e}");
            }
        }
    }
    files.sort();
    inputs.extend(files.into_iter().map(Input::File));
}

/// Read a draft as UTF-8 text; binary and non-UTF-8 files are errors that
/// name the file and the offset.
fn read_text(path: &Path, stdin: bool) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let read = if stdin {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(InputError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}
