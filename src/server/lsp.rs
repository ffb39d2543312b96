//! `replylint lsp`: a Language Server Protocol server over stdio, so an
//! editor shows problems while the reply is being written.
//!
//! - **Sync and timing.** Full text sync. A document is linted as soon as it
//!   is opened and again [`LspOptions::debounce`] after the last change (not
//!   only on save). One thread runs everything: the loop waits on the
//!   connection with a timeout equal to the next due document, so ordering
//!   is deterministic and there is no locking.
//! - **Positions.** Findings carry byte spans; LSP counts 0-based lines and
//!   UTF-16 code units. Spans go through [`crate::report::json::Diagnostic`] (the
//!   one machine contract, which already has `column_utf16`), and client
//!   positions come back through `byte_offset`.
//! - **Rules.** Built-in rules, `--rules DIR` and the `rules` of
//!   `initializationOptions`, passed through the workspace [`ConfigHook`].
//!   Before linting (and once a second while documents are open) the rule
//!   files and `.replylint.yaml` are stat'ed; a change reloads them. A broken
//!   rule file is shown to the user and the previous rules stay in force.
//! - **Robustness.** Bad params get `InvalidParams`, unknown requests
//!   `MethodNotFound`, a change to a document never opened a
//!   `window/logMessage`; none of them stops the server.
//!
//! `initializationOptions` (all optional):
//! `{"rules": [dirs], "customerName": "Dana", "customerMessage": "...",
//! "mode": "draft" | "template", "select": [ids], "ignore": [ids],
//! "debounceMs": 150}`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionDisabled, CodeActionKind, CodeActionOptions, CodeActionOrCommand,
    CodeActionParams, CodeActionProviderCapability, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    InitializeParams, InitializeResult, LogMessageParams, MessageType, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextEdit, Uri, WorkspaceEdit,
};
use serde::Deserialize;
use serde_json::Value;

use crate::draft::{Context, Mode};
use crate::error::LoadErrors;
use crate::finding::{Applicability, Finding, Suggestion};
use crate::linter::Linter;
use crate::position::LineIndex;
use crate::report::json;
use crate::rule::{RuleSet, RuleSources, Selection, Severity};
use crate::server::lsp_transport::Transport;
use crate::server::workspace::{self, ConfigHook, Fingerprint, WorkspaceConfig};
use crate::server::ServerError;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "replylint";

/// How often open documents' rule files are checked for changes while the
/// editor is idle.
const POLL: Duration = Duration::from_secs(1);

/// How the server is started (from the command line).
#[derive(Debug, Clone)]
pub struct LspOptions {
    /// Rule sources from flags (`--rules DIR`, `--no-builtin`).
    pub sources: RuleSources,
    /// Rule selection from flags.
    pub selection: Selection,
    /// Quiet time after the last change before a document is linted
    /// (`initializationOptions.debounceMs` overrides it).
    pub debounce: Duration,
    /// Turns the base settings into a workspace's settings (see
    /// [`workspace`]).
    pub config_hook: ConfigHook,
}

impl Default for LspOptions {
    fn default() -> Self {
        LspOptions {
            sources: RuleSources::default(),
            selection: Selection::default(),
            debounce: Duration::from_millis(150),
            config_hook: workspace::no_config_file,
        }
    }
}

/// Serve LSP on stdin/stdout until `exit`. `Ok` after `shutdown` then
/// `exit`; an error when the client vanished or skipped `shutdown`.
pub fn run_stdio(options: LspOptions) -> Result<(), ServerError> {
    let (connection, transport) = Transport::start(BufReader::new(io::stdin()), io::stdout())?;
    let result = serve(&connection, options);
    drop(connection);
    transport.finish()?;
    result
}

/// Serve LSP over an established connection (stdio, or in-memory in tests).
pub fn serve(connection: &Connection, options: LspOptions) -> Result<(), ServerError> {
    Server::new(connection, options).run()
}

/// `initializationOptions`, as editors send them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct InitOptions {
    rules: Vec<PathBuf>,
    customer_name: Option<String>,
    customer_message: Option<String>,
    mode: Option<Mode>,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    debounce_ms: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `initialize`.
    Uninitialized,
    /// Serving.
    Running,
    /// `shutdown` answered; waiting for `exit`.
    ShutDown,
}

