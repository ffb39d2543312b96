//! Batch mode through the real binary: hundreds of records, one malformed,
//! answered line for line in input order.

mod common;

use common::run_cli;

#[test]
fn batch_answers_every_record_in_order_and_flags_the_bad_one() {
    let mut input = String::new();
    for i in 0..400 {
        if i == 123 {
            input.push_str("{\"id\": \"broken\", \"text\": 12}\n");
        }
        let text = if i % 2 == 0 {
            "We can't refund this order."
        } else {
            "Dana, your refund is on its way and arrives by Friday."
        };
        input.push_str(
            &serde_json::json!({"id": format!("r{i}"), "text": text, "customer_name": "Dana"})
                .to_string(),
        );
        input.push('\n');
    }
    let run = run_cli(&["check", "--batch", "-"], Some(&input));
    assert_eq!(run.code, 2, "a bad record makes the run exit 2");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 401);
    assert_eq!(lines[123]["id"], "broken");
    assert_eq!(lines[123]["line"], 124);
    assert!(lines[123]["error"]
        .as_str()
        .unwrap()
        .contains("invalid type"));
    for (n, line) in lines
        .iter()
        .filter(|l| l.get("error").is_none())
        .enumerate()
    {
        assert_eq!(line["id"], format!("r{n}"));
        let rules: Vec<&str> = line["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        if n % 2 == 0 {
            assert!(rules.contains(&"flat-no"), "r{n}: {rules:?}");
        } else {
            assert!(rules.is_empty(), "r{n}: {rules:?}");
        }
    }
    assert!(
        run.stderr.contains("1 line was not a valid record"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_json_gives_agents_the_why_and_the_fix() {
    let run = run_cli(&["explain", "shouting", "--format", "json"], None);
    assert_eq!(run.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["id"], "shouting");
    assert!(doc["why"].as_str().unwrap().contains("raised voice"));
    assert_eq!(doc["fixes"][0]["applicability"], "safe");
    assert!(doc["examples"]["flag"].as_array().unwrap().len() >= 5);
}
