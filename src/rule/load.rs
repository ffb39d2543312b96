//! Reading rule and lexicon files, validating them and compiling them into
//! [`Rule`]s. This is the only file that touches serde_yaml, so replacing the
//! YAML library touches one file.
//!
//! Loading never stops at the first problem: every broken file, and every
//! broken pattern inside a file, becomes a [`RuleFileError`] that points at
//! the file, line and column with the offending text.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::rule::fix::When;
use crate::rule::pattern::Pattern;
use miette::{NamedSource, SourceSpan};

use crate::check::Check;
use crate::error::{LoadErrors, RuleFileError};
use crate::locate;
use crate::rule::pattern::{self, PatternError};
use crate::rule::spec::{ExampleSpec, LexiconSpec, RuleSpec};
use crate::rule::{Origin, Rule, RuleSet};

/// A rule or lexicon file's text and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Shown in errors: the path, or `builtin:rules/<id>.yml`.
    pub name: String,
    /// The file stem: the rule id or lexicon name it must declare.
    pub stem: String,
    /// The YAML text.
    pub text: Arc<String>,
    /// The same content as JSON (built-in files, converted by `build.rs`):
    /// parsed instead of the YAML, because it is ten times cheaper.
    pub json: Option<&'static str>,
    /// Built in, or from which file.
    pub origin: Origin,
}

/// Named word lists (`{{name}}` in patterns), already joined into one
/// alternation each.
#[derive(Debug, Default, Clone)]
pub struct Lexicons {
    map: BTreeMap<String, String>,
    /// Only the built-in lexicons: built-in lists then expand as `build.rs`
    /// expanded them.
    builtin_only: bool,
}

impl Lexicons {
    /// The alternation for `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.map.get(name).cloned()
    }

    /// Lexicon names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

/// The largest rule, lexicon or config file read, in bytes. A rule folder
/// can come from an untrusted repository: a cap keeps a 50 MB file from
/// turning into gigabytes of parsed YAML. Real rule files are a few KB.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Read at most `cap` bytes of `path`: `Ok(None)` when the file is larger
/// (decided by reading, not by trusting the size the file system reports).
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// The rule and lexicon files of one directory: `DIR/*.yml` are rules,
/// `DIR/lexicons/*.yml` are lexicons. Unreadable files become errors.
pub fn load_dir(
    dir: &Path,
    rules: &mut Vec<RuleSource>,
    lexicons: &mut Vec<RuleSource>,
    errors: &mut Vec<RuleFileError>,
) {
    read_yaml_files(dir, rules, errors);
    let lex_dir = dir.join("lexicons");
    if lex_dir.is_dir() {
        read_yaml_files(&lex_dir, lexicons, errors);
    }
}

