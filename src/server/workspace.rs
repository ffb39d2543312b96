//! What a workspace asks for (rule sources and selection) and how a
//! long-running server notices that it changed.
//!
//! Configuration discovery will live in its own module (`.replylint.yaml`);
//! until it exists, the server goes through one seam, [`ConfigHook`]: given
//! the workspace root and the settings from flags and the editor, return the
//! effective [`WorkspaceConfig`]. The default hook, [`no_config_file`],
//! returns the base settings unchanged. The server already watches
//! `ROOT/.replylint.yaml` ([`CONFIG_FILE`]) next to the rule directories and
//! calls the hook again whenever any of them changes, so plugging in the
//! config module is a one-line change in `cli/commands/lsp.rs`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::rule::{RuleSources, Selection};

/// The workspace configuration file the server watches.
pub const CONFIG_FILE: &str = ".replylint.yaml";

/// Where rules come from and which of them run, for one workspace.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceConfig {
    /// Built-in rules and rule directories.
    pub sources: RuleSources,
    /// `select` / `ignore` / severity overrides.
    pub selection: Selection,
}

/// Compute the effective configuration of the workspace at `root` (when the
/// editor gave one) from `base` (flags plus `initializationOptions`). An
/// `Err` is a message for the user; the server then keeps `base`.
pub type ConfigHook =
    fn(root: Option<&Path>, base: &WorkspaceConfig) -> Result<WorkspaceConfig, String>;

/// The hook used until the config module exists: `.replylint.yaml` is
/// watched but not interpreted, so `base` is returned as is.
pub fn no_config_file(
    _root: Option<&Path>,
    base: &WorkspaceConfig,
) -> Result<WorkspaceConfig, String> {
    Ok(base.clone())
}

/// The hook that reads `ROOT/.replylint.yaml` (the same file `replylint
/// check` uses): its rule folders, lexicon extensions and selection, with the
/// editor's and the flags' `select`/`ignore` applied on top.
pub fn config_file(root: Option<&Path>, base: &WorkspaceConfig) -> Result<WorkspaceConfig, String> {
    let Some(path) = root
        .map(|r| {
            crate::config::FILE_NAMES
                .iter()
                .map(|n| r.join(n))
                .find(|p| p.is_file())
        })
        .unwrap_or(None)
    else {
        return Ok(base.clone());
    };
    let config = crate::config::Config::load(&path).map_err(|errors| {
        errors
            .iter()
            .map(|e| match (e.span, &e.src) {
                (Some(span), Some(src)) => {
                    let (line, col) = crate::position::line_col(src.inner(), span.offset());
                    format!("{}:{line}:{col}: {}", path.display(), e.message)
                }
                _ => format!("{}: {}", path.display(), e.message),
            })
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut out = base.clone();
    out.sources.builtin &= !config.no_builtin();
    out.sources.dirs.extend(config.rule_dirs());
    out.sources.lexicon_extensions = config.lexicon_extensions();
    let mut selection = config.settings_for(None).selection;
    if base.selection.select.is_some() {
        selection.select = base.selection.select.clone();
    }
    selection
        .ignore
        .extend(base.selection.ignore.iter().cloned());
    selection
        .severity
        .extend(base.selection.severity.iter().cloned());
    out.selection = selection;
    Ok(out)
}

/// A cheap fingerprint of every file that can change the rules: the rule
/// files and lexicons of each directory and the workspace config file.
/// Comparing two fingerprints costs a few `stat` calls, so the server can
/// check before every lint instead of trusting file-watch notifications
/// that not every editor sends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint(Vec<(PathBuf, Option<(SystemTime, u64)>)>);

impl Fingerprint {
    /// Stat the rule files under `dirs` and `root/.replylint.yaml`.
    pub fn of(dirs: &[PathBuf], root: Option<&Path>) -> Self {
        let mut files = Vec::new();
        for dir in dirs {
            files.push(dir.clone());
            for sub in [dir.clone(), dir.join("lexicons")] {
                if let Ok(entries) = fs::read_dir(&sub) {
                    files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
                }
            }
        }
        if let Some(root) = root {
            files.push(root.join(CONFIG_FILE));
        }
        files.sort();
        files.dedup();
        Fingerprint(
            files
                .into_iter()
                .map(|p| {
                    let meta = fs::metadata(&p)
                        .ok()
                        .and_then(|m| Some((m.modified().ok()?, m.len())));
                    (p, meta)
                })
                .collect(),
        )
    }
}

/// The local path of a `file:` URI (percent-decoded), or `None` for other
/// schemes (`untitled:` buffers have no directory).
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///home/x` (empty authority) or `file://localhost/home/x`.
    let path = match rest.find('/') {
        Some(i) if rest[..i].is_empty() || rest[..i].eq_ignore_ascii_case("localhost") => {
            &rest[i..]
        }
        _ => return None,
    };
    let decoded = percent_decode(path)?;
    // `/C:/Users/x` on Windows.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            uri_to_path("file:///home/sam/My%20Replies/a%C3%A9.txt"),
            Some(PathBuf::from("/home/sam/My Replies/aé.txt"))
        );
        assert_eq!(
            uri_to_path("file://localhost/tmp/x"),
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file://server/share/x"), None);
        assert_eq!(uri_to_path("file:///bad%zz"), None);
    }

    #[test]
    fn fingerprint_sees_a_new_rule_file() {
        let dir = std::env::temp_dir().join(format!("replylint-fp-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let before = Fingerprint::of(std::slice::from_ref(&dir), None);
        fs::write(dir.join("x.yml"), "id: x").unwrap();
        let after = Fingerprint::of(std::slice::from_ref(&dir), None);
        fs::remove_dir_all(&dir).unwrap();
        assert_ne!(before, after);
    }
}
