//! `replylint check`: read files (or stdin, or JSON lines with `--batch`),
//! split each into the replies it holds, lint every reply with the settings
//! of the nearest config, apply or show fixes when asked, report, and decide
//! the exit status. An unreadable file is reported and the others are still
//! checked (exit 2 at the end).

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use replylint::config::{Config, FailOn as ConfigFailOn};
use replylint::error::InputError;
use replylint::finding::Applicability;
use replylint::report::github::Github;
use replylint::report::jsonl::JsonLines;
use replylint::report::junit::Junit;
use replylint::report::sarif::Sarif;
use replylint::report::{concise::Concise, json::Json, pretty::Pretty, FileReport, Reporter};
use replylint::rule::fix;
use replylint::rule::set::UnknownRule;
use replylint::source::{self, CollectionKeys, SourceError};
use replylint::workspace::{ConfigChoice, Overrides, Workspace, WorkspaceError};
use replylint::{Context, Finding, Linter, Mode, Rule, Selection, Severity};

use crate::cli::args::{CheckArgs, FailOn, Format};
use crate::cli::{print_load_errors, render_error, usage_error, use_color, width, ExitStatus};

/// Extensions checked when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "md", "mdx", "markdown", "eml", "yml", "yaml", "json"];

enum Input {
    Stdin,
    /// A file, and whether it was found by walking a folder (so a JSON or
    /// YAML file that holds no replies is skipped rather than an error).
    File(PathBuf, bool),
}

/// One file (or stdin) to lint, with its settings.
struct Job {
    file: Option<PathBuf>,
    name: String,
    entry: usize,
    walked: bool,
    selection: Selection,
    /// The config's mode for this path, if it sets one.
    config_mode: Option<Mode>,
    fail_on: ConfigFailOn,
}

/// What applies to every reply of one run.
struct RunContext<'a> {
    cli_mode: Option<Mode>,
    customer_name: Option<&'a str>,
    message: Option<&'a str>,
    /// One input only: its rules run in parallel instead of the files.
    single: bool,
}

/// An input with its config entry, and its text when already read (stdin).
type Resolved = (Input, usize, Option<Result<String, InputError>>);

/// A job after the parallel phase.
enum Outcome {
    Checked(Checked),
    /// Not a reply collection (a walked JSON or YAML file that holds none).
    Skipped,
    /// Unreadable or unparsable: the rendered error.
    Failed(String),
    /// The selection for it names rules that do not exist.
    UnknownIds(Vec<UnknownRule>),
}

/// The job for one resolved input: `None` when the config excludes it,
/// an error when its selection names unknown rules.
fn job_for(
    args: &CheckArgs,
    workspace: &Workspace,
    input: Input,
    entry: usize,
) -> Option<Result<Job, Vec<UnknownRule>>> {
    let config = workspace.entry(entry).config.as_ref();
    if let Input::File(p, true) = &input {
        if config.is_some_and(|c| c.excludes(p)) {
            return None;
        }
    }
    let (file, name, walked) = match input {
        Input::Stdin => (
            None,
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".into()),
            false,
        ),
        Input::File(p, walked) => {
            let name = p.display().to_string();
            (Some(p), name, walked)
        }
    };
    // The config's selection for this path, then the CLI's.
    let settings = config
        .map(|c| c.settings_for(file.as_deref()))
        .unwrap_or_default();
    let selection = cli_selection(args, settings.selection);
    let unknown = selection.unknown_ids(&workspace.entry(entry).rules);
    if !unknown.is_empty() {
        return Some(Err(unknown));
    }
    Some(Ok(Job {
        fail_on: fail_on(args, config),
        file,
        name,
        entry,
        walked,
        selection,
        config_mode: settings.mode,
    }))
}

/// A file after linting.
struct Checked {
    job: Job,
    /// Replies the file held.
    items: usize,
    /// Whether fixes can be written back into the file's text as is.
    fixable: bool,
    report: FileReport,
}

