//! [`RuleSet`]: the loaded rules, sorted by id, with lookup by id and the
//! selection (`--select` / `--ignore`) that decides which of them run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::{LoadErrors, RuleFileError};
use crate::rule::prefilter::Prefilter;
use crate::rule::{builtin, load, Lexicons, Rule, Severity};

/// Loaded, compiled rules.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    lexicons: Lexicons,
    /// Built once enough drafts were linted (see [`RuleSet::prefilter`]).
    prefilter: OnceLock<Prefilter>,
    /// Drafts linted so far, up to [`PREFILTER_AFTER`].
    linted: AtomicUsize,
    /// Set by the thread that builds the prefilter.
    building: AtomicBool,
}

/// The whole-set needle index takes some 40 million instructions (about
/// 10 ms) to build and saves a few microseconds per draft, so it is built
/// only once this many drafts were linted: a one-draft run (an agent, an
/// editor) never pays for it, a batch or a folder does from the next draft
/// on. Results are the same with or without it (without it, each pattern
/// list checks its own needles). No later than the point where a list
/// would build its own needle automaton (`AUTOMATON_AFTER` in
/// `rule::pattern`): at 64, a batch of 13,500 replies built fourteen such
/// automata in its first drafts, 126 million instructions the index then
/// made useless.
pub const PREFILTER_AFTER: usize = 16;

/// A draft this long gets the whole-set index at once: its lists' own
/// needle scans would cost more than building it (a 500 KB text spent 40%
/// of its time in them).
pub const PREFILTER_TEXT: usize = 64 * 1024;

/// Where to load rules from.
#[derive(Debug, Clone)]
pub struct RuleSources {
    /// Include the built-in rules (built-in lexicons are always available).
    pub builtin: bool,
    /// Extra rule directories (`--rules DIR`).
    pub dirs: Vec<PathBuf>,
    /// Terms added to named lexicons (from a config file).
    pub lexicon_extensions: Vec<(String, Vec<String>)>,
}

impl Default for RuleSources {
    fn default() -> Self {
        RuleSources {
            builtin: true,
            dirs: Vec::new(),
            lexicon_extensions: Vec::new(),
        }
    }
}

impl RuleSet {
    pub(crate) fn new(mut rules: Vec<Rule>, lexicons: Lexicons) -> Self {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        RuleSet {
            rules,
            lexicons,
            prefilter: OnceLock::new(),
            linted: AtomicUsize::new(0),
            building: AtomicBool::new(false),
        }
    }

    /// The built-in rules alone.
    pub fn builtin() -> Result<RuleSet, LoadErrors> {
        RuleSet::load(&RuleSources::default())
    }

    /// Load and compile rules from the given sources, reporting every broken
    /// file at once.
    pub fn load(sources: &RuleSources) -> Result<RuleSet, LoadErrors> {
        let mut rules = if sources.builtin {
            builtin::rule_sources()
        } else {
            Vec::new()
        };
        let mut lexicons = builtin::lexicon_sources();
        let mut errors: Vec<RuleFileError> = Vec::new();
        for dir in &sources.dirs {
            load::load_dir(dir, &mut rules, &mut lexicons, &mut errors);
        }
        load::load_sources_with(&rules, &lexicons, &sources.lexicon_extensions, errors)
    }

    /// All rules, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The needle index over all rules (indices follow [`RuleSet::rules`]),
    /// for linting one more draft of `len` bytes: `None` until
    /// [`PREFILTER_AFTER`] drafts were linted, unless this one is at least
    /// [`PREFILTER_TEXT`] long.
    pub fn prefilter(&self, len: usize) -> Option<&Prefilter> {
        if let Some(p) = self.prefilter.get() {
            return Some(p);
        }
        if self.linted.fetch_add(1, Ordering::Relaxed) < PREFILTER_AFTER && len < PREFILTER_TEXT {
            return None;
        }
        // One thread builds it; the others lint on without it meanwhile
        // instead of waiting (10 ms of a folder's run on two cores).
        if self.building.swap(true, Ordering::AcqRel) {
            return self.prefilter.get();
        }
        Some(self.prefilter.get_or_init(|| Prefilter::new(&self.rules)))
    }

    /// The needle index over all rules, built now.
    pub fn prefilter_now(&self) -> &Prefilter {
        self.prefilter.get_or_init(|| Prefilter::new(&self.rules))
    }

    /// The lexicons the rules were compiled with.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// A rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The closest known id to `id`, for "did you mean" hints.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        self.rules
            .iter()
            .map(|r| (strsim::jaro_winkler(id, &r.id), r.id.as_str()))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }
}

/// Which rules run, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these ids (all when `None`).
    pub select: Option<Vec<String>>,
    /// Never these ids.
    pub ignore: Vec<String>,
    /// Severity overrides by id.
    pub severity: Vec<(String, Severity)>,
}

/// An id in a selection that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    /// The id as given.
    pub id: String,
    /// The closest known id.
    pub suggestion: Option<String>,
}

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown rule `{}`", self.id)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

impl Selection {
    /// Every id named in the selection that is not a rule in `set`.
    pub fn unknown_ids(&self, set: &RuleSet) -> Vec<UnknownRule> {
        let named = self
            .select
            .iter()
            .flatten()
            .chain(&self.ignore)
            .chain(self.severity.iter().map(|(id, _)| id));
        let mut unknown: Vec<UnknownRule> = named
            .filter(|id| set.get(id).is_none())
            .map(|id| UnknownRule {
                id: id.clone(),
                suggestion: set.suggest(id).map(str::to_owned),
            })
            .collect();
        unknown.dedup();
        unknown
    }

    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| x == id))
            && !self.ignore.iter().any(|x| x == id)
    }

    /// The severity rule `rule` reports at.
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severity
            .iter()
            .rev()
            .find(|(id, _)| *id == rule.id)
            .map_or(rule.severity, |(_, s)| *s)
    }
}
