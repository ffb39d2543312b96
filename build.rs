//! Embeds every built-in rule (`rules/*.yml`) and lexicon
//! (`rules/lexicons/*.yml`) into the binary, sorted by name, so replylint
//! works with no rules folder beside it and adding a rule means adding a file.
//!
//! Also precomputes the needles of every built-in trigger, of each of its
//! alternatives and of the branches of their inner alternations (see
//! `src/rule/needles.rs`): parsing the patterns to find them costs more than
//! a whole one-draft run may spend. The table is keyed by the expanded
//! pattern text and the check's `case-sensitive` flag (which decides which
//! needles keep their case), expanded by the loader's own code
//! (`src/rule/expand.rs`), so
//! a trigger this script reads differently from the loader is simply not
//! found and gets its needles computed at run time (a test checks that
//! every built-in trigger is found).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code, unreachable_pub)]
#[path = "src/rule/expand.rs"]
mod expand;
#[allow(dead_code, unreachable_pub)]
#[path = "src/rule/needles.rs"]
mod needles;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed={}", root.join("lexicons").display());
    println!("cargo:rerun-if-changed=src/rule/expand.rs");
    println!("cargo:rerun-if-changed=src/rule/needles.rs");
    let mut out = String::new();
    // Each kind's files, parsed once, for the needle table.
    let mut parsed: Vec<Vec<serde_yaml::Value>> = Vec::new();
    for (name, dir) in [("RULES", root.clone()), ("LEXICONS", root.join("lexicons"))] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "yml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        writeln!(
            out,
            "/// Built-in {} as (file stem, YAML text, the same as JSON).",
            name.to_lowercase()
        )
        .unwrap();
        writeln!(out, "pub(crate) static {name}: &[(&str, &str, &str)] = &[").unwrap();
        let mut values = Vec::new();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let stem = f.file_stem().unwrap().to_str().unwrap();
            // The loader parses the JSON: ten times cheaper than the YAML,
            // and a one-draft run has a few milliseconds in all.
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap_or_default();
            let json = serde_json::to_string(&yaml).unwrap_or_default();
            writeln!(
                out,
                "    ({stem:?}, include_str!({:?}), {json:?}),",
                f.display().to_string()
            )
            .unwrap();
            values.push(yaml);
        }
        writeln!(out, "];").unwrap();
        parsed.push(values);
    }
    needle_table(&parsed[0], &parsed[1], &mut out);
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    std::fs::write(dest, out).unwrap();
}

/// Write `NEEDLES`: for every pattern list of every built-in rule (every
/// list of strings under `check`), its expanded text and its alternatives
/// (byte ranges) with their needles.
fn needle_table(rules: &[serde_yaml::Value], lexicons: &[serde_yaml::Value], out: &mut String) {
    let strings = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_sequence()
            .map(|s| {
                s.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut bodies: BTreeMap<String, String> = BTreeMap::new();
    for lex in lexicons {
        let Some(name) = lex["name"].as_str() else {
            continue;
        };
        let terms: Vec<String> = strings(&lex["terms"])
            .iter()
            .filter_map(|t| expand::expand(t, &|_| None).ok())
            .collect();
        bodies.insert(name.to_owned(), terms.join("|"));
    }
    writeln!(
        out,
        "/// Built-in pattern lists (expanded, and whether case-sensitive) and their\n/// alternatives: byte range, needles, second needles, inner alternations."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static NEEDLES: &[(&str, bool, &[StaticPiece])] = &["
    )
    .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut expansions: Vec<(Vec<String>, String)> = Vec::new();
    let mut inner = needles::FlatInner::default();
    for rule in rules {
        let Some(check) = rule["check"].as_mapping() else {
            continue;
        };
        let case_sensitive = rule["check"]["case-sensitive"].as_bool() == Some(true);
        for list in check.values().map(strings).filter(|l| !l.is_empty()) {
            let lookup = |name: &str| bodies.get(name).cloned();
            let Ok(expanded) = list
                .iter()
                .map(|p| expand::expand(p, &lookup))
                .collect::<Result<Vec<_>, _>>()
            else {
                continue;
            };
            let joined = expand::alternation(expanded.iter().map(String::as_str));
            expansions.push((list.clone(), joined.clone()));
            if !seen.insert((joined.clone(), case_sensitive)) {
                continue;
            }
            write!(out, "    ({joined:?}, {case_sensitive}, &[").unwrap();
            for (range, needles, second) in needles::pieces(&joined, case_sensitive) {
                let (first, count) = inner.push(&needles::inner_alternations(
                    &joined,
                    range.clone(),
                    case_sensitive,
                ));
                write!(
                    out,
                    "({}, {}, {}, {}, {first}, {count}), ",
                    range.start,
                    range.end,
                    needle_list(&needles),
                    needle_list(&second),
                )
                .unwrap();
            }
            writeln!(out, "]),").unwrap();
        }
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// The inner alternations of the alternatives above (see `FlatInner`)."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static INNER_ALTS: [[u32; 4]; {}] = [{}];",
        inner.alts.len(),
        rows(&inner.alts)
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static INNER_BRANCHES: [[u32; 4]; {}] = [{}];",
        inner.branches.len(),
        rows(&inner.branches)
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static INNER_NEEDLES: [[u32; 2]; {}] = [{}];",
        inner.needles.len(),
        rows(&inner.needles)
    )
    .unwrap();
    let mut bytes = String::new();
    for &b in &inner.bytes {
        match b {
            b'"' | b'\\' => write!(bytes, "\\{}", b as char).unwrap(),
            0x20..=0x7e => bytes.push(b as char),
            _ => write!(bytes, "\\x{b:02x}").unwrap(),
        }
    }
    writeln!(
        out,
        "pub(crate) static INNER_BYTES: [u8; {}] = *b\"{bytes}\";",
        inner.bytes.len()
    )
    .unwrap();
    writeln!(
        out,
        "/// Every built-in pattern list as written and expanded with the built-in\n/// lexicons."
    )
    .unwrap();
    writeln!(out, "pub(crate) static EXPANDED: &[(&[&str], &str)] = &[").unwrap();
    for (list, joined) in expansions {
        writeln!(out, "    (&{list:?}, {joined:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
}

/// Rows of an integer table as Rust source: `[1, 2],[3, 4]`.
fn rows<T: std::fmt::Debug>(rows: &[T]) -> String {
    let rows: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
    rows.join(",")
}

/// Needles as Rust source: `Some(&[&[..], ..])` or `None`.
fn needle_list(needles: &Option<Vec<Vec<u8>>>) -> String {
    match needles {
        Some(list) => {
            let items: Vec<String> = list.iter().map(|n| format!("&{n:?}")).collect();
            format!("Some(&[{}])", items.join(", "))
        }
        None => "None".to_owned(),
    }
}
