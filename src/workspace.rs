//! Resolving, for each checked file, which config applies and which compiled
//! rule set goes with it. Configs are found once per folder and rule sets
//! compiled once per config, so a thousand files under one config cost one
//! compilation. Used by `check` and the language server alike.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::error::LoadErrors;
use crate::rule::{RuleSet, RuleSources};

/// Which config file to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `.replylint.yaml` at or above each file.
    Nearest,
    /// This one for every file.
    File(PathBuf),
    /// None.
    Ignore,
}

/// Settings from the command line that every config is combined with.
#[derive(Debug, Clone)]
pub struct Overrides {
    /// Load the built-in rules (false with `--no-builtin`).
    pub builtin: bool,
    /// `--rules DIR` folders, added to each config's own.
    pub rule_dirs: Vec<PathBuf>,
    /// Which config to use.
    pub config: ConfigChoice,
}

/// A config and the rules compiled for it.
#[derive(Debug)]
pub struct Entry {
    /// The config, if any applies.
    pub config: Option<Config>,
    /// The rules compiled with the config's rule folders and lexicons.
    pub rules: RuleSet,
}

/// Why a file's settings could not be resolved.
#[derive(Debug)]
pub enum WorkspaceError {
    /// The config file is broken.
    Config(Vec<ConfigError>),
    /// A rule file (built-in, `--rules` or the config's) is broken.
    Rules(LoadErrors),
}

/// The cache of configs and rule sets for one run.
#[derive(Debug)]
pub struct Workspace {
    overrides: Overrides,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_config: HashMap<Option<PathBuf>, usize>,
    entries: Vec<Entry>,
}

impl Workspace {
    /// An empty cache.
    pub fn new(overrides: Overrides) -> Self {
        Workspace {
            overrides,
            by_dir: HashMap::new(),
            by_config: HashMap::new(),
            entries: Vec::new(),
        }
    }

    /// The entry index for a file (or, for stdin, a folder).
    pub fn resolve(&mut self, path: &Path) -> Result<usize, WorkspaceError> {
        self.resolve_as(path, path.is_dir())
    }

    /// [`Workspace::resolve`] for a path already known to be a folder or
    /// not: a walk of thousands of files would otherwise stat each one
    /// again on the one thread that resolves them.
    pub fn resolve_as(&mut self, path: &Path, is_dir: bool) -> Result<usize, WorkspaceError> {
        let config_path = match &self.overrides.config {
            ConfigChoice::Ignore => None,
            ConfigChoice::File(p) => Some(p.clone()),
            ConfigChoice::Nearest => {
                let dir = if is_dir {
                    path
                } else {
                    path.parent().unwrap_or(Path::new(""))
                };
                match self.by_dir.get(dir) {
                    Some(found) => found.clone(),
                    None => {
                        let found = Config::discover(dir);
                        self.by_dir.insert(dir.to_path_buf(), found.clone());
                        found
                    }
                }
            }
        };
        if let Some(&i) = self.by_config.get(&config_path) {
            return Ok(i);
        }
        let config = match &config_path {
            Some(p) => Some(Config::load(p).map_err(WorkspaceError::Config)?),
            None => None,
        };
        let mut sources = RuleSources {
            builtin: self.overrides.builtin,
            dirs: self.overrides.rule_dirs.clone(),
            lexicon_extensions: Vec::new(),
        };
        if let Some(c) = &config {
            sources.builtin &= !c.no_builtin();
            sources.dirs.extend(c.rule_dirs());
            sources.lexicon_extensions = c.lexicon_extensions();
        }
        let rules = RuleSet::load(&sources).map_err(WorkspaceError::Rules)?;
        if let Some(c) = &config {
            let unknown = c.check_rule_ids(&rules);
            if !unknown.is_empty() {
                return Err(WorkspaceError::Config(unknown));
            }
        }
        self.entries.push(Entry { config, rules });
        let i = self.entries.len() - 1;
        self.by_config.insert(config_path, i);
        Ok(i)
    }

    /// A resolved entry.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }
}