/// An open document.
#[derive(Debug)]
struct Document {
    text: String,
    version: i32,
    /// When to lint next; `None` when the findings match the text.
    due: Option<Instant>,
    findings: Vec<Finding>,
}

struct Server<'c> {
    conn: &'c Connection,
    phase: Phase,
    debounce: Duration,
    config_hook: ConfigHook,
    root: Option<PathBuf>,
    /// Flags plus `initializationOptions`, before the config hook.
    base: WorkspaceConfig,
    rules: RuleSet,
    /// Whether `rules` came from a successful load (else it is a
    /// placeholder and a failed load falls back to the built-ins).
    rules_loaded: bool,
    selection: Selection,
    context: Context,
    /// The rule directories whose files are watched (flags, editor, config).
    watched: Vec<PathBuf>,
    fingerprint: Fingerprint,
    next_poll: Instant,
    docs: BTreeMap<Uri, Document>,
    disabled_actions: bool,
}

impl<'c> Server<'c> {
    fn new(conn: &'c Connection, options: LspOptions) -> Self {
        Server {
            conn,
            phase: Phase::Uninitialized,
            debounce: options.debounce,
            config_hook: options.config_hook,
            root: None,
            base: WorkspaceConfig {
                sources: options.sources,
                selection: options.selection,
            },
            // Replaced on `initialize`, once the workspace is known; an
            // empty set until then is never used to lint.
            rules: RuleSet::new(Vec::new(), Default::default()),
            rules_loaded: false,
            selection: Selection::default(),
            context: Context::default(),
            watched: Vec::new(),
            fingerprint: Fingerprint::default(),
            next_poll: Instant::now() + POLL,
            docs: BTreeMap::new(),
            disabled_actions: false,
        }
    }

    fn run(mut self) -> Result<(), ServerError> {
        loop {
            let wait = self.next_wakeup().saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(wait) {
                Ok(Message::Request(req)) => self.on_request(req)?,
                Ok(Message::Notification(n)) if n.method == "exit" => {
                    return match self.phase {
                        Phase::ShutDown => Ok(()),
                        _ => Err(ServerError::ExitWithoutShutdown),
                    };
                }
                Ok(Message::Notification(n)) => self.on_notification(n)?,
                // The server sends no requests, so no response is awaited.
                Ok(Message::Response(_)) => {}
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Err(ServerError::Disconnected),
            }
            self.tick()?;
        }
    }

    /// The next instant something is due: a debounced document, or the
    /// rule-file poll while documents are open.
    fn next_wakeup(&self) -> Instant {
        let far = Instant::now() + Duration::from_secs(3600);
        let docs = self.docs.values().filter_map(|d| d.due).min();
        let poll =
            (!self.docs.is_empty() && self.phase == Phase::Running).then_some(self.next_poll);
        docs.into_iter().chain(poll).min().unwrap_or(far)
    }