fn read_yaml_files(dir: &Path, out: &mut Vec<RuleSource>, errors: &mut Vec<RuleFileError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(RuleFileError::whole_file(
                dir.display().to_string(),
                format!("cannot read rule directory: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yml") | Some("yaml")
                )
        })
        .collect();
    paths.sort();
    for path in paths {
        let name = path.display().to_string();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        match read_capped(&path, MAX_FILE_BYTES) {
            Ok(None) => errors.push(RuleFileError::whole_file(
                name,
                format!(
                    "too large: rule and lexicon files may be at most {} (1 MiB); \
                     this one is {} bytes",
                    MAX_FILE_BYTES,
                    std::fs::metadata(&path).map_or(0, |m| m.len())
                ),
            )),
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(text) => out.push(RuleSource {
                    name,
                    stem,
                    text: Arc::new(text),
                    json: None,
                    origin: Origin::File(path.clone()),
                }),
                Err(e) => errors.push(RuleFileError::whole_file(
                    name,
                    format!(
                        "not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )),
            },
            Err(e) => errors.push(RuleFileError::whole_file(name, format!("cannot read: {e}"))),
        }
    }
}

/// Compile rule and lexicon sources into a [`RuleSet`]. Every problem in
/// every file is collected; the set is returned only if there are none.
/// A lexicon defined twice (a team extending a built-in list) gets the terms
/// of both.
pub fn load_sources(
    rules: &[RuleSource],
    lexicons: &[RuleSource],
    errors: Vec<RuleFileError>,
) -> Result<RuleSet, LoadErrors> {
    load_sources_with(rules, lexicons, &[], errors)
}

/// [`load_sources`], with extra terms for named lexicons (already validated
/// by the caller, e.g. a config file).
pub fn load_sources_with(
    rules: &[RuleSource],
    lexicons: &[RuleSource],
    extensions: &[(String, Vec<String>)],
    mut errors: Vec<RuleFileError>,
) -> Result<RuleSet, LoadErrors> {
    let mut lexicons = compile_lexicons(lexicons, &mut errors);
    for (name, terms) in extensions {
        let extra: Vec<String> = terms
            .iter()
            .filter_map(|t| pattern::expand(t, &|_| None).ok())
            .collect();
        if extra.is_empty() {
            continue;
        }
        lexicons.builtin_only = false;
        let joined = extra.join("|");
        lexicons
            .map
            .entry(name.clone())
            .and_modify(|e| {
                e.push('|');
                e.push_str(&joined);
            })
            .or_insert(joined);
    }
    let mut compiled = Vec::with_capacity(rules.len());
    let mut seen: HashSet<String> = HashSet::new();
    for source in rules {
        if let Some(rule) = compile_rule(source, &lexicons, &mut errors) {
            if !seen.insert(rule.id.clone()) {
                let mut file = FileCtx::new(source);
                let span = file.find_value(&rule.id, 0);
                errors.push(file.error(
                    format!("rule `{}` is defined twice", rule.id),
                    span,
                    "a second rule with this id",
                    Some("rename one of the rules (the id must equal the file name)"),
                ));
                continue;
            }
            compiled.push(rule);
        }
    }
    if errors.is_empty() {
        Ok(RuleSet::new(compiled, lexicons))
    } else {
        Err(LoadErrors { errors })
    }
}

/// Deserialize a rule or lexicon file: its JSON twin if it has one (built
/// in), else its YAML, with errors located in the file.
/// Errors are recorded; `None` then.
fn parse<T: serde::de::DeserializeOwned>(
    source: &RuleSource,
    file: &FileCtx,
    errors: &mut Vec<RuleFileError>,
) -> Option<T> {
    let parsed = match source.json {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| RuleFileError::whole_file(source.name.clone(), e.to_string())),
        None => serde_yaml::from_str(&source.text).map_err(|e| file.yaml_error(&e)),
    };
    parsed.map_err(|e| errors.push(e)).ok()
}

fn compile_lexicons(sources: &[RuleSource], errors: &mut Vec<RuleFileError>) -> Lexicons {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for source in sources {
        let file = FileCtx::new(source);
        let Some(spec): Option<LexiconSpec> = parse(source, &file, errors) else {
            continue;
        };
        let mut file = file;
        if spec.name != source.stem {
            let span = file.find_value(&spec.name, 0);
            errors.push(file.error(
                format!(
                    "lexicon name `{}` does not match the file name `{}`",
                    spec.name, source.stem
                ),
                span,
                "this name",
                Some(&format!(
                    "rename the file to `{}.yml` or set `name: {}`",
                    spec.name, source.stem
                )),
            ));
            continue;
        }
        // Terms may not reference other lexicons: one level keeps lists flat
        // and cycles impossible.
        let mut ok = Vec::with_capacity(spec.terms.len());
        let mut broken = false;
        for term in &spec.terms {
            let expanded = match pattern::expand(term, &|_| None) {
                Ok(p) => p,
                Err(e) => {
                    let span = file.find_value(term, 0);
                    errors.push(file.error(e.to_string(), span, "in this term", None));
                    broken = true;
                    continue;
                }
            };
            // Built-in terms are compiled by the test suite (every built-in
            // pattern is); a team's terms are compiled now.
            let checked = if source.origin == Origin::Builtin {
                Ok(())
            } else {
                pattern::build(&expanded, false).map(|_| ())
            };
            if let Err(PatternError::Regex(msg)) = checked {
                let span = file.find_value(term, 0);
                errors.push(file.error(
                    "this term is not a valid regex".to_owned(),
                    span,
                    "does not compile",
                    Some(&first_line(&msg)),
                ));
                broken = true;
                continue;
            }
            ok.push(expanded);
        }
        if broken {
            continue;
        }
        let joined = ok.join("|");
        map.entry(spec.name)
            .and_modify(|existing| {
                existing.push('|');
                existing.push_str(&joined);
            })
            .or_insert(joined);
    }
    Lexicons {
        map,
        builtin_only: sources.iter().all(|s| s.origin == Origin::Builtin),
    }
}

