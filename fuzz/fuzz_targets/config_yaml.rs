//! Fuzz target: any text as `.replylint.yaml`. Parsing must return a config
//! or errors, never panic; a config that parses is queried the way `check`
//! queries it.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use replylint::config::Config;
use replylint::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = Config::parse(Path::new("fuzz/.replylint.yaml"), text.to_owned()) {
        let _ = config.rule_dirs();
        let _ = config.lexicon_extensions();
        let _ = config.fail_on();
        let _ = config.excludes(Path::new("fuzz/replies/a.md"));
        let _ = config.settings_for(Some(Path::new("fuzz/replies/a.md")));
        let _ = config.settings_for(None);
        let _ = config.check_rule_ids(rules());
    }
});
