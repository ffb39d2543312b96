//! Suppressing one finding without touching the reply the customer sees.
//!
//! In Markdown (and any text), an HTML comment silences rules on the next
//! line, with a reason for the reviewer:
//!
//! ```text
//! <!-- replylint-disable-next-line flat-no, jargon -- legal wording, approved -->
//! We can't disclose the SLA terms.
//! ```
//!
//! A front-matter or collection item can carry `replylint: {ignore: [ids],
//! reason: "..."}` for the whole reply (see [`apply_item`]). A suppression
//! that no longer matches anything is itself reported (`unused-suppression`,
//! as ruff reports an unused `noqa`), so stale ones do not pile up.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;
use crate::rule::Severity;

/// The id of the finding reported for a suppression that matched nothing.
pub const UNUSED: &str = "unused-suppression";

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*replylint-disable-next-line\s+(?P<ids>[A-Za-z0-9_,\s-]+?)\s*(?:--\s*(?P<reason>(?s:.*?)))?\s*-->")
        .unwrap()
});

/// One `replylint-disable-next-line` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The comment itself.
    pub span: Range<usize>,
    /// The rule ids it names.
    pub rules: Vec<String>,
    /// Why, when given.
    pub reason: Option<String>,
    /// The line it silences (the next non-blank line after the comment).
    pub target: Range<usize>,
}

/// Every directive in `text`.
pub fn directives(text: &str) -> Vec<Directive> {
    // Every directive holds this word; most replies have none, and then
    // the regex (Unicode classes, costly to compile) is never built.
    if !text.contains("replylint-disable-next-line") {
        return Vec::new();
    }
    DIRECTIVE
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let rules = c["ids"]
                .split([',', ' ', '\t', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let reason = c
                .name("reason")
                .map(|r| r.as_str().trim().to_owned())
                .filter(|r| !r.is_empty());
            // The line after the comment's line, skipping blank lines.
            let mut start = text[whole.end()..]
                .find('\n')
                .map_or(text.len(), |i| whole.end() + i + 1);
            loop {
                let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                if !text[start..end].trim().is_empty() || end == text.len() {
                    return Some(Directive {
                        span: whole.range(),
                        rules,
                        reason,
                        target: start..end,
                    });
                }
                start = end + 1;
            }
        })
        .collect()
}

/// Drop findings silenced by directives in `text` (and findings inside the
/// directives themselves), then add an `unused-suppression` warning for each
/// rule id a directive names that silenced nothing.
pub fn apply(text: &str, findings: Vec<Finding>) -> Vec<Finding> {
    let dirs = directives(text);
    if dirs.is_empty() {
        return findings;
    }
    let mut used = vec![vec![false; 0]; dirs.len()];
    for (d, u) in dirs.iter().zip(&mut used) {
        *u = vec![false; d.rules.len()];
    }
    let mut kept = Vec::with_capacity(findings.len());
    'finding: for f in findings {
        for (d, u) in dirs.iter().zip(&mut used) {
            if d.span.start <= f.span.start && f.span.end <= d.span.end {
                continue 'finding;
            }
            if d.target.start <= f.span.start && f.span.start < d.target.end.max(d.target.start + 1)
            {
                if let Some(i) = d.rules.iter().position(|r| *r == f.rule) {
                    u[i] = true;
                    continue 'finding;
                }
            }
        }
        kept.push(f);
    }
    for (d, u) in dirs.iter().zip(&used) {
        for (rule, used) in d.rules.iter().zip(u) {
            if !used {
                kept.push(unused(text, d.span.clone(), rule));
            }
        }
    }
    kept.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    kept
}

/// Drop findings of the rules an item-level setting ignores; report the ids
/// that silenced nothing at `at` (the setting's position in the file).
pub fn apply_item(
    findings: Vec<Finding>,
    ignore: &[String],
    at: Range<usize>,
    text: &str,
) -> Vec<Finding> {
    if ignore.is_empty() {
        return findings;
    }
    let mut used = vec![false; ignore.len()];
    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|f| match ignore.iter().position(|r| *r == f.rule) {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        })
        .collect();
    for (rule, used) in ignore.iter().zip(used) {
        if !used {
            kept.push(unused(text, at.clone(), rule));
        }
    }
    kept
}

fn unused(text: &str, span: Range<usize>, rule: &str) -> Finding {
    Finding {
        rule: UNUSED.to_owned(),
        severity: Severity::Warning,
        message: format!("Suppression of `{rule}` matches nothing"),
        label: Some("nothing to silence here".to_owned()),
        help: "Remove it (or the rule id from it): the text it silenced has changed or the id is misspelt.".to_owned(),
        matched: text[span.clone()].to_owned(),
        suggestions: Vec::new(),
        item: None,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Linter, RuleSet, Selection};

    fn lint(text: &str) -> Vec<(String, String)> {
        let set = RuleSet::builtin().unwrap();
        let linter = Linter::new(&set, &Selection::default());
        apply(text, linter.lint_text(text, &Context::default()))
            .into_iter()
            .map(|f| (f.rule, f.message))
            .collect()
    }

    #[test]
    fn silences_the_next_line_only() {
        let text = "<!-- replylint-disable-next-line flat-no -- legal approved -->\nWe can't refund this.\nWe can't refund that.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "flat-no");
    }

    #[test]
    fn reports_unused_and_misspelt_ids() {
        let text = "<!-- replylint-disable-next-line flat-no, flatno -- x -->\nWe can't refund this.\n\n<!-- replylint-disable-next-line shouting -->\nAll calm here.\n";
        let rules: Vec<String> = lint(text)
            .into_iter()
            .map(|(r, m)| format!("{r}: {m}"))
            .collect();
        assert_eq!(
            rules,
            vec![
                "unused-suppression: Suppression of `flatno` matches nothing",
                "unused-suppression: Suppression of `shouting` matches nothing",
            ]
        );
    }

    #[test]
    fn parses_ids_and_reason() {
        let d = &directives("<!-- replylint-disable-next-line a-b c -- because -->\n\nx")[0];
        assert_eq!(d.rules, vec!["a-b", "c"]);
        assert_eq!(d.reason.as_deref(), Some("because"));
    }
}
