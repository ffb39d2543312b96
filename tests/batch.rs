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

/// Run `replylint ARGS` with raw bytes on stdin (written from a thread, so a
/// large input and a large output cannot deadlock on full pipes).
fn run_bytes(args: &[&str], input: Vec<u8>) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Garbage lines (not JSON, not a record, not UTF-8, CRLF endings) each get
/// an error line; a 5 MB record is checked; the run goes on to the end.
#[test]
fn batch_survives_garbage_and_a_five_megabyte_record() {
    let mut big = "Thanks for your patience while we look at this. ".repeat(100_000);
    big.push_str("We can't refund this order.");
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"text\": \"We can't refund this.\"}\r\n");
    input.extend_from_slice(b"{this is not json\n");
    input.extend_from_slice(b"\xff\xfe\x00 binary garbage\n");
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(b"[1, 2, 3]\n\n   \n");
    input.extend_from_slice(b"{\"id\": 3, \"text\": \"x\", \"evil\": true}\n");
    input.extend_from_slice(
        serde_json::json!({"id": "big", "text": big})
            .to_string()
            .as_bytes(),
    );
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\": 4, \"text\": \"We'll get back to you soon.\"}");
    let (code, stdout, stderr) = run_bytes(&["check", "--batch", "-"], input);
    assert_eq!(code, 2, "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8, "{stdout}");
    assert_eq!(lines[0]["diagnostics"][0]["rule"], "flat-no");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8 (first bad byte at offset 0)"));
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert_eq!(lines[4]["line"], 5);
    assert_eq!(lines[5]["id"], 3, "the id is echoed for a bad record");
    assert_eq!(lines[6]["id"], "big");
    let d = &lines[6]["diagnostics"][0];
    assert_eq!(d["rule"], "flat-no");
    assert!(d["span"]["start"].as_u64().unwrap() > 4_000_000);
    assert_eq!(lines[7]["diagnostics"][0]["rule"], "vague-promise");
    assert!(
        stderr.contains("5 lines were not a valid record; the other 3 checked"),
        "{stderr}"
    );
}
