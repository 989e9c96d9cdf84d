//! `topolint lsp`: the language server (the `topolint-lsp` crate) over stdin/stdout. This file
//! is only the transport: Content-Length framing, a thread that reads stdin, and file access.
//! Every message waiting is handled before the server's checks run, so a burst of edits is
//! checked once, at its latest version.

use std::io::{BufRead, BufReader, Write};
use std::sync::mpsc;
use topolint_lsp::{Host, Server};

/// Reads the disk for the server (workspace files, Bicep modules, `topolint.json`).
struct Disk;

impl Host for Disk {
    fn read_file(&mut self, path: &str) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
    fn read_dir(&mut self, path: &str) -> Vec<(String, bool)> {
        let Ok(entries) = std::fs::read_dir(path) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let is_dir = e.file_type().ok()?.is_dir();
                Some((e.file_name().to_str()?.to_string(), is_dir))
            })
            .collect()
    }
}

/// Serve until `exit` or the end of input; returns the process exit code.
pub fn run() -> u8 {
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut input = BufReader::new(std::io::stdin().lock());
        while let Some(body) = read_message(&mut input) {
            if tx.send(body).is_err() {
                break;
            }
        }
    });
    let mut server = Server::new(Disk);
    let mut out = std::io::stdout().lock();
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        while let Some(msg) = next {
            if !write_all(&mut out, server.handle(&msg)) {
                return 1;
            }
            if let Some(code) = server.exit_code() {
                return code as u8;
            }
            next = rx.try_recv().ok();
        }
        if !write_all(&mut out, server.flush()) {
            return 1;
        }
    }
    // The client went away without `exit`.
    1
}

/// One message body; `None` at the end of input. A header block without a usable
/// Content-Length is skipped.
fn read_message(input: &mut impl BufRead) -> Option<String> {
    loop {
        let mut length: Option<usize> = None;
        let mut line = String::new();
        loop {
            line.clear();
            if input.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok();
                }
            }
        }
        let Some(length) = length else { continue };
        let mut body = vec![0; length];
        input.read_exact(&mut body).ok()?;
        return Some(String::from_utf8_lossy(&body).into_owned());
    }
}

fn write_all(out: &mut impl Write, messages: Vec<String>) -> bool {
    for m in messages {
        let ok = write!(out, "Content-Length: {}\r\n\r\n", m.len())
            .and_then(|()| out.write_all(m.as_bytes()))
            .is_ok();
        if !ok {
            return false;
        }
    }
    out.flush().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_and_junk_headers_skipped() {
        let mut input: &[u8] = b"X-Junk: 1\r\n\r\nContent-Length: 2\r\nContent-Type: x\r\n\r\n{}Content-Length: 3\r\n\r\n[1]";
        assert_eq!(read_message(&mut input).as_deref(), Some("{}"));
        assert_eq!(read_message(&mut input).as_deref(), Some("[1]"));
        assert_eq!(read_message(&mut input), None);
    }
}