fn compile_rule(
    source: &RuleSource,
    lexicons: &Lexicons,
    errors: &mut Vec<RuleFileError>,
) -> Option<Rule> {
    let mut file = FileCtx::new(source);
    let spec: RuleSpec = parse(source, &file, errors)?;
    let before = errors.len();

    if !is_kebab_case(&spec.id) {
        let span = file.find_value(&spec.id, 0);
        errors.push(file.error(
            format!("rule id `{}` is not kebab-case", spec.id),
            span,
            "this id",
            Some("use lowercase words joined by hyphens, e.g. `vague-promise`"),
        ));
    } else if spec.id != source.stem {
        let span = file.find_value(&spec.id, 0);
        errors.push(file.error(
            format!(
                "rule id `{}` does not match the file name `{}`",
                spec.id, source.stem
            ),
            span,
            "this id",
            Some(&format!(
                "rename the file to `{}.yml` or set `id: {}`",
                spec.id, source.stem
            )),
        ));
    }

    for (key, value) in [
        ("message", &spec.message),
        ("description", &spec.description),
        ("why", &spec.why),
        ("help", &spec.help),
    ] {
        if value.trim().is_empty() {
            let span = file.find_key(key);
            errors.push(file.error(
                format!("`{key}` is empty"),
                span,
                "needs text",
                Some("every rule documents itself: say what it flags, why it hurts, and what to write instead"),
            ));
        }
    }

    for (key, list) in [("flag", &spec.examples.flag), ("pass", &spec.examples.pass)] {
        if list.is_empty() {
            let span = file.find_key(key).or_else(|| file.find_key("examples"));
            errors.push(file.error(
                format!("`examples.{key}` has no examples"),
                span,
                "empty",
                Some("give at least one reply that must fire the rule (`flag`) and one that must not (`pass`)"),
            ));
        }
    }

    let (check, fixes) = {
        let mut compiler = PatternCompiler {
            file: &mut file,
            lexicons,
            errors,
            defer: source.origin == Origin::Builtin,
        };
        let check = Check::compile(&spec.check, &mut compiler);
        let mut fixes = Vec::with_capacity(spec.fixes.len());
        for f in &spec.fixes {
            let when = match &f.when {
                Some(w) => compiler.replacer("when", w),
                None => Some(None),
            };
            let valid = match (f.transform, f.insert, &f.replace) {
                (Some(_), None, None) | (None, None, Some(_)) | (None, Some(_), Some(_)) => true,
                _ => {
                    compiler.invalid(
                        "fixes",
                        format!("fix `{}` needs exactly one of `replace`, `transform`, or `insert` with `replace`", f.title),
                        None,
                    );
                    false
                }
            };
            if let (Some(when), true) = (when, valid) {
                fixes.push(crate::rule::fix::Fix::new(f, when));
            }
        }
        (check, fixes)
    };

    if errors.len() > before {
        return None;
    }
    let unwrap_examples = |v: Vec<ExampleSpec>| v.into_iter().map(|e| e.0).collect();
    Some(Rule {
        id: spec.id,
        severity: spec.severity,
        message: spec.message.trim().to_owned(),
        label: spec.label,
        summary: spec.summary.map(|s| s.trim().to_owned()),
        description: spec.description.trim().to_owned(),
        why: spec.why.trim().to_owned(),
        help: spec.help.trim().to_owned(),
        check: check?,
        fixes,
        flag_examples: unwrap_examples(spec.examples.flag),
        pass_examples: unwrap_examples(spec.examples.pass),
        origin: source.origin.clone(),
    })
}

