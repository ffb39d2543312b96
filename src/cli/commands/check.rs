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
use replylint::workspace::{ConfigChoice, Overrides, Workspace, WorkspaceError};
use replylint::{Context, Finding, Linter, Mode, Selection, Severity};

use crate::cli::args::{CheckArgs, FailOn, Format};
use crate::cli::{print_load_errors, render_error, usage_error, use_color, width, ExitStatus};

/// Extensions checked when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "md", "eml"];

enum Input {
    Stdin,
    File(PathBuf),
}

/// One file (or stdin) read and ready to lint.
struct Job {
    file: Option<PathBuf>,
    name: String,
    text: String,
    entry: usize,
}

pub(crate) fn run(args: CheckArgs) -> io::Result<ExitStatus> {
    let mut workspace = Workspace::new(Overrides {
        builtin: !args.rule_args.no_builtin,
        rule_dirs: args.rule_args.rules.clone(),
        config: if args.no_config {
            ConfigChoice::Ignore
        } else if let Some(c) = &args.config {
            ConfigChoice::File(c.clone())
        } else {
            ConfigChoice::Nearest
        },
    });
    // Stdin is resolved from --stdin-filename's folder, else the current one.
    let stdin_anchor = args
        .stdin_filename
        .as_deref()
        .map(|n| {
            Path::new(n)
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf()
        })
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| PathBuf::from("."));

    if let Some(batch) = &args.batch {
        let Some(entry) = resolve(&mut workspace, &stdin_anchor) else {
            return Ok(ExitStatus::Error);
        };
        let entry = workspace.entry(entry);
        let settings = entry
            .config
            .as_ref()
            .map(|c| c.settings_for(None))
            .unwrap_or_default();
        let selection = cli_selection(&args, settings.selection);
        if !known_ids(&selection, &entry.rules) {
            return Ok(ExitStatus::Error);
        }
        let linter = Linter::new(&entry.rules, &selection);
        let fail_on = args
            .fail_on
            .map(cli_fail_on)
            .or(entry.config.as_ref().and_then(|c| c.fail_on()))
            .unwrap_or(replylint::config::FailOn::Warning);
        let mode = args.mode.or(settings.mode).unwrap_or_default();
        return run_batch(&linter, batch, mode, fail_on.threshold());
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

    // Resolve configs and read files on this thread (stdin must be read
    // here), then lint in parallel; reports are sorted by path afterwards.
    let mut jobs: Vec<Job> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let anchor = match &input {
            Input::Stdin => stdin_anchor.clone(),
            Input::File(p) => p.clone(),
        };
        let Some(entry) = resolve(&mut workspace, &anchor) else {
            return Ok(ExitStatus::Error);
        };
        if let Input::File(p) = &input {
            let excluded = workspace
                .entry(entry)
                .config
                .as_ref()
                .is_some_and(|c| c.excludes(p));
            if excluded && !args.paths.iter().any(|a| a == p) {
                continue;
            }
        }
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
            Ok(text) => jobs.push(Job {
                file,
                name,
                text,
                entry,
            }),
            Err(e) => {
                had_error = true;
                eprintln!("{}", render_error(&e));
            }
        }
    }

    // Per-file selection: the config's (with its overrides), then the CLI's.
    let mut prepared = Vec::with_capacity(jobs.len());
    for job in jobs {
        let entry = workspace.entry(job.entry);
        let settings = entry
            .config
            .as_ref()
            .map(|c| c.settings_for(job.file.as_deref()))
            .unwrap_or_default();
        let selection = cli_selection(&args, settings.selection);
        if !known_ids(&selection, &entry.rules) {
            return Ok(ExitStatus::Error);
        }
        let mode = args.mode.or(settings.mode).unwrap_or(Mode::Draft);
        let fail_on = args
            .fail_on
            .map(cli_fail_on)
            .or(entry.config.as_ref().and_then(|c| c.fail_on()))
            .unwrap_or(replylint::config::FailOn::Warning);
        prepared.push((job, selection, mode, fail_on));
    }

    let customer_name = args.customer_name.as_deref();
    let lint = |entry: usize, selection: &Selection, mode: Mode, text: &str| {
        let linter = Linter::new(&workspace.entry(entry).rules, selection);
        let context = Context::new(customer_name, message.clone(), mode);
        replylint::suppress::apply(text, linter.lint_text(text, &context))
    };
    let mut reports: Vec<Checked> = prepared
        .into_par_iter()
        .map(|(job, selection, mode, fail_on)| {
            let findings = lint(job.entry, &selection, mode, &job.text);
            Checked {
                file: job.file,
                entry: job.entry,
                selection,
                mode,
                fail_on,
                report: FileReport {
                    path: job.name,
                    text: job.text,
                    findings,
                },
            }
        })
        .collect();
    reports.sort_by(|a, b| a.report.path.cmp(&b.report.path));

    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);

    if args.diff {
        let mut changed = 0;
        for c in &reports {
            let r = &c.report;
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
        for c in &mut reports {
            let (fixed, n) = fixed_text(&c.report.text, &c.report.findings, allowed);
            match &c.file {
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
                        c.report.findings = lint(c.entry, &c.selection, c.mode, &fixed);
                        c.report.text = fixed;
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

    if let Some(path) = &args.baseline {
        if args.update_baseline || !path.exists() {
            let base = replylint::baseline::Baseline::record(reports.iter().flat_map(|c| {
                c.report
                    .findings
                    .iter()
                    .map(|f| (c.report.path.as_str(), None, f))
            }));
            if let Err(e) = base.save(path) {
                eprintln!("error: cannot write baseline {}: {e}", path.display());
                return Ok(ExitStatus::Error);
            }
            let total: usize = base.findings.iter().map(|e| e.count).sum();
            eprintln!(
                "Recorded {total} finding{} in {}; later runs report only new ones.",
                if total == 1 { "" } else { "s" },
                path.display()
            );
            for c in &mut reports {
                c.report.findings.clear();
            }
        } else {
            let base = match replylint::baseline::Baseline::load(path) {
                Ok(b) => b,
                Err(e) => {
                    usage_error(&e);
                    return Ok(ExitStatus::Error);
                }
            };
            let mut filter = base.filter();
            for c in &mut reports {
                let path = c.report.path.clone();
                c.report.findings.retain(|f| filter.is_new(&path, None, f));
            }
        }
    }

    let failed = reports.iter().any(|c| {
        c.fail_on
            .threshold()
            .is_some_and(|t| c.report.findings.iter().any(|f| f.severity >= t))
    });
    let reports: Vec<FileReport> = reports.into_iter().map(|c| c.report).collect();
    if args.statistics {
        statistics(&reports, &mut out)?;
    } else {
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
    }
    out.flush()?;

    Ok(if had_error {
        ExitStatus::Error
    } else if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// A file after linting, with what it was linted with (for re-linting after
/// a fix and for its fail-on).
struct Checked {
    file: Option<PathBuf>,
    entry: usize,
    selection: Selection,
    mode: Mode,
    fail_on: replylint::config::FailOn,
    report: FileReport,
}

/// The config's selection, with `--select` replacing and `--ignore` adding.
fn cli_selection(args: &CheckArgs, mut selection: Selection) -> Selection {
    if let Some(select) = &args.select {
        selection.select = Some(select.clone());
    }
    selection.ignore.extend(args.ignore.iter().cloned());
    selection
}

fn known_ids(selection: &Selection, rules: &replylint::RuleSet) -> bool {
    let unknown = selection.unknown_ids(rules);
    for u in &unknown {
        usage_error(&u.to_string());
    }
    unknown.is_empty()
}

fn cli_fail_on(f: FailOn) -> replylint::config::FailOn {
    match f {
        FailOn::Error => replylint::config::FailOn::Error,
        FailOn::Warning => replylint::config::FailOn::Warning,
        FailOn::Info => replylint::config::FailOn::Info,
        FailOn::Never => replylint::config::FailOn::Never,
    }
}

/// Resolve a file's config and rules, printing any error.
fn resolve(workspace: &mut Workspace, anchor: &Path) -> Option<usize> {
    match workspace.resolve(anchor) {
        Ok(i) => Some(i),
        Err(WorkspaceError::Config(errors)) => {
            for e in &errors {
                eprintln!("{}", render_error(e));
            }
            eprintln!("error: the config file is broken; nothing was checked");
            None
        }
        Err(WorkspaceError::Rules(errors)) => {
            print_load_errors(&errors);
            None
        }
    }
}

/// `--statistics`: findings per rule, most frequent first.
fn statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *counts.entry((f.rule.as_str(), f.severity)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((rule, severity), n) in &rows {
        writeln!(out, "{n:>6}  {rule:<24} {severity}")?;
    }
    writeln!(out, "{}", replylint::report::Summary::of(reports).line())
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
    mode: Mode,
    threshold: Option<Severity>,
) -> io::Result<ExitStatus> {
    let stdout = io::stdout().lock();
    let out = BufWriter::new(stdout);
    let stats = if source.as_os_str() == "-" {
        replylint::batch::run(linter, io::stdin().lock(), out, mode)?
    } else {
        match std::fs::File::open(source) {
            Ok(f) => replylint::batch::run(linter, io::BufReader::new(f), out, mode)?,
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
    // .gitignore is honoured even outside a git checkout (a canned-response
    // folder copied around), and `.replylintignore` works like it.
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .add_custom_ignore_filename(".replylintignore")
        .build();
    for entry in walker {
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
