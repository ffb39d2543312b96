//! `replylint mcp`: a Model Context Protocol server over stdio (newline-
//! delimited JSON-RPC, the official `rmcp` SDK), so an AI agent can check a
//! draft before sending it.
//!
//! Two tools:
//! - `check_reply` {text, customer_name?, customer_message?, mode?, select?}
//!   answers with the JSON contract of [`report::json`](crate::report::json),
//!   `{"version": 1, "diagnostics": [...]}`, both as text and as structured
//!   content;
//! - `explain_rule` {id} answers with the rule's own documentation (what it
//!   flags, why it hurts, what to write instead, examples).
//!
//! The rule set is compiled once, before the handshake; a call only builds a
//! [`Linter`] (a filtered list of references) and lints. A mistake by the
//! caller (an unknown rule id) is a tool error with a "did you mean" hint,
//! which the agent sees, not a protocol error, which it would not.

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::schemars::{self, JsonSchema};
use rmcp::{tool, tool_handler, tool_router, ServerHandler, ServiceExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::draft::{Context, Mode};
use crate::linter::Linter;
use crate::position::LineIndex;
use crate::report::json::{self as contract, Diagnostic};
use crate::rule::{Example, RuleSet, Selection};
use crate::server::ServerError;

/// The `path` of every diagnostic: the reply has no file.
pub const REPLY_PATH: &str = "<reply>";

/// Serve MCP on stdin/stdout with `rules` until the client disconnects.
pub fn run_stdio(rules: RuleSet) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let service = ReplyLintMcp::new(rules)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| ServerError::Mcp(e.to_string()))?;
        service
            .waiting()
            .await
            .map_err(|e| ServerError::Mcp(e.to_string()))?;
        Ok(())
    })
}

/// `draft` or `template`, as the tools accept it.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModeArg {
    /// A reply about to be sent: template slots are mistakes.
    Draft,
    /// A canned response: the platform's placeholders are expected.
    Template,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Draft => Mode::Draft,
            ModeArg::Template => Mode::Template,
        }
    }
}

/// Input of `check_reply`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckReplyInput {
    /// The reply draft to check, as it would be sent.
    pub text: String,
    /// The customer's name, when known (enables the name rules).
    #[serde(default)]
    pub customer_name: Option<String>,
    /// The customer's message this reply answers (their name and mood are read from it).
    #[serde(default)]
    pub customer_message: Option<String>,
    /// `draft` (default): a reply about to be sent; `template`: a canned response with placeholders.
    #[serde(default)]
    pub mode: Option<ModeArg>,
    /// Only run these rule ids (default: every rule).
    #[serde(default)]
    pub select: Option<Vec<String>>,
}

/// Input of `explain_rule`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainRuleInput {
    /// The rule id, e.g. `flat-no`.
    pub id: String,
}

/// What `explain_rule` answers.
#[derive(Debug, Serialize)]
struct Explanation<'a> {
    id: &'a str,
    severity: &'static str,
    summary: &'a str,
    description: &'a str,
    why: &'a str,
    help: &'a str,
    examples: Examples<'a>,
}

#[derive(Debug, Serialize)]
struct Examples<'a> {
    flag: Vec<ExampleOut<'a>>,
    pass: Vec<ExampleOut<'a>>,
}

#[derive(Debug, Serialize)]
struct ExampleOut<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_name: Option<&'a str>,
}

fn examples(list: &[Example]) -> Vec<ExampleOut<'_>> {
    list.iter()
        .map(|e| ExampleOut {
            text: &e.text,
            note: e.note.as_deref(),
            customer_name: e.customer_name.as_deref(),
        })
        .collect()
}

/// The MCP service: the compiled rules and the tool table.
#[derive(Debug, Clone)]
pub struct ReplyLintMcp {
    rules: Arc<RuleSet>,
    tool_router: ToolRouter<Self>,
}

#[tool_router]
impl ReplyLintMcp {
    /// Serve `rules` (compiled once, shared by every call).
    pub fn new(rules: RuleSet) -> Self {
        ReplyLintMcp {
            rules: Arc::new(rules),
            tool_router: Self::tool_router(),
        }
    }