/// Compiles a rule's pattern lists, turning each broken pattern into an error
/// that points at it. Check kinds receive one of these in `Check::compile`.
pub struct PatternCompiler<'a> {
    file: &'a mut FileCtx,
    lexicons: &'a Lexicons,
    errors: &'a mut Vec<RuleFileError>,
    /// Compile on first use instead of now (built-in rules only; see
    /// [`Pattern`]). Syntax is still checked now.
    defer: bool,
}

impl PatternCompiler<'_> {
    /// Compile the list under `key` into one alternation. `None` (with the
    /// errors recorded) if any pattern is broken; `Ok(None)`-like empty lists
    /// compile to `None` without error when `required` is false.
    pub fn list(
        &mut self,
        key: &str,
        patterns: &[String],
        case_sensitive: bool,
        required: bool,
    ) -> Option<Option<Pattern>> {
        if patterns.is_empty() {
            if required {
                let span = self.file.find_key(key);
                self.errors.push(self.file.error(
                    format!("`{key}` needs at least one pattern"),
                    span,
                    "empty",
                    None,
                ));
                return None;
            }
            return Some(None);
        }
        // A built-in list with the built-in lexicons: expanded at build time.
        if self.defer && self.lexicons.builtin_only {
            if let Some(joined) = crate::rule::builtin::expanded(patterns) {
                return Some(Some(Pattern::deferred(joined.to_owned(), case_sensitive)));
            }
        }
        // Where the key is, for error spans only: finding it reads the file.
        let key_at = |file: &FileCtx| file.find_key(key).map_or(0, |s| s.offset());
        let lookup = |name: &str| self.lexicons.get(name);
        let mut expanded = Vec::with_capacity(patterns.len());
        let mut broken = false;
        for p in patterns {
            match pattern::expand(p, &lookup) {
                Ok(e) => expanded.push((p, e)),
                Err(e) => {
                    let span = self.file.find_value(p, key_at(self.file));
                    let help = match &e {
                        PatternError::UnknownLexicon(_) => Some(format!(
                            "known lexicons: {}",
                            self.lexicons.names().collect::<Vec<_>>().join(", ")
                        )),
                        PatternError::Regex(_) => None,
                    };
                    self.errors.push(self.file.error(
                        e.to_string(),
                        span,
                        "in this pattern",
                        help.as_deref(),
                    ));
                    broken = true;
                }
            }
        }
        if !broken {
            let joined = pattern::alternation(expanded.iter().map(|(_, e)| e.as_str()));
            if self.defer {
                return Some(Some(Pattern::deferred(joined, case_sensitive)));
            }
            if let Ok(re) = pattern::build(&joined, case_sensitive) {
                return Some(Some(Pattern::compiled(joined, case_sensitive, re)));
            }
        }
        // Find the culprit(s) only on failure: compiling each pattern alone
        // doubles load time, so the happy path never does it.
        let mut found = broken;
        for (p, e) in &expanded {
            if let Err(PatternError::Regex(msg)) = pattern::build(e, case_sensitive) {
                let span = self.file.find_value(p, key_at(self.file));
                let (message, label) = if msg.contains("size limit") {
                    (
                        "this pattern compiles to a regex over the size limit".to_owned(),
                        "too large",
                    )
                } else {
                    (
                        "this pattern is not a valid regex".to_owned(),
                        "does not compile",
                    )
                };
                self.errors.push(
                    self.file
                        .error(message, span, label, Some(&first_line(&msg))),
                );
                found = true;
            }
        }
        if !found {
            let span = self.file.find_key(key);
            self.errors.push(self.file.error(
                format!("the `{key}` patterns together exceed the regex size limit"),
                span,
                "too large together",
                Some("split the list, or use narrower patterns (fewer `.*`, bounded repeats)"),
            ));
        }
        None
    }

    /// Compile a fix's `when` pattern (with capture groups for `$1`).
    pub fn replacer(&mut self, key: &str, pattern: &str) -> Option<Option<When>> {
        // Where the key is, for error spans only: finding it reads the file.
        let key_at = |file: &FileCtx| file.find_key(key).map_or(0, |s| s.offset());
        let lookup = |name: &str| self.lexicons.get(name);
        let defer = self.defer;
        let built = pattern::expand(pattern, &lookup).and_then(|e| {
            if defer {
                return Ok(When::deferred(e));
            }
            pattern::build_replacer(&e, false).map(|re| When::compiled(e, re))
        });
        match built {
            Ok(when) => Some(Some(when)),
            Err(e) => {
                let span = self.file.find_value(pattern, key_at(self.file));
                let message = e.to_string();
                self.errors.push(self.file.error(
                    "this `when` pattern is not a valid regex".to_owned(),
                    span,
                    "does not compile",
                    Some(&first_line(&message)),
                ));
                None
            }
        }
    }

    /// Record an error about the value `value` under `key` (for kind-specific
    /// checks such as an empty allow-list).
    pub fn invalid(&mut self, key: &str, message: String, help: Option<&str>) {
        let span = self.file.find_key(key);
        self.errors
            .push(self.file.error(message, span, "here", help));
    }
}