    /// Reload rules when their files changed, then lint what is due.
    fn tick(&mut self) -> Result<(), ServerError> {
        if self.phase != Phase::Running {
            return Ok(());
        }
        let now = Instant::now();
        let any_due = self.docs.values().any(|d| d.due.is_some_and(|t| t <= now));
        if any_due || now >= self.next_poll {
            self.next_poll = now + POLL;
            self.refresh_rules(false)?;
        }
        let due: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint_and_publish(&uri)?;
        }
        Ok(())
    }

    // ---- requests -------------------------------------------------------

    fn on_request(&mut self, req: Request) -> Result<(), ServerError> {
        let id = req.id.clone();
        let response = match (self.phase, req.method.as_str()) {
            (Phase::Uninitialized, "initialize") => self.initialize(req),
            (Phase::Uninitialized, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server expects `initialize` first".to_owned(),
            )),
            (Phase::ShutDown, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shut down; only `exit` is accepted".to_owned(),
            )),
            (Phase::Running, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "`initialize` was already received".to_owned(),
            )),
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            (Phase::Running, "textDocument/codeAction") => {
                params::<CodeActionParams>(req).and_then(|p| self.code_action(p))
            }
            (Phase::Running, method) => Err((
                ErrorCode::MethodNotFound,
                format!("replylint does not handle `{method}`"),
            )),
        };
        let response = match response {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into())
    }

    fn initialize(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        let params: InitializeParams = serde_json::from_value(req.params).map_err(|e| {
            (
                ErrorCode::InvalidParams,
                format!("bad `initialize` params: {e}"),
            )
        })?;
        self.root = workspace_root(&params);
        self.disabled_actions = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.disabled_support)
            .unwrap_or(false);
        let init = match params.initialization_options {
            None | Some(Value::Null) => InitOptions::default(),
            Some(v) => serde_json::from_value(v).unwrap_or_else(|e| {
                self.log(
                    MessageType::WARNING,
                    format!("replylint: ignoring initializationOptions: {e}"),
                );
                InitOptions::default()
            }),
        };
        self.apply_init_options(init);
        self.phase = Phase::Running;
        if let Err(e) = self.refresh_rules(true) {
            return Err((ErrorCode::InternalError, e.to_string()));
        }
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            ..Default::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "replylint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn apply_init_options(&mut self, init: InitOptions) {
        let root = self.root.clone();
        let dirs = init.rules.into_iter().map(|d| resolve(root.as_deref(), d));
        self.base.sources.dirs.extend(dirs);
        if init.select.is_some() {
            self.base.selection.select = init.select;
        }
        self.base.selection.ignore.extend(init.ignore);
        if let Some(ms) = init.debounce_ms {
            self.debounce = Duration::from_millis(ms);
        }
        self.context = Context::new(
            init.customer_name.as_deref(),
            init.customer_message,
            init.mode.unwrap_or_default(),
        );
    }

    fn code_action(&mut self, p: CodeActionParams) -> Result<Value, (ErrorCode, String)> {
        let uri = p.text_document.uri;
        let actions = match self.docs.get(&uri) {
            None => Vec::new(),
            Some(doc) => {
                if doc.due.is_some() {
                    // The findings are older than the text: lint now so the
                    // edits' ranges match what the editor shows.
                    self.lint_and_publish(&uri)
                        .map_err(|e| (ErrorCode::InternalError, e.to_string()))?;
                }
                let doc = &self.docs[&uri];
                code_actions(
                    &uri,
                    &doc.text,
                    &doc.findings,
                    p.range,
                    self.disabled_actions,
                )
            }
        };
        serde_json::to_value(actions).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    // ---- notifications --------------------------------------------------

    fn on_notification(&mut self, n: Notification) -> Result<(), ServerError> {
        if self.phase != Phase::Running {
            // Before `initialize` and after `shutdown`, notifications are
            // dropped (the spec's rule for everything but `exit`).
            return Ok(());
        }
        let method = n.method.clone();
        let outcome = match method.as_str() {
            "textDocument/didOpen" => {
                notification_params::<DidOpenTextDocumentParams>(n).map(|p| self.did_open(p))
            }
            "textDocument/didChange" => {
                notification_params::<DidChangeTextDocumentParams>(n).map(|p| self.did_change(p))
            }
            "textDocument/didClose" => {
                notification_params::<DidCloseTextDocumentParams>(n).map(|p| self.did_close(p))
            }
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                Ok(self.refresh_rules(true))
            }
            // `initialized`, `didSave`, `$/cancelRequest`, `$/setTrace`...:
            // nothing to do.
            _ => return Ok(()),
        };
        match outcome {
            Ok(result) => result,
            Err(why) => {
                self.log(
                    MessageType::ERROR,
                    format!("replylint: bad `{method}`: {why}"),
                );
                Ok(())
            }
        }
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) -> Result<(), ServerError> {
        let doc = p.text_document;
        self.docs.insert(
            doc.uri,
            Document {
                text: doc.text,
                version: doc.version,
                due: Some(Instant::now()),
                findings: Vec::new(),
            },
        );
        Ok(())
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) -> Result<(), ServerError> {
        let due = Instant::now() + self.debounce;
        let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
            let message = format!(
                "replylint: ignoring a change to {}, which was never opened",
                p.text_document.uri.as_str()
            );
            self.log(MessageType::WARNING, message);
            return Ok(());
        };
        for change in p.content_changes {
            apply_change(&mut doc.text, change);
        }
        doc.version = p.text_document.version;
        doc.due = Some(due);
        Ok(())
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) -> Result<(), ServerError> {
        let uri = p.text_document.uri;
        if self.docs.remove(&uri).is_some() {
            // Clear the closed document's problems from the editor.
            self.publish(uri, Vec::new(), None)?;
        }
        Ok(())
    }

    // ---- rules and linting ----------------------------------------------

    /// Reload the rules when a rule file or the workspace config changed
    /// (or always, with `force`), then relint every open document.
    fn refresh_rules(&mut self, force: bool) -> Result<(), ServerError> {
        // Stat first: the hook (which may parse a config file) and the rule
        // compiler only run when something on disk changed.
        let root = self.root.clone();
        if !force && Fingerprint::of(&self.watched, root.as_deref()) == self.fingerprint {
            return Ok(());
        }
        let config = match (self.config_hook)(root.as_deref(), &self.base) {
            Ok(c) => c,
            Err(why) => {
                self.show(
                    MessageType::ERROR,
                    format!("replylint: {}: {why}", workspace::CONFIG_FILE),
                );
                self.base.clone()
            }
        };
        self.watched = self.base.sources.dirs.clone();
        self.watched.extend(config.sources.dirs.iter().cloned());
        self.fingerprint = Fingerprint::of(&self.watched, root.as_deref());
        match RuleSet::load(&config.sources) {
            Ok(rules) => {
                for unknown in config.selection.unknown_ids(&rules) {
                    self.log(MessageType::WARNING, format!("replylint: {unknown}"));
                }
                self.rules = rules;
                self.selection = config.selection;
                self.rules_loaded = true;
            }
            Err(errors) => {
                self.show(MessageType::ERROR, describe_load_errors(&errors));
                if !self.rules_loaded {
                    // Never lint with nothing: fall back to the built-ins.
                    self.rules = RuleSet::builtin()?;
                    self.selection = config.selection;
                    self.rules_loaded = true;
                }
            }
        }
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.due = Some(doc.due.map_or(now, |t| t.min(now)));
        }
        Ok(())
    }

    fn lint_and_publish(&mut self, uri: &Uri) -> Result<(), ServerError> {
        let Some(doc) = self.docs.get_mut(uri) else {
            return Ok(());
        };
        let linter = Linter::new(&self.rules, &self.selection);
        doc.findings = linter.lint_text(&doc.text, &self.context);
        doc.due = None;
        let diagnostics = diagnostics(uri, &doc.text, &doc.findings);
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version))
    }

    // ---- output ---------------------------------------------------------

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), ServerError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".to_owned(), params).into())
    }

    /// A line in the client's log (`window/logMessage`). Best effort: a
    /// closed connection is noticed by the main loop.
    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        let _ = self.send(Notification::new("window/logMessage".to_owned(), params).into());
    }

    /// A message the user sees (`window/showMessage`), also logged.
    fn show(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams {
            typ,
            message: message.clone(),
        };
        let _ = self.send(Notification::new("window/showMessage".to_owned(), params).into());
        self.log(typ, message);
    }

    fn send(&self, msg: Message) -> Result<(), ServerError> {
        self.conn
            .sender
            .send(msg)
            .map_err(|_| ServerError::Disconnected)
    }
}