    /// Check a customer-support reply draft.
    #[tool(
        description = "Check a customer-support reply draft before sending it. Returns the problems found (flat refusals, vague promises, defensive language, missing apology, unused customer name, ...) as JSON: {\"version\":1,\"diagnostics\":[{rule, severity, message, help, span (bytes), start/end (line, column, column_utf16), matched, suggestions}]}. An empty list means the draft is fine."
    )]
    pub fn check_reply(&self, Parameters(input): Parameters<CheckReplyInput>) -> CallToolResult {
        match self.check(input) {
            Ok(doc) => CallToolResult::structured(doc),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        }
    }

    /// Explain one rule.
    #[tool(
        description = "Explain a replylint rule by id: what it flags, why it hurts the customer, what to write instead, and examples that are and are not flagged."
    )]
    pub fn explain_rule(&self, Parameters(input): Parameters<ExplainRuleInput>) -> CallToolResult {
        match self.explain(&input.id) {
            Ok(v) => CallToolResult::structured(v),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        }
    }
}

impl ReplyLintMcp {
    /// The `check_reply` answer, or a message for the caller.
    pub fn check(&self, input: CheckReplyInput) -> Result<Value, String> {
        let selection = Selection {
            select: input.select,
            ..Selection::default()
        };
        let unknown = selection.unknown_ids(&self.rules);
        if !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(ToString::to_string).collect();
            return Err(format!(
                "{} in `select`; `explain_rule` or `replylint rules` lists the ids",
                list.join(", ")
            ));
        }
        let context = Context::new(
            input.customer_name.as_deref(),
            input.customer_message,
            input.mode.map(Mode::from).unwrap_or_default(),
        );
        let findings = Linter::new(&self.rules, &selection).lint_text(&input.text, &context);
        let index = LineIndex::new(&input.text);
        let diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|f| Diagnostic::new(REPLY_PATH, &input.text, &index, f, None))
            .collect();
        Ok(json!({"version": contract::VERSION, "diagnostics": diagnostics}))
    }

    /// The `explain_rule` answer, or a message for the caller.
    pub fn explain(&self, id: &str) -> Result<Value, String> {
        let Some(rule) = self.rules.get(id) else {
            let hint = self
                .rules
                .suggest(id)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown rule `{id}`{hint}; the rules are: {}",
                self.rules
                    .rules()
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        let explanation = Explanation {
            id: &rule.id,
            severity: rule.severity.as_str(),
            summary: rule.summary(),
            description: rule.description.trim(),
            why: rule.why.trim(),
            help: rule.help.trim(),
            examples: Examples {
                flag: examples(&rule.flag_examples),
                pass: examples(&rule.pass_examples),
            },
        };
        serde_json::to_value(explanation).map_err(|e| e.to_string())
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for ReplyLintMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("replylint", env!("CARGO_PKG_VERSION"))
                    .with_description("A linter for customer-support replies"),
            )
            .with_instructions(
                "Call check_reply with a reply draft (and the customer's name and message when \
                 known) before sending it; fix what it reports, then check again. \
                 explain_rule gives the reasoning and advice behind a rule id.",
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> ReplyLintMcp {
        ReplyLintMcp::new(RuleSet::builtin().unwrap())
    }

    fn input(text: &str) -> CheckReplyInput {
        CheckReplyInput {
            text: text.into(),
            customer_name: None,
            customer_message: None,
            mode: None,
            select: None,
        }
    }

    #[test]
    fn check_returns_the_json_contract() {
        let doc = server()
            .check(input("We can't refund this order."))
            .unwrap();
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["diagnostics"][0]["rule"], "flat-no");
        assert_eq!(doc["diagnostics"][0]["path"], REPLY_PATH);
    }

    #[test]
    fn unknown_selected_rule_is_a_caller_error_with_a_hint() {
        let mut i = input("x");
        i.select = Some(vec!["flat-n".into()]);
        let err = server().check(i).unwrap_err();
        assert!(err.contains("did you mean `flat-no`"), "{err}");
    }

    #[test]
    fn explain_unknown_rule_suggests_the_closest() {
        let err = server().explain("vague-promis").unwrap_err();
        assert!(err.contains("did you mean `vague-promise`"), "{err}");
        let ok = server().explain("flat-no").unwrap();
        assert_eq!(ok["severity"], "warning");
        assert!(!ok["examples"]["flag"].as_array().unwrap().is_empty());
    }
}
