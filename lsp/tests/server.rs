//! The server as a state machine: messages in, messages out, no transport.

use serde_json::{json, Value};
use topolint_lsp::{NoFiles, Server};

fn send(s: &mut Server<NoFiles>, v: Value) -> Vec<Value> {
    parse(s.handle(&v.to_string()))
}

fn parse(out: Vec<String>) -> Vec<Value> {
    out.iter()
        .map(|m| serde_json::from_str(m).unwrap())
        .collect()
}

fn started() -> Server<NoFiles> {
    let mut s = Server::new(NoFiles);
    let out = send(
        &mut s,
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
    );
    assert_eq!(
        out[0]["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    send(
        &mut s,
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    );
    s
}

const URI: &str = "file:///w/a.topology.json";

fn open(s: &mut Server<NoFiles>, text: &str) {
    send(
        s,
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
            "uri": URI, "languageId": "json", "version": 1, "text": text } } }),
    );
}

fn change(s: &mut Server<NoFiles>, version: i32, text: &str) {
    send(
        s,
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [ { "text": text } ] } }),
    );
}

#[test]
fn malformed_input_gets_json_rpc_errors() {
    let mut s = Server::new(NoFiles);
    let out = parse(s.handle("{ not json"));
    assert_eq!(out[0]["error"]["code"], -32700);
    assert_eq!(out[0]["id"], Value::Null);
    let out = parse(s.handle("[]"));
    assert_eq!(out[0]["error"]["code"], -32600);
    let out = send(
        &mut s,
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover" }),
    );
    assert_eq!(out[0]["error"]["code"], -32002);
    let out = send(
        &mut s,
        json!({ "jsonrpc": "2.0", "id": 3, "method": "initialize", "params": 7 }),
    );
    assert_eq!(out[0]["error"]["code"], -32602);
    assert_eq!(s.exit_code(), None);
}

#[test]
fn a_burst_of_changes_is_checked_once_at_its_latest_version() {
    let mut s = started();
    open(&mut s, "{}");
    for v in 2..=1000 {
        change(
            &mut s,
            v,
            if v % 2 == 0 {
                "{ \"vnets\": [ ,] }"
            } else {
                "{}"
            },
        );
    }
    let out = parse(s.flush());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["params"]["version"], 1000);
    assert_eq!(out[0]["params"]["diagnostics"][0]["code"], "syntax-error");
    assert!(s.flush().is_empty());
}

#[test]
fn snapshot_and_restore_keep_open_documents() {
    let mut s = started();
    open(&mut s, "{ \"vnets\": [ ,] }");
    let snap = s.snapshot();
    let mut t = Server::new(NoFiles);
    assert!(t.restore(&snap));
    let out = parse(t.flush());
    assert_eq!(out[0]["params"]["uri"], URI);
    assert_eq!(out[0]["params"]["diagnostics"][0]["code"], "syntax-error");
    // Quarantined until the text changes.
    let out = parse(t.quarantine("/w/a.topology.json"));
    assert_eq!(
        out.last().unwrap()["params"]["diagnostics"][0]["code"],
        "internal-error"
    );
    change(&mut t, 2, "{}");
    let out = parse(t.flush());
    assert_eq!(out[0]["params"]["diagnostics"], json!([]));
}

#[test]
fn shutdown_then_exit() {
    let mut s = started();
    let out = send(
        &mut s,
        json!({ "jsonrpc": "2.0", "id": 9, "method": "shutdown" }),
    );
    assert_eq!(out[0]["result"], Value::Null);
    send(&mut s, json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.exit_code(), Some(0));
}
