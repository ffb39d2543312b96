//! `replylint test [DIR]...`: run every rule's `flag` and `pass` examples and
//! report each failure by rule and example. Built-in rules by default.

use std::io::{self, Write};

use replylint::rule::{Example, RuleSet, RuleSources};
use replylint::{Context, Linter, Rule};

use crate::cli::args::TestArgs;
use crate::cli::{print_load_errors, ExitStatus};

/// One example that did not behave.
pub(crate) struct Failure {
    pub(crate) rule: String,
    pub(crate) kind: &'static str,
    pub(crate) index: usize,
    pub(crate) text: String,
    pub(crate) detail: String,
}

/// Run the examples of every rule in `set`.
pub(crate) fn check_examples(set: &RuleSet) -> (usize, Vec<Failure>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for rule in set.rules() {
        for (kind, examples, must_fire) in [
            ("flag", &rule.flag_examples, true),
            ("pass", &rule.pass_examples, false),
        ] {
            for (i, e) in examples.iter().enumerate() {
                count += 1;
                let hits = run_example(rule, e);
                let fired = !hits.is_empty();
                if fired != must_fire {
                    let detail = if must_fire {
                        "did not fire".to_owned()
                    } else {
                        format!(
                            "fired on {}",
                            hits.iter()
                                .map(|m| format!("«{m}»"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    failures.push(Failure {
                        rule: rule.id.clone(),
                        kind,
                        index: i + 1,
                        text: e.text.clone(),
                        detail,
                    });
                }
            }
        }
    }
    (count, failures)
}

fn run_example(rule: &Rule, e: &Example) -> Vec<String> {
    let context = Context::new(
        e.customer_name.as_deref(),
        e.customer_message.clone(),
        e.mode.unwrap_or_default(),
    );
    Linter::single(rule)
        .lint_text(&e.text, &context)
        .into_iter()
        .map(|f| f.matched)
        .collect()
}

pub(crate) fn run(args: TestArgs) -> io::Result<ExitStatus> {
    let sources = RuleSources {
        builtin: args.dirs.is_empty(),
        dirs: args.dirs.clone(),
        ..RuleSources::default()
    };
    let set = match RuleSet::load(&sources) {
        Ok(s) => s,
        Err(e) => {
            print_load_errors(&e);
            return Ok(ExitStatus::Error);
        }
    };
    let (count, failures) = check_examples(&set);
    let mut out = io::stdout().lock();
    for f in &failures {
        writeln!(
            out,
            "FAIL {} {} example {}: {}\n    {}",
            f.rule,
            f.kind,
            f.index,
            f.detail,
            f.text.trim().replace('\n', "\n    ")
        )?;
    }
    writeln!(
        out,
        "{} rules, {} examples: {} passed, {} failed",
        set.rules().len(),
        count,
        count - failures.len(),
        failures.len()
    )?;
    Ok(if failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}
