//! YAML files: serde_yaml decides what the document *means*; a small
//! block-YAML scanner finds where each string *is* and decodes it char by
//! char with its source bytes, so findings land on the right line and column.
//!
//! The scanner follows the constructs canned-response files use: block
//! mappings and sequences (compact `- key: value` items too), complex keys
//! (`? 'TYPE: question'` / `:`), plain multi-line scalars, single- and
//! double-quoted scalars with escapes and line folding, literal `|` and folded
//! `>` block scalars with chomping (`-`, `+`) and indentation indicators.
//! Every string it decodes is compared with serde_yaml's value; when they
//! differ, or the construct is too exotic (flow collections `[...]`/`{...}`,
//! aliases, tags on strings, multi-line keys), the string gets an
//! *approximate* map that points every offset at the start of the value, so
//! a finding is reported on the value's first line rather than at a wrong
//! place. [`OffsetMap::is_exact`](crate::source::OffsetMap::is_exact) says
//! which happened.

use serde_yaml::Value;

use crate::source::map::Located;
use crate::source::node::{Key, Node};

/// Parse `text`; errors are (byte offset, message).
pub(crate) fn parse(text: &str) -> Result<Node, (usize, String)> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index()).min(text.len());
        let msg = e.to_string();
        let msg = match msg.find(" at line ") {
            Some(i) => msg[..i].to_owned(),
            None => msg,
        };
        (crate::position::floor_char_boundary(text, offset), msg)
    })?;
    let scanned = Scanner::new(text).document();
    Ok(bridge(text, &value, scanned.as_ref(), 0))
}

/// Pair serde_yaml's value with the scanner's located node at the same place.
fn bridge(text: &str, value: &Value, scanned: Option<&Node>, fallback: usize) -> Node {
    let pos = scanned.map_or(fallback, Node::pos);
    match value {
        Value::Tagged(t) => bridge(text, &t.value, scanned, fallback),
        Value::Mapping(m) => {
            let located: &[(Key, Node)] = match scanned {
                Some(Node::Map(entries, _)) => entries,
                _ => &[],
            };
            let mut used = vec![false; located.len()];
            let mut entries = Vec::new();
            for (k, v) in m {
                let name = key_name(k);
                let found = located
                    .iter()
                    .enumerate()
                    .find(|(i, (lk, _))| !used[*i] && lk.name == name);
                let (key_pos, child) = match found {
                    Some((i, (lk, ln))) => {
                        used[i] = true;
                        (lk.pos, Some(ln))
                    }
                    None => (pos, None),
                };
                let node = bridge(text, v, child, key_pos);
                entries.push((Key { name, pos: key_pos }, node));
            }
            Node::Map(entries, pos)
        }
        Value::Sequence(list) => {
            let located: &[Node] = match scanned {
                Some(Node::Seq(items, _)) => items,
                _ => &[],
            };
            let items = list
                .iter()
                .enumerate()
                .map(|(i, v)| bridge(text, v, located.get(i), pos))
                .collect();
            Node::Seq(items, pos)
        }
        Value::String(s) => match scanned {
            Some(Node::Str(l, r)) if l.text() == s => Node::Str(l.clone(), r.clone()),
            _ => {
                // Too exotic to follow: point at the value's first line.
                let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
                let mut l = Located::new();
                for c in s.chars() {
                    l.push(c, pos..line_end);
                }
                Node::Str(l, pos..line_end)
            }
        },
        _ => Node::Other(pos..pos),
    }
}

fn key_name(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        Value::Tagged(t) => key_name(&t.value),
        other => format!("{other:?}"),
    }
}

/// One line: its start, the end of its content (before `\r\n` / `\n`) and
/// the end of its line break.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

