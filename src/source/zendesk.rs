//! Zendesk macro exports: `{"macros": [{"title", "actions": [{"field":
//! "comment_value", "value": ...}]}]}` as the API's list endpoint returns
//! them, one `{"macro": {...}}`, or a bare list of macros.
//!
//! The reply is the `comment_value_html` action when there is one (what the
//! agent's comment becomes), else `comment_value`; its value is a string or
//! a `["channel:all", "text"]` pair, plain text or HTML. Macros that only set
//! fields (no comment action) are not replies and are skipped.

use crate::source::map::Located;
use crate::source::node::{body_text, settings, Node, NodeError, RawItem};
use crate::source::{CollectionKeys, ItemSettings};

/// The comment fields, preferred first.
const FIELDS: &[&str] = &["comment_value_html", "comment_value"];

/// The macros in `root`, or `None` when it is not a Zendesk export.
pub(crate) fn macros(
    root: &Node,
    keys: &CollectionKeys,
) -> Result<Option<Vec<RawItem>>, NodeError> {
    let list: Vec<&Node> = match root {
        Node::Map(..) => match (root.get("macros"), root.get("macro")) {
            (Some(Node::Seq(list, _)), _) => list.iter().collect(),
            (_, Some(m @ Node::Map(..))) => vec![m],
            _ => return Ok(None),
        },
        Node::Seq(list, _) => list.iter().collect(),
        _ => return Ok(None),
    };
    if !list
        .iter()
        .any(|m| matches!(m.get("actions"), Some(Node::Seq(..))))
    {
        return Ok(None);
    }
    let mut out = Vec::new();
    for m in list {
        let Some((body, pos)) = comment(m) else {
            continue;
        };
        let title = keys
            .title
            .iter()
            .map(String::as_str)
            .chain(["raw_title"])
            .find_map(|k| match m.get(k) {
                Some(Node::Str(l, _)) => Some(l.text().trim().to_owned()),
                _ => None,
            });
        let settings = match m.get("replylint") {
            Some(s) => settings(s)?,
            None => ItemSettings::default(),
        };
        out.push(RawItem {
            title,
            body: body_text(body),
            pos,
            customer_name: None,
            settings,
        });
    }
    Ok(Some(out))
}

/// The macro's comment text and where its value starts.
fn comment(m: &Node) -> Option<(&Located, usize)> {
    let Some(Node::Seq(actions, _)) = m.get("actions") else {
        return None;
    };
    FIELDS.iter().find_map(|field| {
        actions.iter().find_map(|a| {
            let is_field = matches!(a.get("field"), Some(Node::Str(l, _)) if l.text() == *field);
            if !is_field {
                return None;
            }
            match a.get("value")? {
                Node::Str(l, r) => Some((l, r.start)),
                // ["channel:all", "text"]: the text is the last string.
                Node::Seq(parts, _) => parts.iter().rev().find_map(|p| match p {
                    Node::Str(l, r) => Some((l, r.start)),
                    _ => None,
                }),
                _ => None,
            }
        })
    })
}