type Failure = (ErrorCode, String);

fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, Failure> {
    serde_json::from_value(req.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("bad params for `{}`: {e}", req.method),
        )
    })
}

fn notification_params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, String> {
    serde_json::from_value(n.params).map_err(|e| e.to_string())
}

/// The workspace root: the first workspace folder, else the deprecated
/// `rootUri`.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return workspace::uri_to_path(folder.uri.as_str());
    }
    #[allow(deprecated)]
    params
        .root_uri
        .as_ref()
        .and_then(|u| workspace::uri_to_path(u.as_str()))
}

fn describe_load_errors(errors: &LoadErrors) -> String {
    let mut out = format!(
        "replylint: {} problem(s) in rule files; the previous rules stay in force:",
        errors.errors.len()
    );
    for e in &errors.errors {
        match e.line_col() {
            Some((line, col)) => out.push_str(&format!("\n{}:{line}:{col}: {}", e.path, e.message)),
            None => out.push_str(&format!("\n{}: {}", e.path, e.message)),
        }
    }
    out
}

// ---- conversions (pure, unit-tested) ------------------------------------

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn lsp_position(p: json::Position) -> Position {
    Position {
        line: to_u32(p.line.saturating_sub(1)),
        character: to_u32(p.column_utf16.saturating_sub(1)),
    }
}

