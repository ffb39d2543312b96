//! The machine contract: the committed JSON Schemas are exactly what the Rust
//! types generate, and real output validates against them.
//! Regenerate after an intended change with `UPDATE_SCHEMA=1 cargo test --test json_schema`.

mod common;

use common::{root, run_cli};

fn check_committed(file: &str, generated: serde_json::Value) -> serde_json::Value {
    let path = root().join("schema").join(file);
    let pretty = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("{file} is missing: run UPDATE_SCHEMA=1 cargo test --test json_schema")
    });
    assert_eq!(
        committed, pretty,
        "{file} is out of date with the Rust types"
    );
    generated
}

fn assert_valid(schema: &serde_json::Value, instance: &serde_json::Value) {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

#[test]
fn json_output_validates_against_the_committed_schema() {
    let schema = check_committed(
        "output-v1.schema.json",
        replylint::report::json::document_schema(),
    );
    let run = run_cli(
        &["check", "-", "--format", "json", "--customer-name", "Dana"],
        Some("Hi Sam 😀, we can't refund this!! As I already explained, it's NOT possible."),
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["diagnostics"].as_array().unwrap().len() >= 4);
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| !d["suggestions"].as_array().unwrap().is_empty()),
        "some finding carries a suggestion"
    );
    assert_valid(&schema, &doc);
}

#[test]
fn batch_lines_validate_against_the_committed_schema() {
    let schema = check_committed("batch-line-v1.schema.json", replylint::batch::line_schema());
    let input = "{\"id\": \"a\", \"text\": \"We can't refund this.\"}\n{\"id\": 7}\n";
    let run = run_cli(&["check", "--batch", "-"], Some(input));
    assert_eq!(run.code, 2, "{}", run.transcript());
    for line in run.stdout.lines() {
        assert_valid(&schema, &serde_json::from_str(line).unwrap());
    }
}