struct Scanner<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// Guards against runaway recursion on hostile input.
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let (end, next) = match text[start..].find('\n') {
                Some(i) => {
                    let nl = start + i;
                    let end = if nl > start && text.as_bytes()[nl - 1] == b'\r' {
                        nl - 1
                    } else {
                        nl
                    };
                    (end, nl + 1)
                }
                None => (text.len(), text.len()),
            };
            lines.push(Line { start, end, next });
            start = next;
        }
        Scanner {
            text,
            lines,
            depth: 0,
        }
    }

    fn content(&self, l: usize) -> &'a str {
        let line = self.lines[l];
        &self.text[line.start..line.end]
    }

    fn indent(&self, l: usize) -> usize {
        let c = self.content(l);
        c.len() - c.trim_start_matches(' ').len()
    }

    fn is_blank_or_comment(&self, l: usize) -> bool {
        let t = self.content(l).trim_start();
        t.is_empty() || t.starts_with('#')
    }

    /// The first line at or after `l` with content.
    fn next_significant(&self, mut l: usize) -> Option<usize> {
        while l < self.lines.len() {
            if !self.is_blank_or_comment(l) {
                return Some(l);
            }
            l += 1;
        }
        None
    }

    fn document(&mut self) -> Option<Node> {
        let mut l = self.next_significant(0)?;
        if self.content(l).trim_end() == "---" {
            l = self.next_significant(l + 1)?;
        }
        let (node, _) = self.node(l, self.indent(l), -1)?;
        Some(node)
    }

    /// The node whose first token is at column `col` of line `l`, inside a
    /// parent at indent `parent`. Returns the node and the next line.
    fn node(&mut self, l: usize, col: usize, parent: isize) -> Option<(Node, usize)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let rest = &self.content(l)[col..];
        let out = if is_seq_entry(rest) {
            self.sequence(l, col)
        } else if rest.starts_with("? ") || rest == "?" || split_key(rest).is_some() {
            self.mapping(l, col)
        } else {
            self.value(l, col, parent)
        };
        self.depth -= 1;
        out
    }

    fn sequence(&mut self, mut l: usize, col: usize) -> Option<(Node, usize)> {
        let pos = self.lines[l].start + col;
        let mut items = Vec::new();
        loop {
            let line = self.content(l);
            let after = col + 1 + count_spaces(&line[col + 1..]);
            let (item, next) = if line[after..].is_empty() || line[after..].starts_with('#') {
                match self.next_significant(l + 1) {
                    Some(nl) if self.indent(nl) > col => {
                        let ind = self.indent(nl);
                        self.node(nl, ind, col as isize)?
                    }
                    _ => (Node::Other(pos..pos), l + 1),
                }
            } else {
                self.node(l, after, col as isize)?
            };
            items.push(item);
            match self.next_significant(next) {
                Some(nl) if self.indent(nl) == col && is_seq_entry(&self.content(nl)[col..]) => {
                    l = nl;
                }
                _ => return Some((Node::Seq(items, pos), next)),
            }
        }
    }

    fn mapping(&mut self, mut l: usize, col: usize) -> Option<(Node, usize)> {
        let pos = self.lines[l].start + col;
        let mut entries = Vec::new();
        loop {
            let line = self.content(l);
            let rest = &line[col..];
            let key_pos = self.lines[l].start + col;
            let (name, value_line, value_col) = if rest.starts_with("? ") || rest == "?" {
                // A complex key on one line, then `:` at the same indent.
                let kcol = col + 1 + count_spaces(&rest[1..]);
                let (k, _) = self.value(l, kcol, col as isize)?;
                let name = match k {
                    Node::Str(s, _) => s.text().to_owned(),
                    _ => return None,
                };
                let cl = self.next_significant(l + 1)?;
                let cline = self.content(cl);
                if self.indent(cl) != col || !cline[col..].starts_with(':') {
                    return None;
                }
                (name, cl, col + 1)
            } else {
                let (key, after) = split_key(rest)?;
                (key, l, col + after)
            };
            let vline = self.content(value_line);
            let vcol = value_col + count_spaces(&vline[value_col..]);
            let (value, next) = if vline[vcol..].is_empty() || vline[vcol..].starts_with('#') {
                match self.next_significant(value_line + 1) {
                    Some(nl)
                        if self.indent(nl) > col
                            || (self.indent(nl) == col
                                && is_seq_entry(&self.content(nl)[col..])) =>
                    {
                        let ind = self.indent(nl);
                        self.node(nl, ind, col as isize)?
                    }
                    _ => (Node::Other(key_pos..key_pos), value_line + 1),
                }
            } else {
                self.value(value_line, vcol, col as isize)?
            };
            entries.push((Key { name, pos: key_pos }, value));
            match self.next_significant(next) {
                Some(nl) if self.indent(nl) == col && !is_seq_entry(&self.content(nl)[col..]) => {
                    l = nl;
                }
                _ => return Some((Node::Map(entries, pos), next)),
            }
        }
    }

    /// A scalar (or a flow collection, skipped) at column `col` of line `l`.
    fn value(&mut self, l: usize, mut col: usize, parent: isize) -> Option<(Node, usize)> {
        let line = self.content(l);
        // Anchors and tags before a value: skip them.
        while line[col..].starts_with('&') || line[col..].starts_with('!') {
            let len = line[col..].find(' ').unwrap_or(line.len() - col);
            col += len;
            col += count_spaces(&line[col..]);
            if col >= line.len() {
                return None;
            }
        }
        let start = self.lines[l].start + col;
        match line.as_bytes().get(col)? {
            b'|' | b'>' => self.block_scalar(l, col, parent),
            b'"' => self.quoted(l, col, true),
            b'\'' => self.quoted(l, col, false),
            b'[' | b'{' => Some((Node::Other(start..start), self.skip_flow(l, col))),
            b'*' => Some((Node::Other(start..start), l + 1)),
            _ => Some(self.plain(l, col, parent, start)),
        }
    }

    fn plain(&self, l: usize, col: usize, parent: isize, start: usize) -> (Node, usize) {
        let mut out = Located::new();
        let first = strip_comment(&self.content(l)[col..]).trim_end();
        out.push_verbatim(first, start);
        let mut next = l + 1;
        let mut blanks: Vec<usize> = Vec::new();
        let mut cur = l + 1;
        while cur < self.lines.len() {
            let c = self.content(cur);
            if c.trim().is_empty() {
                blanks.push(cur);
                cur += 1;
                continue;
            }
            let ind = self.indent(cur);
            let t = c.trim_start();
            if (ind as isize) <= parent || t.starts_with('#') || c == "---" || c == "..." {
                break;
            }
            // Fold: one break is a space, each blank line a newline.
            if blanks.is_empty() {
                let prev = self.lines[cur - 1];
                out.push(' ', prev.end..prev.next);
            } else {
                for &b in &blanks {
                    let bl = self.lines[b];
                    out.push('\n', bl.end..bl.next);
                }
            }
            blanks.clear();
            let body = strip_comment(t).trim_end();
            let line_start = self.lines[cur].start + (c.len() - t.len());
            out.push_verbatim(body, line_start);
            cur += 1;
            next = cur;
        }
        let span = start..self.lines[next - 1].end;
        (Node::Str(out, span), next)
    }

    /// A single- or double-quoted scalar, possibly over several lines.
    fn quoted(&self, l: usize, col: usize, double: bool) -> Option<(Node, usize)> {
        let text = self.text;
        let start = self.lines[l].start + col;
        let mut i = start + 1;
        let mut out = Located::new();
        let bytes = text.as_bytes();
        while i < text.len() {
            let c = text[i..].chars().next()?;
            match c {
                '"' if double => {
                    let line = self.line_of(i);
                    return Some((Node::Str(out, start..i + 1), line + 1));
                }
                '\'' if !double => {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        out.push('\'', i..i + 2);
                        i += 2;
                        continue;
                    }
                    let line = self.line_of(i);
                    return Some((Node::Str(out, start..i + 1), line + 1));
                }
                '\\' if double => {
                    let (decoded, len) = yaml_escape(&text[i..])?;
                    match decoded {
                        Some(d) => out.push(d, i..i + len),
                        None => {
                            // An escaped line break: join without a space.
                            i += len;
                            i = skip_ws_and_breaks_once(text, i);
                            continue;
                        }
                    }
                    i += len;
                }
                '\r' | '\n' => {
                    // Line folding inside quotes.
                    trim_trailing_blanks(&mut out);
                    let mut breaks = Vec::new();
                    let mut j = i;
                    loop {
                        let nl_len = if text[j..].starts_with("\r\n") { 2 } else { 1 };
                        breaks.push(j..j + nl_len);
                        j += nl_len;
                        j += text[j..].len() - text[j..].trim_start_matches([' ', '\t']).len();
                        if !(text[j..].starts_with('\n') || text[j..].starts_with("\r\n")) {
                            break;
                        }
                    }
                    if breaks.len() == 1 {
                        out.push(' ', breaks[0].clone());
                    } else {
                        for b in &breaks[1..] {
                            out.push('\n', b.clone());
                        }
                    }
                    i = j;
                }
                _ => {
                    out.push(c, i..i + c.len_utf8());
                    i += c.len_utf8();
                }
            }
        }
        None
    }

    /// The line after a flow collection that opens at column `col` of line
    /// `l` (brackets balanced, quotes respected); its contents are not
    /// followed, so strings in it get approximate maps.
    fn skip_flow(&self, l: usize, col: usize) -> usize {
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let bytes = self.text.as_bytes();
        let mut i = self.lines[l].start + col;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) => {
                    if b == b'\\' && q == b'"' {
                        i += 1;
                    } else if b == q {
                        quote = None;
                    }
                }
                None => match b {
                    b'"' | b'\'' => quote = Some(b),
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return self.line_of(i) + 1;
                        }
                    }
                    _ => {}
                },
            }
            i += 1;
        }
        self.lines.len()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.start <= offset) - 1
    }

    /// A `|` or `>` block scalar whose header is at column `col` of line `l`.
    fn block_scalar(&self, l: usize, col: usize, parent: isize) -> Option<(Node, usize)> {
        let header = strip_comment(&self.content(l)[col..]).trim_end();
        let folded = header.starts_with('>');
        let mut chomp = 'c';
        let mut explicit = None;
        for ch in header[1..].chars() {
            match ch {
                '-' | '+' => chomp = ch,
                '1'..='9' => explicit = ch.to_digit(10),
                _ => return None,
            }
        }
        let start = self.lines[l].start + col;
        // The content indent: explicit, or that of the first non-blank line.
        let base = parent.max(0) as usize;
        let indent = match explicit {
            Some(d) => {
                if parent < 0 {
                    d as usize
                } else {
                    base + d as usize
                }
            }
            None => {
                let first = (l + 1..self.lines.len()).find(|&k| !self.content(k).trim().is_empty());
                match first {
                    Some(k) if (self.indent(k) as isize) > parent => self.indent(k),
                    _ => usize::MAX,
                }
            }
        };
        // Collect the content lines.
        let mut lines: Vec<usize> = Vec::new();
        let mut k = l + 1;
        while k < self.lines.len() {
            let c = self.content(k);
            if c.trim_start_matches(' ').is_empty()
                || (indent != usize::MAX && self.indent(k) >= indent)
            {
                lines.push(k);
                k += 1;
            } else {
                break;
            }
        }
        let next = k;
        let is_empty = |k: usize| self.content(k).trim_start_matches(' ').is_empty();
        let last = lines.iter().rposition(|&k| !is_empty(k));
        let mut out = Located::new();
        let nl = |k: usize| {
            let line = self.lines[k];
            line.end..line.next
        };
        let text_of = |k: usize| -> (&str, usize) {
            let line = self.lines[k];
            let c = self.content(k);
            if c.len() > indent {
                (&c[indent..], line.start + indent)
            } else {
                ("", line.end)
            }
        };
        if let Some(last) = last {
            let body = &lines[..=last];
            let more_indented = |k: usize| text_of(k).0.starts_with([' ', '\t']);
            let mut prev_content: Option<usize> = None;
            let mut pending_blank: Vec<usize> = Vec::new();
            for &k in body {
                if is_empty(k) {
                    pending_blank.push(k);
                    continue;
                }
                match prev_content {
                    None => {
                        for &b in &pending_blank {
                            out.push('\n', nl(b));
                        }
                    }
                    Some(p) => {
                        if !folded {
                            out.push('\n', nl(p));
                            for &b in &pending_blank {
                                let (t, s) = text_of(b);
                                out.push_verbatim(t, s);
                                out.push('\n', nl(b));
                            }
                        } else if !more_indented(p) && !more_indented(k) {
                            if pending_blank.is_empty() {
                                out.push(' ', nl(p));
                            } else {
                                for &b in &pending_blank {
                                    out.push('\n', nl(b));
                                }
                            }
                        } else {
                            out.push('\n', nl(p));
                            for &b in &pending_blank {
                                out.push('\n', nl(b));
                            }
                        }
                    }
                }
                pending_blank.clear();
                let (t, s) = text_of(k);
                out.push_verbatim(t, s);
                prev_content = Some(k);
            }
            let last_line = lines[last];
            match chomp {
                '-' => {}
                '+' => {
                    out.push('\n', nl(last_line));
                    for &b in &lines[last + 1..] {
                        out.push('\n', nl(b));
                    }
                }
                _ => out.push('\n', nl(last_line)),
            }
        } else if chomp == '+' {
            for &b in &lines {
                out.push('\n', nl(b));
            }
        }
        let end = lines
            .last()
            .map_or(self.lines[l].end, |&k| self.lines[k].end);
        Some((Node::Str(out, start..end), next))
    }
}

