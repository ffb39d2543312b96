//! `replylint check`: read drafts from paths or stdin (or JSON lines with
//! `--batch`), lint them, apply or show fixes when asked, report, and decide
//! the exit status. An unreadable file is reported and the others are still
//! checked (exit 2 at the end).

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use replylint::error::InputError;
use replylint::finding::Applicability;
use replylint::report::jsonl::JsonLines;
use replylint::report::{concise::Concise, json::Json, pretty::Pretty, FileReport, Reporter};
use replylint::rule::fix;
use replylint::{Context, Finding, Linter, Selection, Severity};

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
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };

    if let Some(batch) = &args.batch {
        return run_batch(&linter, batch, &args, threshold);
    }

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

    // Read first (stdin must be read on this thread), then lint in parallel;
    // collecting keeps the input order, and reports are sorted anyway.
    let mut read: Vec<(Option<PathBuf>, String, String)> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let (file, name, result) = match input {
            Input::Stdin => (
                None,
                args.stdin_filename
                    .clone()
                    .unwrap_or_else(|| "<stdin>".into()),
                read_text(Path::new("<stdin>"), true),
            ),
            Input::File(p) => {
                let name = p.display().to_string();
                let r = read_text(&p, false);
                (Some(p), name, r)
            }
        };
        match result {
            Ok(text) => read.push((file, name, text)),
            Err(e) => {
                had_error = true;
                eprintln!("{}", render_error(&e));
            }
        }
    }
    let mut reports: Vec<(Option<PathBuf>, FileReport)> = read
        .into_par_iter()
        .map(|(file, path, text)| {
            let findings = linter.lint_text(&text, &context);
            (
                file,
                FileReport {
                    path,
                    text,
                    findings,
                },
            )
        })
        .collect();
    reports.sort_by(|a, b| a.1.path.cmp(&b.1.path));

    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);

    if args.diff {
        let mut changed = 0;
        for (_, r) in &reports {
            let (fixed, n) = fixed_text(&r.text, &r.findings, allowed);
            if n > 0 {
                changed += 1;
                let diff = similar::TextDiff::from_lines(&r.text, &fixed);
                write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .header(&format!("a/{}", r.path), &format!("b/{}", r.path))
                )?;
            }
        }
        out.flush()?;
        eprintln!(
            "{changed} file{} would be changed",
            if changed == 1 { "" } else { "s" }
        );
        return Ok(if had_error {
            ExitStatus::Error
        } else if changed > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        });
    }

    if args.fix {
        let mut fixed_total = 0;
        for (file, r) in &mut reports {
            let (fixed, n) = fixed_text(&r.text, &r.findings, allowed);
            match file {
                // Fixing stdin prints the fixed text: the caller owns the file.
                None => {
                    out.write_all(fixed.as_bytes())?;
                    out.flush()?;
                    eprintln!("Fixed {n} problem{}.", if n == 1 { "" } else { "s" });
                    return Ok(ExitStatus::Success);
                }
                Some(_) if n == 0 => {}
                Some(path) => match replylint::write::write_atomic(path, fixed.as_bytes()) {
                    Ok(()) => {
                        fixed_total += n;
                        r.findings = linter.lint_text(&fixed, &context);
                        r.text = fixed;
                    }
                    Err(e) => {
                        had_error = true;
                        eprintln!(
                            "error: could not write fixes to {}: {e}; the file is unchanged",
                            path.display()
                        );
                    }
                },
            }
        }
        if fixed_total > 0 {
            eprintln!(
                "Fixed {fixed_total} problem{}.",
                if fixed_total == 1 { "" } else { "s" }
            );
        }
    }

    let reports: Vec<FileReport> = reports.into_iter().map(|(_, r)| r).collect();
    let reporter: Box<dyn Reporter> = match args.format {
        Format::Pretty => Box::new(Pretty {
            color: use_color(args.color, io::stdout().is_terminal()),
            width: width(),
        }),
        Format::Concise => Box::new(Concise),
        Format::Json => Box::new(Json),
        Format::Jsonl => Box::new(JsonLines),
    };
    reporter.report(&reports, &mut out)?;
    out.flush()?;

    if had_error {
        return Ok(ExitStatus::Error);
    }
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

/// The text with the first allowed suggestion of each finding applied.
fn fixed_text(text: &str, findings: &[Finding], allowed: Applicability) -> (String, usize) {
    fix::apply(
        text,
        findings.iter().filter_map(|f| {
            f.suggestions.iter().find(|s| {
                s.applicability <= allowed && s.applicability != Applicability::DisplayOnly
            })
        }),
    )
}

fn run_batch(
    linter: &Linter<'_>,
    source: &Path,
    args: &CheckArgs,
    threshold: Option<Severity>,
) -> io::Result<ExitStatus> {
    let stdout = io::stdout().lock();
    let out = BufWriter::new(stdout);
    let stats = if source.as_os_str() == "-" {
        replylint::batch::run(linter, io::stdin().lock(), out, args.mode)?
    } else {
        match std::fs::File::open(source) {
            Ok(f) => replylint::batch::run(linter, io::BufReader::new(f), out, args.mode)?,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", source.display());
                return Ok(ExitStatus::Error);
            }
        }
    };
    if stats.bad > 0 {
        eprintln!(
            "error: {} {} not a valid record; the other {} were checked",
            stats.bad,
            if stats.bad == 1 {
                "line was"
            } else {
                "lines were"
            },
            stats.records
        );
        return Ok(ExitStatus::Error);
    }
    let failed = matches!((threshold, stats.worst), (Some(t), Some(w)) if w >= t);
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
                    // Walking `.` yields `./a.txt`; name it `a.txt`.
                    files.push(p.strip_prefix(".").unwrap_or(p).to_path_buf());
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
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
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
