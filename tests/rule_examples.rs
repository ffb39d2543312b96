//! Every rule's own `flag` / `pass` examples, built-in rules included: one
//! test runs them all and names each failing rule and example.

use replylint::rule::Example;
use replylint::{Context, Linter, Rule, RuleSet};

fn fired(rule: &Rule, e: &Example) -> Vec<String> {
    let ctx = Context::new(
        e.customer_name.as_deref(),
        e.customer_message.clone(),
        e.mode.unwrap_or_default(),
    );
    Linter::single(rule)
        .lint_text(&e.text, &ctx)
        .into_iter()
        .map(|f| f.matched)
        .collect()
}

#[test]
fn every_builtin_rule_example_behaves() {
    let set = RuleSet::builtin().expect("built-in rules load");
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in set.rules() {
        for (i, e) in rule.flag_examples.iter().enumerate() {
            count += 1;
            if fired(rule, e).is_empty() {
                failures.push(format!(
                    "{} flag #{}: did not fire: {:?}",
                    rule.id,
                    i + 1,
                    e.text
                ));
            }
        }
        for (i, e) in rule.pass_examples.iter().enumerate() {
            count += 1;
            let hits = fired(rule, e);
            if !hits.is_empty() {
                failures.push(format!(
                    "{} pass #{}: fired on {hits:?}: {:?}",
                    rule.id,
                    i + 1,
                    e.text
                ));
            }
        }
    }
    assert!(count > 0, "no examples ran");
    assert!(
        failures.is_empty(),
        "{} of {count} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
