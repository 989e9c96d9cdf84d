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

/// A host with files in memory.
struct Mem(std::collections::BTreeMap<String, String>);

impl topolint_lsp::Host for Mem {
    fn read_file(&mut self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
    fn read_dir(&mut self, path: &str) -> Vec<(String, bool)> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let mut out: Vec<(String, bool)> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|rest| match rest.split_once('/') {
                Some((dir, _)) => (dir.to_string(), true),
                None => (rest.to_string(), false),
            })
            .collect();
        out.dedup();
        out
    }
}

fn published(out: &[Value], uri: &str) -> Option<Value> {
    out.iter()
        .rev()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| m["params"]["diagnostics"].clone())
}

fn codes(diags: &Value) -> Vec<(String, u64)> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_nearest_config_file_sets_levels_and_options_and_its_problems_are_published() {
    let overlap = include_str!("../../tests/fixtures/rules/peering-overlap/fire.topology.json");
    let capacity =
        include_str!("../../tests/fixtures/rules/acr-pe-subnet-capacity/fire.topology.json");
    let files = [
        (
            "/ws/topolint.json",
            "// the workspace's\n{ \"rules\": { \"peering-overlap\": \"warning\", \"no-such-rule\": \"off\",\n  \"acr-pe-subnet-capacity\": [\"error\", { \"minPrefixGeoReplicated\": 28 }] } }",
        ),
        ("/ws/sub/.topolint.json", "{ \"rules\": { \"peering-overlap\": \"off\" } }"),
        ("/ws/top.topology.json", overlap),
        ("/ws/sub/deep/a.topology.json", overlap),
        ("/ws/cap.topology.json", capacity),
    ];
    let host = Mem(files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect());
    let mut s = Server::new(host);
    let init = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {}, "workspaceFolders": [ { "uri": "file:///ws", "name": "ws" } ] } });
    parse(s.handle(&init.to_string()));
    let mut out = parse(
        s.handle(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }).to_string()),
    );
    out.extend(parse(s.flush()));

    let top = published(&out, "file:///ws/top.topology.json").expect("top checked");
    assert!(
        codes(&top).contains(&("peering-overlap".into(), 2)),
        "{top}"
    );
    // The nearest config file wins: two folders up from the document.
    let deep = published(&out, "file:///ws/sub/deep/a.topology.json");
    assert!(
        deep.as_ref()
            .is_none_or(|d| !codes(d).iter().any(|(c, _)| c == "peering-overlap")),
        "{deep:?}"
    );
    // The option moves the threshold: the /28 subnet no longer warns; the /29 is still too small.
    let cap = codes(&published(&out, "file:///ws/cap.topology.json").expect("cap checked"));
    assert!(
        cap.contains(&("acr-pe-subnet-capacity".into(), 1)),
        "{cap:?}"
    );
    assert_eq!(
        cap.iter()
            .filter(|(c, _)| c == "acr-pe-subnet-capacity")
            .count(),
        1,
        "{cap:?}"
    );
    // The unknown rule is a config-error warning on the config file itself, with its range.
    let cfg = published(&out, "file:///ws/topolint.json").expect("config problems published");
    let cfg = cfg.as_array().unwrap();
    assert_eq!(cfg.len(), 1, "{cfg:?}");
    assert_eq!(cfg[0]["code"], "config-error");
    assert_eq!(cfg[0]["severity"], 2);
    assert_eq!(
        cfg[0]["range"]["start"],
        json!({ "line": 1, "character": 43 })
    );
    assert!(cfg[0]["message"].as_str().unwrap().contains("no-such-rule"));
}
