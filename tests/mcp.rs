//! `replylint mcp` driven over stdio the way an AI agent's client drives
//! it: newline-delimited JSON-RPC 2.0, written against the Model Context
//! Protocol, not the library. Every read has a deadline.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DEADLINE: Duration = Duration::from_secs(10);

struct Mcp {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Mcp {
    /// Start the server and complete the handshake.
    fn start() -> Mcp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .arg("mcp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("replylint mcp starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let msg: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("stdout carries only JSON-RPC ({e}): {line}"));
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut mcp = Mcp {
            child,
            stdin,
            incoming,
            next_id: 1,
        };
        let init = mcp.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "replylint-tests", "version": "1"}}),
        );
        let result = &init["result"];
        assert_eq!(result["serverInfo"]["name"], "replylint", "{init}");
        assert!(result["capabilities"]["tools"].is_object(), "{init}");
        mcp.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        mcp
    }

    fn send(&mut self, msg: &Value) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{msg}").unwrap();
        stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let msg = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("no response to {method} #{id}: {e}"));
            if msg["id"] == id {
                return msg;
            }
        }
    }

    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let resp = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        assert!(resp.get("error").is_none(), "{resp}");
        resp["result"].clone()
    }
}

impl Mcp {
    /// Close stdin (how a client ends a stdio session) and wait for exit.
    fn close(mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < end, "the server did not exit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Mcp {
    fn drop(&mut self) {
        // Closing stdin is how an MCP client ends a stdio session.
        drop(self.stdin.take());
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The JSON document in a tool result's text content.
fn text_json(result: &Value) -> Value {
    let text = result["content"][0]["text"].as_str().unwrap();
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn lists_both_tools_with_input_schemas() {
    let mut mcp = Mcp::start();
    let resp = mcp.request("tools/list", json!({}));
    let tools = resp["result"]["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["check_reply", "explain_rule"]);
    let check = &tools[0]["inputSchema"];
    assert_eq!(check["type"], "object");
    assert_eq!(check["required"], json!(["text"]));
    for field in [
        "text",
        "customer_name",
        "customer_message",
        "mode",
        "select",
    ] {
        assert!(check["properties"][field].is_object(), "{field}: {check}");
    }
    let explain = &tools[1]["inputSchema"];
    assert_eq!(explain["required"], json!(["id"]));
}

#[test]
fn check_reply_flags_a_flat_no_in_the_json_contract() {
    let mut mcp = Mcp::start();
    let result = mcp.call(
        "check_reply",
        json!({"text": "We can't refund this order."}),
    );
    assert_eq!(result["isError"], false, "{result}");
    let doc = text_json(&result);
    assert_eq!(doc["version"], 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    let flat_no = diags
        .iter()
        .find(|d| d["rule"] == "flat-no")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(flat_no["matched"], "We can't refund");
    assert_eq!(flat_no["severity"], "warning");
    assert_eq!(flat_no["span"], json!({"start": 0, "end": 15}));
    assert_eq!(
        flat_no["start"],
        json!({"line": 1, "column": 1, "column_utf16": 1})
    );
    assert!(flat_no["help"].as_str().unwrap().len() > 10);
    assert!(flat_no["suggestions"].is_array());
    // The same document as structured content.
    assert_eq!(result["structuredContent"], doc);
}

#[test]
fn check_reply_uses_context_mode_and_selection() {
    let mut mcp = Mcp::start();
    let text = "Hi there, we can't refund this order. We'll get back to you soon.";
    let result = mcp.call(
        "check_reply",
        json!({"text": text, "customer_name": "Dana Whitfield",
               "customer_message": "Where is my refund?", "mode": "draft",
               "select": ["unused-customer-name", "vague-promise"]}),
    );
    let doc = text_json(&result);
    let mut rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    assert_eq!(rules, ["unused-customer-name", "vague-promise"], "{doc}");

    let clean = mcp.call(
        "check_reply",
        json!({"text": "Hi Zoë, your refund went out today and should reach you by Friday."}),
    );
    assert_eq!(text_json(&clean)["diagnostics"], json!([]));

    let bad = mcp.call("check_reply", json!({"text": "x", "select": ["flat-n"]}));
    assert_eq!(bad["isError"], true, "{bad}");
    let message = bad["content"][0]["text"].as_str().unwrap();
    assert!(message.contains("did you mean `flat-no`"), "{message}");
}

#[test]
fn explain_rule_gives_the_rules_own_documentation() {
    let mut mcp = Mcp::start();
    let result = mcp.call("explain_rule", json!({"id": "flat-no"}));
    assert_eq!(result["isError"], false, "{result}");
    let doc = text_json(&result);
    assert_eq!(doc["id"], "flat-no");
    assert_eq!(doc["severity"], "warning");
    for field in ["description", "why", "help"] {
        assert!(doc[field].as_str().unwrap().len() > 20, "{field}: {doc}");
    }
    assert!(!doc["examples"]["flag"].as_array().unwrap().is_empty());
    assert!(!doc["examples"]["pass"].as_array().unwrap().is_empty());
}

#[test]
fn explain_unknown_rule_is_a_tool_error_with_a_suggestion() {
    let mut mcp = Mcp::start();
    let result = mcp.call("explain_rule", json!({"id": "vague-promis"}));
    assert_eq!(result["isError"], true, "{result}");
    let message = result["content"][0]["text"].as_str().unwrap();
    assert!(
        message.contains("did you mean `vague-promise`"),
        "{message}"
    );

    // The server is still there.
    let again = mcp.call("check_reply", json!({"text": "Thanks!"}));
    assert_eq!(again["isError"], false);
}

#[test]
fn closing_stdin_ends_the_session_with_status_0() {
    let mcp = Mcp::start();
    assert_eq!(mcp.close().code(), Some(0));
}