/// The LSP range of byte span `start..end` of `text`.
fn lsp_range(text: &str, index: &LineIndex, start: usize, end: usize) -> Range {
    let pos = |offset| {
        let p = index.position(text, offset);
        lsp_position(json::Position {
            line: p.line,
            column: p.column,
            column_utf16: p.column_utf16,
        })
    };
    Range {
        start: pos(start),
        end: pos(end),
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP diagnostics of `findings` in `text`.
pub(crate) fn diagnostics(uri: &Uri, text: &str, findings: &[Finding]) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    findings
        .iter()
        .map(|f| diagnostic(uri, text, &index, f))
        .collect()
}

fn diagnostic(uri: &Uri, text: &str, index: &LineIndex, finding: &Finding) -> Diagnostic {
    let d = json::Diagnostic::new(uri.as_str(), text, index, finding, None);
    let message = if d.help.trim().is_empty() {
        d.message
    } else {
        format!("{}\nhelp: {}", d.message, d.help.trim())
    };
    Diagnostic {
        range: Range {
            start: lsp_position(d.start),
            end: lsp_position(d.end),
        },
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule)),
        source: Some(SOURCE.to_owned()),
        message,
        ..Default::default()
    }
}

/// Quick fixes for the suggestions of the findings that touch `range`.
/// Safe edits are preferred; display-only suggestions carry no edit and
/// are shown disabled when the client supports that, else left out.
pub(crate) fn code_actions(
    uri: &Uri,
    text: &str,
    findings: &[Finding],
    range: Range,
    disabled_support: bool,
) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(text);
    let mut actions = Vec::new();
    for finding in findings {
        let diag = diagnostic(uri, text, &index, finding);
        let touches = diag.range.start <= range.end && range.start <= diag.range.end;
        if !touches {
            continue;
        }
        for s in &finding.suggestions {
            if let Some(action) = code_action(uri, text, &index, &diag, s, disabled_support) {
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    actions
}

fn code_action(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    diag: &Diagnostic,
    s: &Suggestion,
    disabled_support: bool,
) -> Option<CodeAction> {
    let mut action = CodeAction {
        title: s.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        ..Default::default()
    };
    match s.applicability {
        Applicability::Safe | Applicability::Unsafe => {
            action.edit = Some(suggestion_edit(uri, text, index, s));
            action.is_preferred = Some(s.applicability == Applicability::Safe);
        }
        Applicability::DisplayOnly if disabled_support => {
            action.disabled = Some(CodeActionDisabled {
                reason: "needs a person to write it; replylint cannot".to_owned(),
            });
        }
        Applicability::DisplayOnly => return None,
    }
    Some(action)
}

/// The workspace edit that applies suggestion `s` to `text`.
pub(crate) fn suggestion_edit(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    s: &Suggestion,
) -> WorkspaceEdit {
    let edit = TextEdit {
        range: lsp_range(text, index, s.span.start, s.span.end),
        new_text: s.replacement.clone(),
    };
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..Default::default()
    }
}

/// The byte offset of LSP position `pos` in `text`, clamped to the end of
/// its line (and of the text), never inside a character.
pub(crate) fn byte_offset(text: &str, pos: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        if units >= pos.character {
            return line_start + i;
        }
        units += to_u32(c.len_utf16());
        if units > pos.character {
            // Inside a surrogate pair: stay before the character.
            return line_start + i;
        }
    }
    line_start + line.len()
}