/// Helpers to turn a problem into an error with a span in one file.
struct FileCtx {
    name: String,
    text: Arc<String>,
}

impl FileCtx {
    fn new(source: &RuleSource) -> Self {
        FileCtx {
            name: source.name.clone(),
            text: source.text.clone(),
        }
    }

    fn error(
        &self,
        message: String,
        span: Option<SourceSpan>,
        label: &str,
        help: Option<&str>,
    ) -> RuleFileError {
        RuleFileError {
            path: self.name.clone(),
            message,
            src: Some(NamedSource::new(self.name.clone(), self.text.clone())),
            span: Some(span.unwrap_or_else(|| SourceSpan::from((0, 0)))),
            label: label.to_owned(),
            help: help.map(str::to_owned),
        }
    }

    fn yaml_error(&self, e: &serde_yaml::Error) -> RuleFileError {
        let message = locate::yaml_message(e);
        let message = message.trim_start_matches("check: ").to_owned();
        // Errors inside `check` go through serde's buffered tagged-enum
        // path and lose their position; an unknown field is found by name.
        let span = locate::yaml_error_span(&self.text, &message, e);
        let help = if message.contains("unknown field") {
            Some("check the spelling; rules/README.md lists every key")
        } else if message.contains("end of stream")
            || message.contains("did not find expected")
            || message.contains("while scanning")
            || message.contains("while parsing")
        {
            Some("a YAML syntax error: check quotes and indentation on the lines above")
        } else if message.contains("missing field") {
            Some("every rule needs: id, severity, message, description, why, help, check, examples")
        } else {
            None
        };
        self.error(message, span, "here", help)
    }

    /// The first `key:` in the file, as a span over the key.
    fn find_key(&self, key: &str) -> Option<SourceSpan> {
        locate::find_key(&self.text, key)
    }

