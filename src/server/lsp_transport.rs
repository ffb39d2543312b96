//! The language server's wire: `Content-Length` framed JSON-RPC over any
//! byte streams (stdin/stdout in production), with one reader and one writer
//! thread feeding an [`lsp_server::Connection`].
//!
//! Why not `lsp_server::Connection::stdio()`: its reader thread stops at the
//! first frame that is not valid JSON-RPC, which ends the session. Editors
//! and hand-written clients do send broken frames now and then; here such a
//! frame is answered with `ParseError` (not JSON) or `InvalidRequest` (JSON
//! but not a message, echoing its id when it has one) and reading goes on.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};

/// The output stream, shared by the writer thread (server messages) and the
/// reader thread (answers to frames the server never sees).
type Output = Arc<Mutex<Box<dyn Write + Send>>>;

/// Threads that move messages between the streams and the server's end of
/// the connection.
pub(crate) struct Transport {
    writer: JoinHandle<io::Result<()>>,
    reader: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Start the threads; the returned connection is the server's end.
    pub(crate) fn start(
        input: impl BufRead + Send + 'static,
        output: impl Write + Send + 'static,
    ) -> io::Result<(Connection, Transport)> {
        let (server, client) = Connection::memory();
        let output: Output = Arc::new(Mutex::new(Box::new(output)));
        let Connection {
            sender: to_server,
            receiver: from_server,
        } = client;
        let out = Arc::clone(&output);
        let writer = thread::Builder::new()
            .name("lsp-writer".into())
            .spawn(move || write_loop(&from_server, &out))?;
        let reader = thread::Builder::new()
            .name("lsp-reader".into())
            .spawn(move || read_loop(input, &to_server, &output))?;
        Ok((server, Transport { writer, reader }))
    }

    /// Wait until every server message is written. Call after the server's
    /// end of the connection is dropped. The reader is not waited for when
    /// the client keeps stdin open after `exit`; it ends with the process.
    pub(crate) fn finish(self) -> io::Result<()> {
        let written = self.writer.join().unwrap_or(Ok(()));
        if self.reader.is_finished() {
            self.reader.join().unwrap_or(Ok(()))?;
        }
        written
    }
}

fn write_loop(from_server: &Receiver<Message>, output: &Output) -> io::Result<()> {
    for msg in from_server {
        let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
        msg.write(&mut *out)?;
    }
    Ok(())
}

fn read_loop(
    mut input: impl BufRead,
    to_server: &Sender<Message>,
    output: &Output,
) -> io::Result<()> {
    loop {
        let body = match read_frame(&mut input)? {
            Frame::Eof => return Ok(()),
            Frame::BadHeader(why) => {
                reply_error(output, Value::Null, ErrorCode::ParseError, &why)?;
                continue;
            }
            Frame::Body(body) => body,
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let why = format!("the message is not JSON: {e}");
                reply_error(output, Value::Null, ErrorCode::ParseError, &why)?;
                continue;
            }
        };
        let id = match value.get("id") {
            Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        };
        let msg: Message = match serde_json::from_value(value) {
            Ok(m) => m,
            Err(e) => {
                let why = format!("not a JSON-RPC request, response or notification: {e}");
                reply_error(output, id, ErrorCode::InvalidRequest, &why)?;
                continue;
            }
        };
        let is_exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
        if to_server.send(msg).is_err() || is_exit {
            return Ok(());
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    BadHeader(String),
    Eof,
}

/// Read one `Content-Length` framed body. Header lines end in `\r\n` (a
/// bare `\n` is accepted too); other headers are ignored.
fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(Frame::Eof);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() || bad.is_some() {
                break;
            }
            // Blank lines between frames are harmless.
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad = Some(format!("bad Content-Length header: {header:?}")),
                }
            }
            Some(_) => {}
            None => bad = Some(format!("malformed header line: {header:?}")),
        }
    }
    match (length, bad) {
        (Some(n), None) => {
            let mut body = vec![0; n];
            input.read_exact(&mut body)?;
            Ok(Frame::Body(body))
        }
        (_, Some(why)) => Ok(Frame::BadHeader(why)),
        (None, None) => Ok(Frame::BadHeader("no Content-Length header".into())),
    }
}

fn reply_error(output: &Output, id: Value, code: ErrorCode, message: &str) -> io::Result<()> {
    let text = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message},
    })
    .to_string();
    let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).unwrap() {
                Frame::Eof => return out,
                Frame::Body(b) => out.push(String::from_utf8(b).unwrap()),
                Frame::BadHeader(why) => out.push(format!("bad: {why}")),
            }
        }
    }

    #[test]
    fn reads_frames_and_survives_bad_headers() {
        let input = "Content-Length: 2\r\n\r\n{}garbage\r\n\r\ncontent-length:3\n\n[1]";
        assert_eq!(
            frames(input),
            vec![
                "{}".to_owned(),
                "bad: malformed header line: \"garbage\"".to_owned(),
                "[1]".to_owned()
            ]
        );
    }
}
