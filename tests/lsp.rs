//! `replylint lsp` driven over stdio the way an editor drives it: JSON-RPC
//! with `Content-Length` framing, written against the protocol, not the
//! library. Every read has a deadline, so a hung server fails the test
//! instead of hanging CI.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single expected message may take.
const DEADLINE: Duration = Duration::from_secs(10);

const URI: &str = "file:///tmp/replylint-lsp-test/reply.txt";

/// A draft with an emoji (2 UTF-16 units, 4 bytes) and accented names (1
/// unit, 2 bytes) before the flagged words.
const DRAFT: &str = "Hi Zoë 👋,\n\nRené 😀 from billing here. We can't refund this order. We'll get back to you soon.\n";

/// A language server under test.
struct Lsp {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read but not yet asked for.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Lsp {
    fn start(args: &[&str]) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
            .arg("lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("replylint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Lsp {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    /// Start and complete the handshake.
    fn initialized(args: &[&str], options: Value) -> Lsp {
        let mut lsp = Lsp::start(args);
        let init = lsp.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {},
                   "initializationOptions": options}),
        );
        assert_eq!(
            init["result"]["capabilities"]["textDocumentSync"]["change"], 1,
            "{init}"
        );
        lsp.notify("initialized", json!({}));
        lsp
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: &Value) {
        self.send_raw(msg.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (other messages are kept).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to {method} #{id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The first message (read or already waiting) that matches.
    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(i).unwrap();
        }
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) if matches(&msg) => return msg,
                Ok(msg) => self.backlog.push_back(msg),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no {what} within {DEADLINE:?}; got meanwhile: {:#?}",
                    self.backlog
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed stdout while we waited for {what}")
                }
            }
        }
    }

    /// The next `publishDiagnostics` for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown`, `exit`, and the process's exit status.
    fn shutdown_and_exit(mut self) -> ExitStatus {
        let resp = self.request("shutdown", Value::Null);
        assert_eq!(resp["result"], Value::Null, "{resp}");
        assert!(resp.get("error").is_none(), "{resp}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    fn wait_exit(&mut self) -> ExitStatus {
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

impl Drop for Lsp {
    fn drop(&mut self) {
        // A failed test must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The LSP position (0-based line, UTF-16 column) of byte `offset`,
/// computed here independently of the server.
fn utf16_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count();
    (line as u64, character as u64)
}

/// The LSP range of the first occurrence of `words` in `text`.
fn range_of(text: &str, words: &str) -> ((u64, u64), (u64, u64)) {
    let start = text.find(words).unwrap();
    (
        utf16_position(text, start),
        utf16_position(text, start + words.len()),
    )
}

fn range(d: &Value) -> ((u64, u64), (u64, u64)) {
    let p = |v: &Value| {
        (
            v["line"].as_u64().unwrap(),
            v["character"].as_u64().unwrap(),
        )
    };
    (p(&d["range"]["start"]), p(&d["range"]["end"]))
}

fn find<'a>(diags: &'a [Value], rule: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} diagnostic in {diags:#?}"))
}

#[test]
fn publishes_utf16_ranges_on_open_and_fresh_ones_on_change() {
    let mut lsp = Lsp::initialized(&[], json!({}));
    lsp.open(URI, DRAFT);
    let diags = lsp.diagnostics(URI, 1);

    let flat_no = find(&diags, "flat-no");
    assert_eq!(range(flat_no), range_of(DRAFT, "We can't refund"));
    // By hand: "René 😀 from billing here. " is 26 chars but 27 UTF-16 units.
    assert_eq!(range(flat_no), ((2, 27), (2, 42)));
    assert_eq!(flat_no["source"], "replylint");
    assert_eq!(flat_no["severity"], 2, "warning");
    let message = flat_no["message"].as_str().unwrap();
    assert!(
        message.starts_with("Refusal with no alternative"),
        "{message}"
    );
    assert!(message.contains("\nhelp: "), "help is appended: {message}");
    let vague = find(&diags, "vague-promise");
    assert_eq!(range(vague), range_of(DRAFT, "We'll get back to you"));

    // Every change is linted, not only saves; the accented name moves the
    // flagged words to line 0.
    let changed = "Zoë 👋👋: calm down, we'll get back to you soon.";
    lsp.change(URI, 2, changed);
    let diags = lsp.diagnostics(URI, 2);
    assert!(diags.iter().all(|d| d["code"] != "flat-no"), "{diags:#?}");
    let condescending = find(&diags, "condescending");
    assert_eq!(range(condescending), range_of(changed, "calm down"));
    assert_eq!(range(condescending), ((0, 10), (0, 19)));
    assert_eq!(
        range(find(&diags, "vague-promise")),
        range_of(changed, "we'll get back to you")
    );

    // A fixed draft clears the problems.
    lsp.change(
        URI,
        3,
        "Hi Zoë, your refund of 20 € went out today and should reach you by Friday.",
    );
    assert_eq!(lsp.diagnostics(URI, 3), Vec::<Value>::new());

    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn rapid_changes_are_debounced_into_one_lint() {
    let mut lsp = Lsp::initialized(&[], json!({"debounceMs": 300}));
    lsp.open(URI, "Hello.");
    assert_eq!(lsp.diagnostics(URI, 1), Vec::<Value>::new());
    for (version, text) in [(2, "We"), (3, "We can't"), (4, "We can't refund it.")] {
        lsp.change(URI, version, text);
    }
    let diags = lsp.diagnostics(URI, 4);
    assert_eq!(find(&diags, "flat-no")["code"], "flat-no");
    // Nothing was published for the intermediate versions.
    assert!(
        lsp.backlog
            .iter()
            .all(|m| m["params"]["version"] != 2 && m["params"]["version"] != 3),
        "{:#?}",
        lsp.backlog
    );
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn code_action_answers_with_a_list_of_actions() {
    let mut lsp = Lsp::initialized(&[], json!({}));
    lsp.open(URI, DRAFT);
    let diags = lsp.diagnostics(URI, 1);
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}},
               "context": {"diagnostics": diags}}),
    );
    let actions = resp["result"]
        .as_array()
        .unwrap_or_else(|| panic!("an array: {resp}"));
    // Built-in rules may or may not suggest edits yet; whatever comes back
    // must be a well-formed quick fix on this document.
    for a in actions {
        assert!(a["title"].is_string(), "{a}");
        assert_eq!(a["kind"], "quickfix");
        if let Some(changes) = a["edit"]["changes"].as_object() {
            assert!(changes.contains_key(URI), "{a}");
        }
    }
    // An unknown document has no actions, and that is not an error.
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///nowhere.txt"},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(resp["result"], json!([]), "{resp}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn malformed_input_gets_error_responses_and_the_server_stays_up() {
    let mut lsp = Lsp::initialized(&[], json!({}));

    // Bad params: InvalidParams.
    let resp = lsp.request("textDocument/codeAction", json!("not an object"));
    assert_eq!(resp["error"]["code"], -32602, "{resp}");

    // A frame that is not JSON: ParseError with a null id.
    lsp.send_raw(b"{this is not json");
    let resp = lsp.wait_for("the parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(resp["id"], Value::Null, "{resp}");

    // JSON that is no JSON-RPC message: InvalidRequest, echoing the id.
    lsp.send(&json!({"jsonrpc": "2.0", "id": 77, "method": 5}));
    let resp = lsp.wait_for("the invalid request", |m| m["id"] == 77);
    assert_eq!(resp["error"]["code"], -32600, "{resp}");

    // An unknown method: MethodNotFound.
    let resp = lsp.request("replylint/frobnicate", json!({}));
    assert_eq!(resp["error"]["code"], -32601, "{resp}");

    // A change to a document that was never opened is logged, not fatal.
    lsp.change("file:///never/opened.txt", 2, "We can't refund this order.");
    let log = lsp.wait_for("a log message", |m| m["method"] == "window/logMessage");
    let text = log["params"]["message"].as_str().unwrap();
    assert!(text.contains("never opened"), "{text}");

    // A bad notification is logged too.
    lsp.notify("textDocument/didOpen", json!({"textDocument": 42}));
    lsp.wait_for("a log message about didOpen", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"].as_str().unwrap().contains("didOpen")
    });

    // Still serving.
    lsp.open(URI, DRAFT);
    assert!(!lsp.diagnostics(URI, 1).is_empty());
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
               "context": {"diagnostics": []}}),
    );
    assert!(resp["result"].is_array(), "{resp}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let mut lsp = Lsp::start(&[]);
    let resp = lsp.request("textDocument/codeAction", json!({}));
    assert_eq!(
        resp["error"]["code"], -32002,
        "ServerNotInitialized: {resp}"
    );
    let resp = lsp.request("initialize", json!({"capabilities": {}}));
    assert!(resp["result"]["capabilities"].is_object(), "{resp}");
    let resp = lsp.request("shutdown", Value::Null);
    assert_eq!(resp["result"], Value::Null);
    let resp = lsp.request("textDocument/codeAction", json!({}));
    assert_eq!(resp["error"]["code"], -32600, "InvalidRequest: {resp}");
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_a_failure_exit() {
    let mut lsp = Lsp::initialized(&[], json!({}));
    lsp.notify("exit", Value::Null);
    let status = lsp.wait_exit();
    assert!(!status.success(), "{status:?}");
}

/// A scratch directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("replylint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const NO_ASAP: &str = r#"id: no-asap
severity: error
summary: the team's house rule against "ASAP"
message: "Avoid \"{matched}\": our style guide asks for a time"
description: Flags "ASAP" anywhere in a reply.
why: Our customers told us ASAP reads as a brush-off.
help: Name the time ("by 3pm today").
check:
  kind: phrase
  patterns: ['\basap\b']
examples:
  flag: ["We'll reply ASAP."]
  pass: ["We'll reply by 3pm today."]
"#;

#[test]
fn rule_files_are_reloaded_when_they_change() {
    let rules = TempDir::new("lsp-rules");
    let dir = rules.0.to_str().unwrap();
    let mut lsp = Lsp::initialized(&["--no-builtin"], json!({"rules": [dir], "debounceMs": 0}));
    let text = "Thanks, I'll fix it ASAP.";
    lsp.open(URI, text);
    assert_eq!(lsp.diagnostics(URI, 1), Vec::<Value>::new());

    // A new team rule appears on disk while the document is open: the
    // server notices without any edit and republishes.
    std::fs::write(rules.0.join("no-asap.yml"), NO_ASAP).unwrap();
    let diags = lsp.diagnostics(URI, 1);
    let d = find(&diags, "no-asap");
    assert_eq!(d["severity"], 1, "error");
    assert_eq!(range(d), range_of(text, "ASAP"));

    // A broken edit of the rule is shown to the user and the last good
    // rules stay in force.
    std::fs::write(rules.0.join("no-asap.yml"), "id: no-asap\nseverity: [").unwrap();
    let shown = lsp.wait_for("the rule-file error", |m| {
        m["method"] == "window/showMessage"
    });
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("no-asap.yml"), "{message}");
    lsp.change(URI, 2, text);
    assert_eq!(find(&lsp.diagnostics(URI, 2), "no-asap")["code"], "no-asap");

    assert!(lsp.shutdown_and_exit().success());
}

/// A 5 MB document is linted and published, then the server goes on
/// serving small edits to it.
#[test]
fn a_five_megabyte_document_is_handled_and_the_server_stays_up() {
    let mut lsp = Lsp::initialized(&[], json!({}));
    let mut big = "Thanks for your patience while we look at this. ".repeat(100_000);
    big.push_str("We can't refund this order.");
    lsp.open(URI, &big);
    let end = Instant::now() + Duration::from_secs(300);
    let diags = loop {
        // A debug build on a busy machine may need several deadlines.
        let found =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lsp.diagnostics(URI, 1)));
        match found {
            Ok(d) => break d,
            Err(_) if Instant::now() < end => continue,
            Err(e) => std::panic::resume_unwind(e),
        }
    };
    assert!(diags.iter().any(|d| d["code"] == "flat-no"), "{diags:?}");
    lsp.change(URI, 2, DRAFT);
    assert!(!lsp.diagnostics(URI, 2).is_empty());
    assert!(lsp.shutdown_and_exit().success());
}