/// Apply one content change: a range edit, or the whole text.
fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let start = byte_offset(text, range.start);
            let end = byte_offset(text, range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// Relative rule directories in `initializationOptions` are relative to
/// the workspace root.
fn resolve(root: Option<&Path>, dir: PathBuf) -> PathBuf {
    match root {
        Some(root) if dir.is_relative() => root.join(dir),
        _ => dir,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri() -> Uri {
        Uri::from_str("file:///tmp/reply.txt").unwrap()
    }

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn converts_a_suggestion_after_emoji_and_accents_into_utf16_ranges() {
        // "😀" is 4 bytes / 2 UTF-16 units, "é" 2 bytes / 1 unit.
        let text = "Hi Zoë 😀,\nRené 😀 said!! ok";
        let bangs = text.find("!!").unwrap();
        let finding = Finding {
            rule: "shouting".into(),
            severity: Severity::Warning,
            span: bangs..bangs + 2,
            message: "Repeated exclamation marks".into(),
            label: None,
            help: "Use one.".into(),
            matched: "!!".into(),
            item: None,
            suggestions: vec![
                Suggestion {
                    title: "Use one exclamation mark".into(),
                    span: bangs..bangs + 2,
                    replacement: "!".into(),
                    applicability: Applicability::Safe,
                },
                Suggestion {
                    title: "Add an apology".into(),
                    span: 0..0,
                    replacement: String::new(),
                    applicability: Applicability::DisplayOnly,
                },
            ],
        };
        // Line 1: "René 😀 said" = R,e,n,é,space (5) + 😀 (2) + " said" (5) = 12.
        let expected = Range {
            start: pos(1, 12),
            end: pos(1, 14),
        };
        let whole = Range {
            start: pos(0, 0),
            end: pos(2, 0),
        };
        let actions = code_actions(&uri(), text, std::slice::from_ref(&finding), whole, false);
        assert_eq!(
            actions.len(),
            1,
            "display-only is left out without disabledSupport"
        );
        let CodeActionOrCommand::CodeAction(action) = &actions[0] else {
            panic!("a code action");
        };
        assert_eq!(action.title, "Use one exclamation mark");
        assert_eq!(action.is_preferred, Some(true));
        let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri()];
        assert_eq!(
            edits,
            &vec![TextEdit {
                range: expected,
                new_text: "!".into()
            }]
        );
        let diag = &action.diagnostics.as_ref().unwrap()[0];
        assert_eq!(diag.range, expected);
        assert_eq!(diag.code, Some(NumberOrString::String("shouting".into())));
        // The edit's range maps back to the same bytes.
        assert_eq!(byte_offset(text, expected.start), bangs);
        assert_eq!(byte_offset(text, expected.end), bangs + 2);

        let with_disabled = code_actions(&uri(), text, std::slice::from_ref(&finding), whole, true);
        assert_eq!(with_disabled.len(), 2);
        let CodeActionOrCommand::CodeAction(shown) = &with_disabled[1] else {
            panic!("a code action");
        };
        assert!(shown.edit.is_none() && shown.disabled.is_some());

        let elsewhere = Range {
            start: pos(0, 0),
            end: pos(0, 3),
        };
        assert!(code_actions(&uri(), text, &[finding], elsewhere, true).is_empty());
    }

    #[test]
    fn unsafe_suggestions_are_offered_but_not_preferred() {
        let text = "Calm down, please.";
        let finding = Finding {
            rule: "condescending".into(),
            severity: Severity::Error,
            span: 0..9,
            message: "m".into(),
            label: None,
            help: String::new(),
            matched: "Calm down".into(),
            item: None,
            suggestions: vec![Suggestion {
                title: "Acknowledge instead".into(),
                span: 0..9,
                replacement: "I understand".into(),
                applicability: Applicability::Unsafe,
            }],
        };
        let range = Range {
            start: pos(0, 2),
            end: pos(0, 2),
        };
        let actions = code_actions(&uri(), text, &[finding], range, false);
        let CodeActionOrCommand::CodeAction(action) = &actions[0] else {
            panic!("a code action");
        };
        assert_eq!(action.is_preferred, Some(false));
        let diag = &action.diagnostics.as_ref().unwrap()[0];
        assert_eq!(diag.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(diag.message, "m", "no empty help line");
    }

    #[test]
    fn byte_offsets_from_utf16_positions() {
        let text = "a😀b\nçd";
        assert_eq!(byte_offset(text, pos(0, 0)), 0);
        assert_eq!(byte_offset(text, pos(0, 1)), 1);
        assert_eq!(byte_offset(text, pos(0, 2)), 1, "inside the surrogate pair");
        assert_eq!(byte_offset(text, pos(0, 3)), 5);
        assert_eq!(byte_offset(text, pos(0, 99)), 6, "clamped to the line end");
        assert_eq!(byte_offset(text, pos(1, 1)), 9);
        assert_eq!(byte_offset(text, pos(7, 0)), text.len());
    }

    #[test]
    fn applies_ranged_and_full_changes() {
        let mut text = "Hi Zoë, we can't.".to_owned();
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(Range {
                    start: pos(0, 3),
                    end: pos(0, 6),
                }),
                range_length: None,
                text: "René".into(),
            },
        );
        assert_eq!(text, "Hi René, we can't.");
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            },
        );
        assert_eq!(text, "new");
    }

    #[test]
    fn info_maps_to_information() {
        assert_eq!(severity(Severity::Info), DiagnosticSeverity::INFORMATION);
    }
}
