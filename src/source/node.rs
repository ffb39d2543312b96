//! [`Node`]: the located tree that the JSON scanner and the YAML reader both
//! produce, and the collection logic shared by every structured format:
//! where the list of replies is, which key holds a title and which the body,
//! and an item's `replylint:` settings.

use std::ops::Range;

use crate::draft::Mode;
use crate::source::map::Located;
use crate::source::{html, CollectionKeys, ItemSettings};

/// A mapping key and the byte offset where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) pos: usize,
}

/// A value with its position in the file.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A mapping, in file order, and where it starts.
    Map(Vec<(Key, Node)>, usize),
    /// A list and where it starts.
    Seq(Vec<Node>, usize),
    /// A string: decoded text with per-char sources, and the raw token.
    Str(Located, Range<usize>),
    /// A number, boolean or null.
    Other(Range<usize>),
}

impl Node {
    pub(crate) fn pos(&self) -> usize {
        match self {
            Node::Map(_, p) | Node::Seq(_, p) => *p,
            Node::Str(_, r) | Node::Other(r) => r.start,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries, _) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&Located> {
        match self {
            Node::Str(l, _) => Some(l),
            _ => None,
        }
    }
}

/// One reply found in a structured file, before it becomes an `Item`.
#[derive(Debug, Clone)]
pub(crate) struct RawItem {
    pub(crate) title: Option<String>,
    pub(crate) body: Located,
    /// Where the body's value starts (for an empty body).
    pub(crate) pos: usize,
    pub(crate) customer_name: Option<String>,
    pub(crate) settings: ItemSettings,
}

/// A problem with an item's `replylint:` settings, at a byte offset.
#[derive(Debug, Clone)]
pub(crate) struct NodeError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Keys that hold the list of replies when the file is a mapping.
const LIST_KEYS: &[&str] = &[
    "replies",
    "macros",
    "items",
    "responses",
    "templates",
    "snippets",
    "saved_replies",
    "cannedResponses",
    "canned_responses",
];

/// The replies in a structured file, or `None` when no shape matched.
pub(crate) fn collection(
    root: &Node,
    keys: &CollectionKeys,
) -> Result<Option<Vec<RawItem>>, NodeError> {
    // A Zendesk export: {"macros": [{"title", "actions": [...]}]} or one
    // {"macro": {...}}.
    if let Some(items) = crate::source::zendesk::macros(root, keys)? {
        return Ok(Some(items));
    }
    match root {
        Node::Seq(list, _) => list_items(list, keys, None).map(Some),
        Node::Map(entries, _) => {
            // A list of items under a known key, then under any key.
            let lists = LIST_KEYS
                .iter()
                .filter_map(|k| root.get(k))
                .chain(entries.iter().map(|(_, v)| v));
            for v in lists {
                if let Node::Seq(list, _) = v {
                    if list.iter().any(|n| is_item(n, keys)) {
                        return list_items(list, keys, None).map(Some);
                    }
                }
            }
            // A mapping of name -> item (label-actions, wporg replies).
            if entries.iter().any(|(_, v)| is_item(v, keys)) {
                let mut out = Vec::new();
                for (k, v) in entries {
                    if is_item(v, keys) {
                        out.extend(item(v, keys, Some(&k.name))?);
                    }
                }
                return Ok(Some(out));
            }
            // Body keys at the top (a probot `stale.yml`): each is an item
            // named by its key.
            let mut out = Vec::new();
            for (k, v) in entries {
                if keys.body.contains(&k.name) {
                    if let Some(body) = v.as_str() {
                        out.push(RawItem {
                            title: Some(k.name.clone()),
                            body: body_text(body),
                            pos: v.pos(),
                            customer_name: None,
                            settings: ItemSettings::default(),
                        });
                    }
                }
            }
            Ok((!out.is_empty()).then_some(out))
        }
        _ => Ok(None),
    }
}

fn list_items(
    list: &[Node],
    keys: &CollectionKeys,
    title: Option<&str>,
) -> Result<Vec<RawItem>, NodeError> {
    let mut out = Vec::new();
    for n in list {
        out.extend(item(n, keys, title)?);
    }
    Ok(out)
}

/// Whether `node` is a mapping with a string body.
fn is_item(node: &Node, keys: &CollectionKeys) -> bool {
    keys.body
        .iter()
        .any(|k| node.get(k).and_then(Node::as_str).is_some())
}

/// The item in `node`, if it has a body; `fallback_title` is the mapping key
/// it was found under.
fn item(
    node: &Node,
    keys: &CollectionKeys,
    fallback_title: Option<&str>,
) -> Result<Option<RawItem>, NodeError> {
    let Some(body_node) = keys
        .body
        .iter()
        .find_map(|k| node.get(k).filter(|v| v.as_str().is_some()))
    else {
        return Ok(None);
    };
    let Some(body) = body_node.as_str() else {
        return Ok(None);
    };
    let title = keys
        .title
        .iter()
        .find_map(|k| node.get(k).and_then(Node::as_str))
        .map(|l| l.text().trim().to_owned())
        .or_else(|| fallback_title.map(str::to_owned));
    let customer_name = ["customer_name", "customer-name"]
        .iter()
        .find_map(|k| node.get(k).and_then(Node::as_str))
        .map(|l| l.text().trim().to_owned());
    let settings = match node.get("replylint") {
        Some(s) => settings(s)?,
        None => ItemSettings::default(),
    };
    Ok(Some(RawItem {
        title,
        body: body_text(body),
        pos: body_node.pos(),
        customer_name,
        settings,
    }))
}

/// A body as the linter must see it: HTML turned into text when it is HTML.
pub(crate) fn body_text(body: &Located) -> Located {
    if html::looks_like_html(body.text()) {
        html::to_text(body)
    } else {
        body.clone()
    }
}

/// `replylint: {ignore: [ids], reason: "...", mode: template}`; unknown keys
/// and wrong types are errors at their position.
pub(crate) fn settings(node: &Node) -> Result<ItemSettings, NodeError> {
    let err = |offset: usize, message: String| NodeError { offset, message };
    let Node::Map(entries, _) = node else {
        return Err(err(
            node.pos(),
            "`replylint` must be a mapping with `ignore`, `reason` or `mode`".into(),
        ));
    };
    let mut s = ItemSettings::default();
    for (k, v) in entries {
        match k.name.as_str() {
            "ignore" => match v {
                Node::Str(l, _) => s.ignore.push(l.text().trim().to_owned()),
                Node::Seq(list, _) => {
                    for id in list {
                        match id {
                            Node::Str(l, _) => s.ignore.push(l.text().trim().to_owned()),
                            other => {
                                return Err(err(other.pos(), "a rule id must be a string".into()))
                            }
                        }
                    }
                }
                other => {
                    return Err(err(
                        other.pos(),
                        "`ignore` must be a rule id or a list of rule ids".into(),
                    ))
                }
            },
            "reason" => match v {
                Node::Str(l, _) => s.reason = Some(l.text().trim().to_owned()),
                other => return Err(err(other.pos(), "`reason` must be a string".into())),
            },
            "mode" => match v {
                Node::Str(l, _) => {
                    let mode: Mode = l.text().trim().parse().map_err(|m| err(v.pos(), m))?;
                    s.mode = Some(mode);
                }
                other => {
                    return Err(err(
                        other.pos(),
                        "`mode` must be `draft` or `template`".into(),
                    ))
                }
            },
            other => {
                return Err(err(
                    k.pos,
                    format!(
                        "unknown key `{other}` in `replylint` settings (expected `ignore`, `reason` or `mode`)"
                    ),
                ))
            }
        }
    }
    Ok(s)
}