    /// Where the scalar `value` is written in the file, at or after `from`,
    /// whatever quoting style the author used.
    fn find_value(&mut self, value: &str, from: usize) -> Option<SourceSpan> {
        let text = self.text.as_str();
        let from = crate::position::floor_char_boundary(text, from.min(text.len()));
        let single = value.replace('\'', "''");
        let double = value.replace('\\', "\\\\").replace('"', "\\\"");
        for candidate in [value, single.as_str(), double.as_str()] {
            if candidate.is_empty() {
                continue;
            }
            if let Some(i) = text[from..].find(candidate) {
                return Some(SourceSpan::from((from + i, candidate.len())));
            }
        }
        if from > 0 {
            return self.find_value(value, 0);
        }
        None
    }
}

fn first_line(s: &str) -> String {
    // regex errors are multi-line with a caret diagram; keep the last line,
    // which says what is wrong.
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && id.as_bytes()[0].is_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_json_twins_say_what_the_yaml_says() {
        let all = crate::rule::builtin::rule_sources();
        for source in &all {
            let yaml: RuleSpec = serde_yaml::from_str(&source.text).unwrap();
            let json: RuleSpec = serde_json::from_str(source.json.unwrap()).unwrap();
            assert_eq!(format!("{yaml:?}"), format!("{json:?}"), "{}", source.name);
        }
        for source in &crate::rule::builtin::lexicon_sources() {
            let yaml: LexiconSpec = serde_yaml::from_str(&source.text).unwrap();
            let json: LexiconSpec = serde_json::from_str(source.json.unwrap()).unwrap();
            assert_eq!(format!("{yaml:?}"), format!("{json:?}"), "{}", source.name);
        }
    }

    fn source(stem: &str, text: &str) -> RuleSource {
        RuleSource {
            name: format!("{stem}.yml"),
            stem: stem.to_owned(),
            text: Arc::new(text.to_owned()),
            json: None,
            // A team's file: compiled at load, so errors are reported now.
            origin: Origin::File(PathBuf::from(format!("{stem}.yml"))),
        }
    }

    const GOOD: &str = r#"id: no-soon
severity: warning
message: "Vague: {matched}"
description: Flags soon.
why: Soon means nothing.
help: Give a date.
check:
  kind: phrase
  patterns:
    - '\bsoon\b'
examples:
  flag: ["We will fix it soon."]
  pass: ["We will fix it today."]
"#;

    #[test]
    fn compiles_a_good_rule() {
        let set = load_sources(&[source("no-soon", GOOD)], &[], vec![]).unwrap();
        assert_eq!(set.rules().len(), 1);
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("flat-no"));
        assert!(is_kebab_case("rule2"));
        assert!(!is_kebab_case("Flat-no"));
        assert!(!is_kebab_case("flat--no"));
        assert!(!is_kebab_case("-flat"));
        assert!(!is_kebab_case("flat_no"));
    }

    #[test]
    fn reports_every_broken_pattern_with_its_line() {
        let bad = GOOD.replace(
            "    - '\\bsoon\\b'",
            "    - '\\bsoon('\n    - 'ok'\n    - '[unclosed'",
        );
        let errs = load_sources(&[source("no-soon", &bad)], &[], vec![]).unwrap_err();
        let lines: Vec<_> = errs
            .errors
            .iter()
            .map(|e| e.line_col().unwrap().0)
            .collect();
        assert_eq!(lines, vec![10, 12]);
    }

    #[test]
    fn unknown_field_inside_check_points_at_the_key() {
        let bad = GOOD.replace("  patterns:", "  exeptions: []\n  patterns:");
        let errs = load_sources(&[source("no-soon", &bad)], &[], vec![]).unwrap_err();
        assert_eq!(errs.errors.len(), 1);
        let e = &errs.errors[0];
        assert!(
            e.message.contains("unknown field `exeptions`"),
            "{}",
            e.message
        );
        assert_eq!(e.line_col().unwrap(), (9, 3));
    }
}
