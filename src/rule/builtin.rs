//! The built-in rules and lexicons, embedded at build time by `build.rs`
//! (alphabetical, one entry per file under `rules/`).

use std::sync::Arc;

use crate::rule::{Origin, RuleSource};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

fn sources(list: &[(&str, &str)], dir: &str) -> Vec<RuleSource> {
    list.iter()
        .map(|(stem, text)| RuleSource {
            name: format!("builtin:{dir}{stem}.yml"),
            stem: (*stem).to_owned(),
            text: Arc::new((*text).to_owned()),
            origin: Origin::Builtin,
        })
        .collect()
}

/// The built-in rule files.
pub fn rule_sources() -> Vec<RuleSource> {
    sources(RULES, "rules/")
}

/// The built-in lexicon files.
pub fn lexicon_sources() -> Vec<RuleSource> {
    sources(LEXICONS, "rules/lexicons/")
}

/// The YAML text of a built-in rule, for `explain --source`-style uses.
pub fn rule_text(id: &str) -> Option<&'static str> {
    RULES.iter().find(|(stem, _)| *stem == id).map(|(_, t)| *t)
}
