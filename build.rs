//! Embeds every built-in rule (`rules/*.yml`) and lexicon
//! (`rules/lexicons/*.yml`) into the binary, sorted by name, so replylint
//! works with no rules folder beside it and adding a rule means adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed={}", root.join("lexicons").display());
    let mut out = String::new();
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
            "/// Built-in {} as (file stem, YAML text).",
            name.to_lowercase()
        )
        .unwrap();
        writeln!(out, "pub(crate) static {name}: &[(&str, &str)] = &[").unwrap();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let stem = f.file_stem().unwrap().to_str().unwrap();
            writeln!(
                out,
                "    ({stem:?}, include_str!({:?})),",
                f.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    std::fs::write(dest, out).unwrap();
}
