//! `.replylint.yaml`: a team's settings, found by walking up from each
//! checked file (the nearest one wins; `--config FILE` forces one,
//! `--no-config` ignores them). Unknown keys and unknown rule ids are errors
//! that point at the file, line and column.
//!
//! ```yaml
//! select: [flat-no, vague-promise]   # only these rules (default: all)
//! ignore: [jargon]                   # never these
//! severity: {unused-customer-name: warning}
//! rules: [support-rules]             # extra rule folders, relative to this file
//! fail-on: warning                   # error | warning | info | never
//! mode: template                     # default mode for plain drafts
//! exclude: ["archive/**"]            # paths (globs, relative to this file) not checked
//! lexicons:                          # add terms to a built-in word list
//!   allowed-caps: ['ACME']           # capitals that are not shouting
//!   jargon: ['\bwidget id\b']
//! collection: {title: [name], body: [reply]}   # keys of YAML/JSON collections
//! overrides:
//!   - files: ["macros/**"]
//!     mode: template
//!     ignore: [unused-customer-name]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;

use crate::draft::Mode;
use crate::rule::set::Selection;
use crate::rule::{RuleSet, Severity};

/// Config file names, in the order they are looked for in each folder.
pub const FILE_NAMES: &[&str] = &[".replylint.yaml", ".replylint.yml"];

/// When findings make the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Only errors.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never.
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigSpec {
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    no_builtin: bool,
    #[serde(default)]
    fail_on: Option<FailOn>,
    #[serde(default)]
    mode: Option<Mode>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    lexicons: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    collection: Option<CollectionKeys>,
    #[serde(default)]
    overrides: Vec<OverrideSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideSpec {
    files: Vec<String>,
    #[serde(default)]
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    mode: Option<Mode>,
}

/// Which keys of a YAML/JSON collection item hold its title and body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionKeys {
    /// Keys tried in order for the title.
    #[serde(default)]
    pub title: Vec<String>,
    /// Keys tried in order for the reply text.
    #[serde(default)]
    pub body: Vec<String>,
}

/// A problem in a config file.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(config))]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The file's text.
    #[source_code]
    pub src: Option<NamedSource<Arc<String>>>,
    /// Where.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// Text under the pointer.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

/// A loaded config file.
#[derive(Debug)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its folder: relative paths in it are relative to this.
    pub root: PathBuf,
    spec: ConfigSpec,
    exclude: GlobSet,
    overrides: Vec<(GlobSet, usize)>,
    text: Arc<String>,
}

/// The settings that apply to one file.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// Which rules run, at what severity.
    pub selection: Selection,
    /// Draft or template, when the config says.
    pub mode: Option<Mode>,
}