fn count_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn is_seq_entry(s: &str) -> bool {
    s == "-" || s.starts_with("- ")
}

/// `key: ...` at the start of `s`: the key and the column just after `:`.
fn split_key(s: &str) -> Option<(String, usize)> {
    let first = s.chars().next()?;
    if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let name = s[1..close].to_owned();
        let after = close + 1;
        let rest = &s[after..];
        let colon = after + count_spaces(rest);
        let tail = &s[colon..];
        if tail.starts_with(':') && (tail.len() == 1 || tail[1..].starts_with([' ', '\t'])) {
            let name = if first == '\'' {
                name.replace("''", "'")
            } else {
                name
            };
            return Some((name, colon + 1));
        }
        return None;
    }
    if matches!(first, '#' | '-' if s.len() == 1 || s[1..].starts_with(' ')) {
        return None;
    }
    if matches!(
        first,
        '[' | '{' | '|' | '>' | '&' | '*' | '!' | '%' | '@' | '`'
    ) {
        return None;
    }
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t') => {
                return Some((s[..i].trim_end().to_owned(), i + 1));
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    None
}

/// `s` without a trailing ` # comment`.
fn strip_comment(s: &str) -> &str {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return &s[..i];
        }
    }
    s
}

fn trim_trailing_blanks(out: &mut Located) {
    let t = out.text();
    let keep = t.trim_end_matches([' ', '\t']).len();
    if keep < t.len() {
        *out = out.slice(0..keep);
    }
}