pub(crate) fn run(args: CheckArgs) -> io::Result<ExitStatus> {
    // Never dropped: freeing the compiled rules took longer than a short
    // draft's whole check (half a millisecond), and the process exits next.
    let workspace = Box::leak(Box::new(Workspace::new(Overrides {
        builtin: !args.rule_args.no_builtin,
        rule_dirs: args.rule_args.rules.clone(),
        config: if args.no_config {
            ConfigChoice::Ignore
        } else if let Some(c) = &args.config {
            ConfigChoice::File(c.clone())
        } else {
            ConfigChoice::Nearest
        },
    })));
    // Stdin is resolved from --stdin-filename's folder, else the current one.
    let stdin_anchor = match args
        .stdin_filename
        .as_deref()
        .map(Path::new)
        .and_then(Path::parent)
    {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };

    if let Some(batch) = &args.batch {
        let Some(entry) = resolve(workspace, &stdin_anchor) else {
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
        let fail_on = fail_on(&args, entry.config.as_ref());
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
            // The folder's settings (its config and the rules compiled for
            // it, a few milliseconds) are resolved on another thread while
            // this one walks it; the files directly in it then find them
            // cached. Named as the walk names its files' folder. An error
            // is left for those files' own resolving to report.
            let folder = path.strip_prefix(".").unwrap_or(path);
            rayon::join(
                || walk(path, &mut inputs, &mut had_error),
                || workspace.resolve_as(folder, true).ok(),
            );
        } else {
            inputs.push(Input::File(path.clone(), false));
        }
    }

    // Resolve configs on this thread (the workspace caches them) and read
    // stdin here; everything per file after that, reading included, runs in
    // parallel with linting. Reports are sorted by path afterwards.
    let mut resolved: Vec<Resolved> = Vec::with_capacity(inputs.len());
    // The walk gives a folder's files one after another: resolve each
    // folder once.
    let mut last_folder: Option<(PathBuf, usize)> = None;
    for input in inputs {
        let folder = match &input {
            Input::File(p, true) => p.parent(),
            _ => None,
        };
        let cached = last_folder
            .as_ref()
            .filter(|(f, _)| Some(f.as_path()) == folder)
            .map(|&(_, entry)| entry);
        let entry = match cached {
            Some(entry) => entry,
            None => {
                // Walked paths are files: no need to stat them again.
                let resolved = match &input {
                    Input::Stdin => workspace.resolve(&stdin_anchor),
                    Input::File(p, true) => workspace.resolve_as(p, false),
                    Input::File(p, false) => workspace.resolve(p),
                };
                let Some(entry) = resolve_with(resolved) else {
                    return Ok(ExitStatus::Error);
                };
                last_folder = folder.map(|f| (f.to_path_buf(), entry));
                entry
            }
        };
        let text = matches!(input, Input::Stdin).then(|| read_text(Path::new("<stdin>"), true));
        resolved.push((input, entry, text));
    }

    let cx = RunContext {
        cli_mode: args.mode,
        customer_name: args.customer_name.as_deref(),
        message: message.as_deref(),
        single: resolved.len() == 1,
    };
    let workspace: &Workspace = workspace;
    // Errors are rendered there too, and printed here in input order.
    let results: Vec<Outcome> = resolved
        .into_par_iter()
        .map(|(input, entry, text)| {
            let Some(job) = job_for(&args, workspace, input, entry) else {
                return Outcome::Skipped;
            };
            let job = match job {
                Ok(job) => job,
                Err(unknown) => return Outcome::UnknownIds(unknown),
            };
            let text = text
                .unwrap_or_else(|| read_text(job.file.as_deref().unwrap_or(Path::new("")), false));
            let text = match text {
                Ok(text) => text,
                Err(e) => return Outcome::Failed(render_error(&e)),
            };
            match lint_job(workspace, &job, &text, &cx) {
                Ok(l) => Outcome::Checked(Checked {
                    items: l.items,
                    fixable: l.fixable,
                    report: FileReport {
                        path: job.name.clone(),
                        text,
                        findings: l.findings,
                    },
                    job,
                }),
                // A JSON or YAML file met while walking that holds no
                // replies (package.json, a CI config) is not a reply
                // collection.
                Err(SourceError::Unrecognized { .. }) if job.walked => Outcome::Skipped,
                Err(e) => Outcome::Failed(render_error(&e)),
            }
        })
        .collect();
    // An unknown rule id in the selection stops the run before any output.
    if let Some(unknown) = results.iter().find_map(|o| match o {
        Outcome::UnknownIds(u) => Some(u),
        _ => None,
    }) {
        report_unknown(unknown);
        return Ok(ExitStatus::Error);
    }
    // Collected in place: the outcomes' buffer is reused, not copied into a
    // fresh one (45,000 files moved 10 MB through new pages here).
    let mut checked: Vec<Checked> = results
        .into_iter()
        .filter_map(|outcome| match outcome {
            Outcome::Checked(c) => Some(c),
            Outcome::Skipped | Outcome::UnknownIds(_) => None,
            Outcome::Failed(message) => {
                had_error = true;
                eprintln!("{message}");
                None
            }
        })
        .collect();
    checked.sort_by(|a, b| a.report.path.cmp(&b.report.path));

    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);

    if args.diff {
        let mut changed = 0;
        for c in checked.iter().filter(|c| c.fixable) {
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
        for c in checked.iter_mut().filter(|c| c.fixable) {
            let (fixed, n) = fixed_text(&c.report.text, &c.report.findings, allowed);
            match &c.job.file {
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
                        if let Ok(l) = lint_job(workspace, &c.job, &fixed, &cx) {
                            c.report.findings = l.findings;
                        }
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
            let base = replylint::baseline::Baseline::record(checked.iter().flat_map(|c| {
                c.report
                    .findings
                    .iter()
                    .map(|f| (c.report.path.as_str(), f.item.as_deref(), f))
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
            for c in &mut checked {
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
            for c in &mut checked {
                let path = c.report.path.clone();
                c.report
                    .findings
                    .retain(|f| filter.is_new(&path, f.item.as_deref(), f));
            }
        }
    }

    let failed = checked.iter().any(|c| {
        c.job
            .fail_on
            .threshold()
            .is_some_and(|t| c.report.findings.iter().any(|f| f.severity >= t))
    });
    let items: usize = checked.iter().map(|c| c.items).sum();
    // SARIF lists every rule that ran anywhere, once.
    let ran = if args.format == Format::Sarif && !args.statistics {
        rules_that_ran(workspace, &checked)
    } else {
        Vec::new()
    };
    // In place, and the jobs left to the process's exit like the reports
    // below: freeing their paths one by one was most of this step.
    let reports: Vec<FileReport> = checked
        .into_iter()
        .map(|c| {
            std::mem::forget(c.job);
            c.report
        })
        .collect();
    if args.statistics {
        statistics(&reports, items, &mut out)?;
    } else {
        let reporter: Box<dyn Reporter> = match args.format {
            Format::Pretty => Box::new(Pretty {
                color: use_color(args.color, io::stdout().is_terminal()),
                width: width(),
            }),
            Format::Concise => Box::new(Concise),
            Format::Json => Box::new(Json),
            Format::Jsonl => Box::new(JsonLines),
            Format::Github => Box::new(Github),
            Format::Junit => Box::new(Junit),
            Format::Sarif => Box::new(Sarif::new(ran.iter().copied())),
        };
        reporter.report(&reports, &mut out)?;
    }
    out.flush()?;
    // The process exits next: freeing every text and finding one by one
    // took 10 ms of a 45,000-file run, all of it after the parallel work.
    std::mem::forget(reports);

    Ok(if had_error {
        ExitStatus::Error
    } else if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Every rule that ran on any checked file, once, sorted by id.
fn rules_that_ran<'w>(workspace: &'w Workspace, checked: &[Checked]) -> Vec<&'w Rule> {
    let mut ran: Vec<&Rule> = Vec::new();
    for c in checked {
        for r in Linter::new(&workspace.entry(c.job.entry).rules, &c.job.selection).rules() {
            if !ran.iter().any(|x| x.id == r.id) {
                ran.push(r);
            }
        }
    }
    ran.sort_by(|a, b| a.id.cmp(&b.id));
    ran
}

/// The findings of one file, in its own offsets.
struct Linted {
    findings: Vec<Finding>,
    items: usize,
    fixable: bool,
}

/// Split a file's `text` into its replies, lint each with its own mode, name
/// and suppressions, and map every finding back to the file.
fn lint_job(
    workspace: &Workspace,
    job: &Job,
    text: &str,
    cx: &RunContext<'_>,
) -> Result<Linted, SourceError> {
    let entry = workspace.entry(job.entry);
    let mut linter = Linter::new(&entry.rules, &job.selection);
    if cx.single {
        linter = linter.parallel();
    }
    let keys = collection_keys(entry.config.as_ref());
    let path = job.file.clone().unwrap_or_else(|| PathBuf::from(&job.name));
    let format = source::detect(&path, text);
    let items = source::items_as(format, &path, text, &keys)?;
    // Fixes are written into the file's own text, so only where each reply
    // is a verbatim slice of it (not inside JSON or YAML string escapes).
    let mut fixable = matches!(
        format,
        source::Format::Text
            | source::Format::Email
            | source::Format::Markdown
            | source::Format::MarkdownSections
    );
    let mut findings = Vec::new();
    for item in &items {
        fixable &= item.map.is_exact();
        // --mode, then the item's own setting, then the config, then the
        // format's default (template for collections), then draft.
        let mode = cx
            .cli_mode
            .or(item.settings.mode)
            .or(job.config_mode)
            .or(item.mode)
            .unwrap_or_default();
        let context = Context::new(
            cx.customer_name.or(item.customer_name.as_deref()),
            cx.message.map(str::to_owned),
            mode,
        );
        let found = linter.lint_text(&item.text, &context);
        let found = replylint::suppress::apply(&item.text, found);
        let found = replylint::suppress::apply_item(found, &item.settings.ignore, 0..0, &item.text);
        findings.extend(found.into_iter().map(|f| item.to_source(f)));
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    Ok(Linted {
        findings,
        items: items.len(),
        fixable,
    })
}

/// The config's collection keys first, then the defaults.
fn collection_keys(config: Option<&Config>) -> CollectionKeys {
    let mut keys = CollectionKeys::default();
    if let Some(k) = config.and_then(Config::collection_keys) {
        keys.title.splice(0..0, k.title.iter().cloned());
        keys.body.splice(0..0, k.body.iter().cloned());
    }
    keys
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
    report_unknown(&unknown);
    unknown.is_empty()
}

/// Print a usage error for each unknown rule id.
fn report_unknown(unknown: &[UnknownRule]) {
    for u in unknown {
        usage_error(&u.to_string());
    }
}

/// `--fail-on`, else the config's, else warning.
fn fail_on(args: &CheckArgs, config: Option<&Config>) -> ConfigFailOn {
    match args.fail_on {
        Some(FailOn::Error) => ConfigFailOn::Error,
        Some(FailOn::Warning) => ConfigFailOn::Warning,
        Some(FailOn::Info) => ConfigFailOn::Info,
        Some(FailOn::Never) => ConfigFailOn::Never,
        None => config
            .and_then(Config::fail_on)
            .unwrap_or(ConfigFailOn::Warning),
    }
}

/// Resolve a file's config and rules, printing any error.
fn resolve(workspace: &mut Workspace, anchor: &Path) -> Option<usize> {
    resolve_with(workspace.resolve(anchor))
}

fn resolve_with(resolved: Result<usize, WorkspaceError>) -> Option<usize> {
    match resolved {
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
fn statistics(reports: &[FileReport], items: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *counts.entry((f.rule.as_str(), f.severity)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((rule, severity), n) in &rows {
        writeln!(out, "{n:>6}  {rule:<24} {severity}")?;
    }
    writeln!(out, "{}", replylint::report::Summary::of(reports).line())?;
    writeln!(
        out,
        "{items} repl{} checked.",
        if items == 1 { "y" } else { "ies" }
    )
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
            "error: {} {} not a valid record; the other {} checked",
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

/// Files below `dir` with a checked extension, respecting `.gitignore`
/// (even outside a git checkout: a canned-response folder copied around)
/// and `.replylintignore`, in a stable order. `.git` is never entered.
fn walk(dir: &Path, inputs: &mut Vec<Input>, had_error: &mut bool) {
    // Hidden folders are walked: canned replies often live in `.github/`.
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .add_custom_ignore_filename(".replylintignore")
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    let mut files = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) => {
                let checked = e.file_type().is_some_and(|t| t.is_file())
                    && e.path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| EXTENSIONS.iter().any(|c| x.eq_ignore_ascii_case(c)));
                if checked {
                    // Walking `.` yields `./a.txt`; name it `a.txt`.
                    let p = e.into_path();
                    files.push(match p.strip_prefix(".") {
                        Ok(rest) => rest.to_path_buf(),
                        Err(_) => p,
                    });
                }
            }
            Err(e) => {
                *had_error = true;
                eprintln!("error: {e}");
            }
        }
    }
    // In the order the report lists files (by name as text), so that the
    // final sort finds them sorted. Compared as bytes: the walker's own sort
    // and `Path`'s ordering parse components on every comparison, 80% of
    // the walk's time on a flat folder of 4,500 files.
    files.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    inputs.extend(files.into_iter().map(|f| Input::File(f, true)));
}

/// A file's bytes, read through this thread's buffer and copied out at
/// their size. `std::fs::read` first asks the file's size (`statx`) to size
/// its buffer, then reads again past the end to be sure: five system calls
/// for a file of a hundred bytes, a fifth of them saved here; system time
/// was 40% of a folder's run. A file that fills the buffer is read the
/// ordinary way, sized from its metadata: a big one is never copied
/// into a buffer grown by doubling.
fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    /// Big enough for nearly every canned reply in one read.
    const BUFFER_SIZE: usize = 64 * 1024;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut file = File::open(path)?;
    BUFFER.with_borrow_mut(|buf| {
        buf.resize(BUFFER_SIZE, 0);
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => return Ok(buf[..filled].to_vec()),
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let mut bytes = buf.clone();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    })
}

/// Read a draft as UTF-8 text; binary and non-UTF-8 files are errors that
/// name the file and the offset.
fn read_text(path: &Path, stdin: bool) -> Result<String, InputError> {
    let read = if stdin {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        read_file(path)
    };
    let bytes = read.map_err(|source| InputError::Io {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_file_reads_every_byte_whatever_the_buffer_held_before() {
        let dir = tempfile::tempdir().unwrap();
        // Sizes around the buffer's, far past it, then small again
        // (nothing left over from the file before).
        let k = 1024;
        for (i, len) in [0, 1, 64 * k - 1, 64 * k, 64 * k + 1, 200 * k, 3 << 20, 5, 0]
            .into_iter()
            .enumerate()
        {
            let bytes: Vec<u8> = (0..len).map(|j| (j * 7 + i) as u8).collect();
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_file(&path).unwrap(), bytes, "{len} bytes");
        }
        let missing = read_file(&dir.path().join("missing.txt")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }
}