impl Config {
    /// The nearest config file at or above `start` (a file or folder).
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() {
            start.to_path_buf()
        } else {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        let abs = std::fs::canonicalize(&start).unwrap_or(start);
        let found = abs
            .ancestors()
            .flat_map(|dir| FILE_NAMES.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())?;
        // Shown in messages: relative to the current folder when inside it.
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok());
        Some(
            match cwd.as_deref().and_then(|c| found.strip_prefix(c).ok()) {
                Some(rel) => rel.to_path_buf(),
                None => found,
            },
        )
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let whole_file = |message: String| {
            vec![ConfigError {
                message,
                src: None,
                span: None,
                label: String::new(),
                help: None,
            }]
        };
        let cap = crate::rule::load::MAX_FILE_BYTES;
        let bytes = crate::rule::load::read_capped(path, cap)
            .map_err(|e| whole_file(format!("cannot read config {}: {e}", path.display())))?
            .ok_or_else(|| {
                whole_file(format!(
                    "config {} is too large: config files may be at most {cap} bytes (1 MiB)",
                    path.display()
                ))
            })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            whole_file(format!(
                "cannot read config {}: not valid UTF-8 (first bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        Config::parse(path, text)
    }

    /// Validate config text read from `path`.
    pub fn parse(path: &Path, text: String) -> Result<Config, Vec<ConfigError>> {
        let text = Arc::new(text);
        let name = path.display().to_string();
        let err = |message: String, span: Option<SourceSpan>, label: &str, help: Option<String>| {
            ConfigError {
                message,
                src: Some(NamedSource::new(name.clone(), text.clone())),
                span: Some(span.unwrap_or_else(|| SourceSpan::from((0, 0)))),
                label: label.to_owned(),
                help,
            }
        };
        let spec: ConfigSpec = if text.trim().is_empty() {
            ConfigSpec::default()
        } else {
            serde_yaml::from_str(&text).map_err(|e| {
                let message = crate::locate::yaml_message(&e);
                let span = crate::locate::yaml_error_span(&text, &message, &e);
                let help = message
                    .contains("unknown field")
                    .then(|| "see `replylint init` for every key, with comments".to_owned());
                vec![err(message, span, "here", help)]
            })?
        };
        let mut errors = Vec::new();
        let mut glob_set = |key: &str, globs: &[String]| -> GlobSet {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                match Glob::new(g) {
                    Ok(g) => {
                        b.add(g);
                    }
                    Err(e) => errors.push(err(
                        format!("`{key}`: invalid glob: {e}"),
                        find(&text, g),
                        "this glob",
                        None,
                    )),
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let exclude = glob_set("exclude", &spec.exclude);
        let overrides = spec
            .overrides
            .iter()
            .enumerate()
            .map(|(i, o)| (glob_set("overrides.files", &o.files), i))
            .collect();
        for (name, terms) in &spec.lexicons {
            for t in terms {
                if let Err(e) = regex::Regex::new(t) {
                    errors.push(err(
                        format!("lexicon `{name}`: this term is not a valid regex"),
                        find(&text, t),
                        "does not compile",
                        Some(e.to_string().lines().last().unwrap_or_default().to_owned()),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Config {
            path: path.to_path_buf(),
            root,
            spec,
            exclude,
            overrides,
            text,
        })
    }

    /// Extra rule folders, resolved against the config's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        self.spec.rules.iter().map(|d| self.root.join(d)).collect()
    }

    /// Whether the config drops the built-in rules.
    pub fn no_builtin(&self) -> bool {
        self.spec.no_builtin
    }

    /// Terms the config adds to lexicons.
    pub fn lexicon_extensions(&self) -> Vec<(String, Vec<String>)> {
        self.spec
            .lexicons
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// `fail-on`, when set.
    pub fn fail_on(&self) -> Option<FailOn> {
        self.spec.fail_on
    }

    /// Collection keys, when set.
    pub fn collection_keys(&self) -> Option<&CollectionKeys> {
        self.spec.collection.as_ref()
    }

    /// Whether `path` is excluded by `exclude`.
    pub fn excludes(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|rel| self.exclude.is_match(rel))
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let abs = std::fs::canonicalize(path).ok()?;
        let root = std::fs::canonicalize(&self.root).ok()?;
        abs.strip_prefix(root).ok().map(Path::to_path_buf)
    }

    /// The selection and mode for `path`: the top-level settings, then each
    /// matching override in order.
    pub fn settings_for(&self, path: Option<&Path>) -> FileSettings {
        let mut s = FileSettings {
            selection: Selection {
                select: self.spec.select.clone(),
                ignore: self.spec.ignore.clone(),
                severity: self
                    .spec
                    .severity
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect(),
            },
            mode: self.spec.mode,
        };
        let rel = path.and_then(|p| self.relative(p));
        for (globs, i) in &self.overrides {
            if !rel.as_ref().is_some_and(|r| globs.is_match(r)) {
                continue;
            }
            let o = &self.spec.overrides[*i];
            if o.select.is_some() {
                s.selection.select = o.select.clone();
            }
            s.selection.ignore.extend(o.ignore.iter().cloned());
            s.selection
                .severity
                .extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
            if o.mode.is_some() {
                s.mode = o.mode;
            }
        }
        s
    }

    /// Every rule id the config names that `rules` does not have, as errors
    /// pointing into the config, with a "did you mean".
    pub fn check_rule_ids(&self, rules: &RuleSet) -> Vec<ConfigError> {
        let name = self.path.display().to_string();
        let mut ids: Vec<&String> = self
            .spec
            .select
            .iter()
            .flatten()
            .chain(&self.spec.ignore)
            .collect();
        ids.extend(self.spec.severity.keys());
        for o in &self.spec.overrides {
            ids.extend(o.select.iter().flatten().chain(&o.ignore));
            ids.extend(o.severity.keys());
        }
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .filter(|id| rules.get(id).is_none())
            .map(|id| ConfigError {
                message: format!("unknown rule `{id}`"),
                src: Some(NamedSource::new(name.clone(), self.text.clone())),
                span: Some(find(&self.text, id).unwrap_or_else(|| SourceSpan::from((0, 0)))),
                label: "no rule has this id".to_owned(),
                help: Some(match rules.suggest(id) {
                    Some(s) => format!("did you mean `{s}`? `replylint rules` lists them"),
                    None => "`replylint rules` lists the rule ids".to_owned(),
                }),
            })
            .collect()
    }
}

fn find(text: &str, needle: &str) -> Option<SourceSpan> {
    text.find(needle)
        .map(|i| SourceSpan::from((i, needle.len())))
}

/// The commented starter config that `replylint init` writes.
pub const STARTER: &str = include_str!("starter-config.yaml");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        Config::parse(Path::new("/tmp/x/.replylint.yaml"), text.to_owned())
    }

    #[test]
    fn the_starter_config_is_valid() {
        let c = parse(STARTER).unwrap();
        assert!(c.rule_dirs().is_empty());
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let errs = parse("select: [flat-no]\nignroe: [jargon]\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("unknown field `ignroe`"));
        assert_eq!(errs[0].span.unwrap().offset(), 18);
    }

    #[test]
    fn overrides_apply_in_order() {
        let c = parse("ignore: [jargon]\noverrides:\n  - files: ['macros/**']\n    mode: template\n    ignore: [shouting]\n").unwrap();
        let top = c.settings_for(None);
        assert_eq!(top.selection.ignore, vec!["jargon"]);
        assert_eq!(top.mode, None);
    }

    #[test]
    fn bad_lexicon_terms_are_errors() {
        let errs = parse("lexicons:\n  jargon: ['(unclosed']\n").unwrap_err();
        assert_eq!(errs[0].span.unwrap().offset(), 22);
    }
}