/// After an escaped line break: skip the break and the next line's indent.
fn skip_ws_and_breaks_once(text: &str, mut i: usize) -> usize {
    i += text[i..].len() - text[i..].trim_start_matches([' ', '\t']).len();
    i
}

/// The escape at the start of `s` (which starts with `\`): the char (None
/// for an escaped line break) and the escape's length in bytes.
fn yaml_escape(s: &str) -> Option<(Option<char>, usize)> {
    let kind = s[1..].chars().next()?;
    let simple = |c: char| Some((Some(c), 2));
    match kind {
        '0' => simple('\0'),
        'a' => simple('\u{7}'),
        'b' => simple('\u{8}'),
        't' | '\t' => simple('\t'),
        'n' => simple('\n'),
        'v' => simple('\u{b}'),
        'f' => simple('\u{c}'),
        'r' => simple('\r'),
        'e' => simple('\u{1b}'),
        ' ' => simple(' '),
        '"' => simple('"'),
        '/' => simple('/'),
        '\\' => simple('\\'),
        'N' => simple('\u{85}'),
        '_' => simple('\u{a0}'),
        'L' => simple('\u{2028}'),
        'P' => simple('\u{2029}'),
        'x' | 'u' | 'U' => {
            let n = match kind {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = s.get(2..2 + n)?;
            let code = u32::from_str_radix(hex, 16).ok()?;
            Some((Some(char::from_u32(code)?), 2 + n))
        }
        '\n' => Some((None, 2)),
        '\r' => Some((None, if s[2..].starts_with('\n') { 3 } else { 2 })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string under `key` of the first mapping found (depth first).
    fn find<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
        match node {
            Node::Map(entries, _) => {
                entries
                    .iter()
                    .find_map(|(k, v)| if k.name == key { Some(v) } else { find(v, key) })
            }
            Node::Seq(items, _) => items.iter().find_map(|n| find(n, key)),
            _ => None,
        }
    }

    /// Decodes `key` exactly like serde_yaml, with an exact map, and every
    /// verbatim char maps onto itself in the source.
    fn check(src: &str, key: &str) -> (String, crate::source::map::OffsetMap) {
        let node = parse(src).unwrap();
        let Some(Node::Str(l, _)) = find(&node, key) else {
            panic!("no string under {key}")
        };
        let (text, map) = l.clone().finish(0);
        assert!(map.is_exact(), "approximate map for {key} in {src:?}");
        let mut last = 0;
        for (i, c) in text.char_indices() {
            let s = map.to_source(i);
            assert!(s >= last, "backwards at {i}");
            last = s;
            if !c.is_whitespace() && c != '\'' && c != '"' {
                assert!(
                    src[s..].starts_with(c) || src[s..].starts_with('\\'),
                    "{c:?} at {i} maps to {:?}",
                    &src[s..s + 5.min(src.len() - s)]
                );
            }
        }
        (text, map)
    }

    #[test]
    fn literal_block_scalar() {
        let src = "replies:\n  - name: A\n    body: |\n      Hi there,\n\n      we can't refund\n        indented\n    other: x\n";
        let (text, map) = check(src, "body");
        assert_eq!(text, "Hi there,\n\nwe can't refund\n  indented\n");
        let at = text.find("we can't").unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 15)], "we can't refund");
    }

    #[test]
    fn folded_block_scalar_with_strip() {
        let src = "a:\n  comment: >-\n    one\n    two\n\n    three\n";
        let (text, map) = check(src, "comment");
        assert_eq!(text, "one two\nthree");
        let at = text.find("two").unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 3)], "two");
        let at = text.find("three").unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 5)], "three");
    }

    #[test]
    fn keep_chomping_and_trailing_blank_lines() {
        let src = "a: |+\n  x\n\nb: 1\n";
        let (text, _) = check(src, "a");
        assert_eq!(text, "x\n\n");
    }

    #[test]
    fn double_quoted_with_escapes_and_folding() {
        let src = "body: \"caf\\u00e9 \\\"no\\\"\\n\n  next line\\\n  joined \\U0001F600\"\n";
        let (text, map) = check(src, "body");
        assert_eq!(text, "café \"no\"\n next linejoined 😀");
        let at = text.find("next").unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 4)], "next");
        let e = text.find('é').unwrap();
        assert_eq!(&src[map.range_to_source(e..e + 2)], "\\u00e9");
    }

    #[test]
    fn single_quoted_and_plain_multiline() {
        let src = "t: 'it''s ok'\np: this is\n  plain text # comment\n";
        let (t, _) = check(src, "t");
        assert_eq!(t, "it's ok");
        let (p, map) = check(src, "p");
        assert_eq!(p, "this is plain text");
        let at = p.find("plain").unwrap();
        assert_eq!(&src[map.range_to_source(at..at + 5)], "plain");
    }

    #[test]
    fn complex_keys_and_comments_inside_values() {
        let src = "? 'TYPE: question'\n:\n  # Post a comment\n  comment: |\n    Thanks for asking.\n  close: true\n";
        let node = parse(src).unwrap();
        let Node::Map(entries, _) = &node else {
            panic!()
        };
        assert_eq!(entries[0].0.name, "TYPE: question");
        let (text, _) = check(src, "comment");
        assert_eq!(text, "Thanks for asking.\n");
    }

    #[test]
    fn crlf_line_endings() {
        let src = "a: |\r\n  one\r\n  two\r\n";
        let (text, map) = check(src, "a");
        assert_eq!(text, "one\ntwo\n");
        assert_eq!(&src[map.range_to_source(4..7)], "two");
    }

    #[test]
    fn flow_collections_fall_back_to_the_value_line() {
        let src = "items: [{title: A, body: \"we can't refund\"}]\n";
        let node = parse(src).unwrap();
        let Some(Node::Str(l, _)) = find(&node, "body") else {
            panic!()
        };
        let (text, map) = l.clone().finish(0);
        assert_eq!(text, "we can't refund");
        assert!(!map.is_exact());
        assert_eq!(crate::position::line_col(src, map.to_source(3)).0, 1);
    }

    #[test]
    fn broken_yaml_reports_its_position() {
        let src = "a: 1\nb: [unclosed\n";
        let (offset, msg) = parse(src).unwrap_err();
        assert!(offset > 0, "{msg}");
    }

    #[test]
    fn does_not_crash_on_odd_input() {
        for src in [
            "- - - a\n",
            "a:\n- b\n- c: |\n   x\n",
            "|\n x\n",
            "\"unterminated\n",
            "key: &anchor value\nother: *anchor\n",
            "a: !!str 12\n",
            "? |\n  block key\n: v\n",
            "x:\n  y:\n    z: >2\n       deep\n",
        ] {
            let _ = parse(src);
        }
    }
}
