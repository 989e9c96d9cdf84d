//! The topolint language server, written once and run two ways: natively by `topolint lsp`
//! (stdio) and as WASM inside Node for the VS Code extension. It is a state machine with no
//! transport and no I/O of its own: JSON-RPC message texts go in through [`Server::handle`],
//! message texts come out; checks run in [`Server::flush`], which the transport calls when it
//! has no more input waiting, so that a burst of changes is checked once, at its latest
//! version. Files that are not open in the editor (workspace files, Bicep modules, the config
//! file) are read through the [`Host`] the transport provides.

pub mod config;
mod features;
pub mod text;
pub mod uri;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod workspace;

use config::EditorSettings;
use features::Analysis;
use lsp_types as lsp;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use text::Encoding;
use topolint::config::{configurable_codes, parse_config, ParsedConfig};
use topolint::{DocumentKind, DocumentSet, FileId, Settings, TextRange};
use workspace::Files;

/// What the server needs from the machine it runs on. Paths are the names documents carry
/// (see [`uri::to_name`]).
pub trait Host {
    /// A file's text; `None` when it does not exist or is not UTF-8.
    fn read_file(&mut self, path: &str) -> Option<String>;
    /// A folder's entries: (name, is a folder). Empty when it cannot be read.
    fn read_dir(&mut self, path: &str) -> Vec<(String, bool)>;
}

/// A host with no files (tests, or a client that only sends open documents).
pub struct NoFiles;

impl Host for NoFiles {
    fn read_file(&mut self, _: &str) -> Option<String> {
        None
    }
    fn read_dir(&mut self, _: &str) -> Vec<(String, bool)> {
        Vec::new()
    }
}

// JSON-RPC and LSP error codes.
const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;
const METHOD_NOT_FOUND: i32 = -32601;
const INVALID_PARAMS: i32 = -32602;
const INTERNAL_ERROR: i32 = -32603;
const SERVER_NOT_INITIALIZED: i32 = -32002;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Phase {
    #[default]
    Uninitialized,
    Running,
    ShutDown,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct OpenDoc {
    uri: String,
    language: String,
    version: i32,
    text: String,
}

/// Everything that cannot be read again from the client or the disk: what
/// [`Server::snapshot`] saves and [`Server::restore`] brings back (the WASM transport restarts
/// a trapped instance from it).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct State {
    phase: Phase,
    exit_code: Option<i32>,
    encoding: Encoding,
    /// Workspace folders, as names.
    roots: Vec<String>,
    /// Open documents by name.
    open: BTreeMap<String, OpenDoc>,
    editor: EditorSettings,
    /// Names whose last published diagnostics were not empty (to clear them).
    published: BTreeSet<String>,
    /// Documents whose check brought the WASM instance down; not checked again until their
    /// text changes.
    quarantined: BTreeSet<String>,
}

pub struct Server<H: Host> {
    host: H,
    st: State,
    files: Files,
    /// Config files read, by name.
    configs: HashMap<String, ParsedConfig>,
    /// The config file that applies in a folder (`None`: none does), by folder.
    config_of_dir: HashMap<String, Option<String>>,
    /// Documents to check at the next flush.
    pending: BTreeSet<String>,
    /// The last check of each open document (for hover and code actions).
    analyses: HashMap<String, Analysis>,
    out: Vec<String>,
}

impl<H: Host> Server<H> {
    pub fn new(host: H) -> Self {
        Server {
            host,
            st: State::default(),
            files: Files::default(),
            configs: HashMap::new(),
            config_of_dir: HashMap::new(),
            pending: BTreeSet::new(),
            analyses: HashMap::new(),
            out: Vec::new(),
        }
    }

    /// `Some(code)` once `exit` was received: 0 after `shutdown`, 1 without.
    pub fn exit_code(&self) -> Option<i32> {
        self.st.exit_code
    }

    /// The negotiated position encoding.
    pub fn encoding(&self) -> Encoding {
        self.st.encoding
    }

    /// Whether a flush has checks to run.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Handle one incoming message (the JSON text of a request, notification or response)
    /// and return the messages to send. Never panics: a malformed message gets its JSON-RPC
    /// error, a failure inside topolint an internal error, and the server keeps going.
    pub fn handle(&mut self, message: &str) -> Vec<String> {
        let msg: Value = match serde_json::from_str(message) {
            Ok(v) => v,
            Err(e) => {
                self.error(Value::Null, PARSE_ERROR, format!("invalid JSON: {e}"));
                return self.take();
            }
        };
        let id = msg.get("id").cloned();
        let method = msg
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        let params = msg.get("params").cloned().unwrap_or(Value::Null);
        match (method, id) {
            (Some(method), Some(id)) if id.is_number() || id.is_string() => {
                let r = catch_unwind(AssertUnwindSafe(|| self.request(&method, params)));
                match r {
                    Ok(Ok(result)) => {
                        self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }))
                    }
                    Ok(Err((code, message))) => self.error(id, code, message),
                    Err(_) => self.error(
                        id,
                        INTERNAL_ERROR,
                        format!("topolint failed while answering {method}; please report it"),
                    ),
                }
            }
            (Some(method), None) => {
                if catch_unwind(AssertUnwindSafe(|| self.notification(&method, params))).is_err() {
                    self.log(
                        1,
                        format!("topolint failed while handling {method}; please report it"),
                    );
                }
            }
            (Some(_), Some(id)) => {
                let id = if id.is_null() { Value::Null } else { id };
                self.error(
                    id,
                    INVALID_REQUEST,
                    "a request id must be a number or a string".into(),
                )
            }
            // A response to a request of ours (we send none that need one).
            (None, Some(_)) if msg.get("result").is_some() || msg.get("error").is_some() => {}
            (None, id) => self.error(
                id.unwrap_or(Value::Null),
                INVALID_REQUEST,
                "not a JSON-RPC message: no `method`".into(),
            ),
        }
        self.take()
    }

    /// Check the documents changed since the last flush and publish their diagnostics.
    pub fn flush(&mut self) -> Vec<String> {
        if !self.st.editor.enable {
            self.pending.clear();
            for name in std::mem::take(&mut self.st.published) {
                self.publish_empty(&name);
            }
            return self.take();
        }
        // Open documents first: they are what the user looks at.
        let pending = std::mem::take(&mut self.pending);
        let (open, closed): (Vec<String>, Vec<String>) = pending
            .into_iter()
            .partition(|n| self.st.open.contains_key(n));
        for name in open.into_iter().chain(closed) {
            self.check_and_publish(&name);
        }
        self.take()
    }

    /// The document the next [`Server::flush_next`] checks.
    pub fn next_pending(&self) -> Option<String> {
        let open = self.pending.iter().find(|n| self.st.open.contains_key(*n));
        open.or_else(|| self.pending.iter().next()).cloned()
    }

    /// Check one pending document (see [`Server::next_pending`]); a transport that cannot
    /// catch panics (WASM) flushes this way to know which document brought it down.
    pub fn flush_next(&mut self) -> Vec<String> {
        if !self.st.editor.enable {
            return self.flush();
        }
        if let Some(name) = self.next_pending() {
            self.check_and_publish(&name);
        }
        self.take()
    }

    /// Stop checking a document until its text changes (its check brought the server down),
    /// and tell the user.
    pub fn quarantine(&mut self, name: &str) -> Vec<String> {
        self.st.quarantined.insert(name.to_string());
        self.check_and_publish(name);
        self.take()
    }

    /// The state that is not on disk, as JSON text.
    pub fn snapshot(&self) -> String {
        serde_json::to_string(&self.st).unwrap_or_default()
    }

    /// Continue from a [`Server::snapshot`]: the disk is read again and every document is
    /// checked at the next flush.
    pub fn restore(&mut self, snapshot: &str) -> bool {
        let Ok(st) = serde_json::from_str::<State>(snapshot) else {
            return false;
        };
        self.st = st;
        self.analyses.clear();
        self.files.clear();
        if self.st.phase != Phase::Uninitialized {
            self.load_workspace();
        }
        self.pending.extend(self.st.open.keys().cloned());
        true
    }

    // -----------------------------------------------------------------------------------------
    // Dispatch

    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        match (self.st.phase, method) {
            (Phase::Uninitialized, "initialize") => {
                let p: lsp::InitializeParams = parse(params)?;
                Ok(self.initialize(p))
            }
            (_, "initialize") => Err((INVALID_REQUEST, "initialize was already received".into())),
            (Phase::Uninitialized, _) => Err((
                SERVER_NOT_INITIALIZED,
                format!("{method} before initialize"),
            )),
            (Phase::ShutDown, _) => Err((
                INVALID_REQUEST,
                format!("{method} after shutdown; only exit is expected"),
            )),
            (Phase::Running, "shutdown") => {
                self.st.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            (Phase::Running, "textDocument/hover") => {
                let p: lsp::HoverParams = parse(params)?;
                let doc = p.text_document_position_params;
                Ok(
                    serde_json::to_value(self.hover(doc.text_document.uri.as_str(), doc.position))
                        .unwrap_or(Value::Null),
                )
            }
            (Phase::Running, "textDocument/codeAction") => {
                let p: lsp::CodeActionParams = parse(params)?;
                Ok(
                    serde_json::to_value(self.code_actions(p.text_document.uri.as_str(), p.range))
                        .unwrap_or(Value::Null),
                )
            }
            _ => Err((
                METHOD_NOT_FOUND,
                format!("topolint does not handle {method}"),
            )),
        }
    }

    fn notification(&mut self, method: &str, params: Value) {
        if method == "exit" {
            self.st.exit_code = Some(if self.st.phase == Phase::ShutDown {
                0
            } else {
                1
            });
            return;
        }
        if self.st.phase != Phase::Running {
            return;
        }
        let bad = |s: &mut Self, e: (i32, String)| s.log(2, format!("{method}: {}", e.1));
        match method {
            "textDocument/didOpen" => match parse::<lsp::DidOpenTextDocumentParams>(params) {
                Ok(p) => self.did_open(p.text_document),
                Err(e) => bad(self, e),
            },
            "textDocument/didChange" => match parse::<lsp::DidChangeTextDocumentParams>(params) {
                Ok(p) => self.did_change(p),
                Err(e) => bad(self, e),
            },
            "textDocument/didClose" => match parse::<lsp::DidCloseTextDocumentParams>(params) {
                Ok(p) => self.did_close(p.text_document.uri.as_str()),
                Err(e) => bad(self, e),
            },
            "workspace/didChangeConfiguration" => {
                match parse::<lsp::DidChangeConfigurationParams>(params) {
                    Ok(p) => self.set_editor_settings(&p.settings),
                    Err(e) => bad(self, e),
                }
            }
            "workspace/didChangeWatchedFiles" => {
                match parse::<lsp::DidChangeWatchedFilesParams>(params) {
                    Ok(p) => self.watched_files(p),
                    Err(e) => bad(self, e),
                }
            }
            // initialized, didSave, $/cancelRequest, $/setTrace, ...: nothing to do.
            _ => {}
        }
    }

    // -----------------------------------------------------------------------------------------
    // Lifecycle and documents

    fn initialize(&mut self, p: lsp::InitializeParams) -> Value {
        let offered = p
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        self.st.encoding = match offered {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        };
        let mut roots: Vec<String> = p
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| uri::to_name(f.uri.as_str()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(u) = &p.root_uri {
                roots.push(uri::to_name(u.as_str()));
            } else if let Some(path) = &p.root_path {
                roots.push(path.replace('\\', "/"));
            }
        }
        self.st.roots = roots;
        if let Some(opts) = &p.initialization_options {
            self.set_editor_settings(opts);
        }
        self.st.phase = Phase::Running;
        self.load_workspace();
        let caps = lsp::ServerCapabilities {
            position_encoding: Some(lsp::PositionEncodingKind::new(self.st.encoding.name())),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            ..Default::default()
        };
        serde_json::to_value(lsp::InitializeResult {
            capabilities: caps,
            server_info: Some(lsp::ServerInfo {
                name: "topolint".into(),
                version: Some(topolint::VERSION.into()),
            }),
        })
        .unwrap_or(Value::Null)
    }

    /// Read the workspace folders' documents and config files; all of them get checked.
    fn load_workspace(&mut self) {
        let roots = self.st.roots.clone();
        self.files.scan(&mut self.host, &roots);
        self.forget_configs();
        self.pending.extend(self.files.scanned.iter().cloned());
    }

    /// Config files change: everything about them is read again when next needed.
    fn forget_configs(&mut self) {
        for name in self.configs.keys() {
            self.files.forget(name);
        }
        self.configs.clear();
        self.config_of_dir.clear();
    }

    /// The config file that applies to a document: the nearest `topolint.json` or
    /// `.topolint.json` from its folder up to its workspace folder.
    fn config_for(&mut self, name: &str) -> Option<String> {
        let root = self.root_of(name);
        let dirs = config::candidate_dirs(name, root.as_deref());
        let mut found = None;
        let mut looked = Vec::new();
        for dir in dirs {
            if let Some(known) = self.config_of_dir.get(&dir) {
                found = known.clone();
                break;
            }
            looked.push(dir.clone());
            let hit = config::CONFIG_NAMES
                .iter()
                .map(|n| format!("{dir}/{n}"))
                .find(|p| self.files.read(&mut self.host, p).is_some());
            if hit.is_some() {
                found = hit;
                break;
            }
        }
        for dir in looked {
            self.config_of_dir.insert(dir, found.clone());
        }
        found
    }

    /// A config file's settings, read (and its problems published on it) the first time.
    fn config_settings(&mut self, path: &str) -> Settings {
        if let Some(c) = self.configs.get(path) {
            return c.settings.clone();
        }
        let text = self
            .files
            .read(&mut self.host, path)
            .unwrap_or_default()
            .to_string();
        let parsed = parse_config(FileId(0), &text);
        let mut docs = DocumentSet::new();
        docs.add_with_kind(path, text, DocumentKind::Unknown);
        let uri_of = |n: &str| self.uri_of(n);
        let diagnostics: Vec<lsp::Diagnostic> = parsed
            .diagnostics
            .iter()
            .map(|d| features::diagnostic(&docs, d, self.st.encoding, &uri_of))
            .collect();
        let settings = parsed.settings.clone();
        self.configs.insert(path.to_string(), parsed);
        self.publish(path, diagnostics, None);
        settings
    }

    fn set_editor_settings(&mut self, value: &Value) {
        match EditorSettings::from_json(value) {
            Ok(s) => {
                let (levels, problems) = s.levels();
                for p in problems {
                    self.show(2, p);
                }
                let codes = configurable_codes();
                for id in levels.keys().filter(|id| !codes.contains(&id.as_str())) {
                    self.show(2, format!("topolint.rules: unknown rule `{id}`"));
                }
                self.st.editor = s;
            }
            Err(e) => self.show(2, e),
        }
        self.mark_all();
    }

    fn did_open(&mut self, d: lsp::TextDocumentItem) {
        let name = uri::to_name(d.uri.as_str());
        self.st.open.insert(
            name.clone(),
            OpenDoc {
                uri: d.uri.as_str().to_string(),
                language: d.language_id,
                version: d.version,
                text: d.text,
            },
        );
        self.changed(&name);
    }

    fn did_change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let name = uri::to_name(p.text_document.uri.as_str());
        let enc = self.st.encoding;
        let Some(doc) = self.st.open.get_mut(&name) else {
            self.log(
                2,
                format!("didChange for {name}, which is not open; ignored"),
            );
            return;
        };
        doc.version = p.text_document.version;
        for change in p.content_changes {
            text::apply_change(&mut doc.text, change, enc);
        }
        self.changed(&name);
    }

    fn did_close(&mut self, u: &str) {
        let name = uri::to_name(u);
        if self.st.open.remove(&name).is_none() {
            return;
        }
        self.analyses.remove(&name);
        // The text on disk counts again (it may differ from the unsaved buffer).
        self.files.forget(&name);
        if !self.files.scanned.contains(&name) && self.st.published.remove(&name) {
            self.publish_empty_uri(u);
        }
        self.changed(&name);
    }

    fn watched_files(&mut self, p: lsp::DidChangeWatchedFilesParams) {
        for ev in p.changes {
            let name = uri::to_name(ev.uri.as_str());
            self.files.forget(&name);
            if config::is_config(&name) {
                let was_read = self.configs.contains_key(&name);
                self.forget_configs();
                if ev.typ == lsp::FileChangeType::DELETED {
                    if self.st.published.remove(&name) {
                        self.publish_empty(&name);
                    }
                } else if was_read || self.files.read(&mut self.host, &name).is_some() {
                    // Its problems are shown at once, even before a document uses it.
                    self.config_settings(&name);
                }
                self.mark_all();
                continue;
            }
            if ev.typ == lsp::FileChangeType::DELETED {
                self.files.scanned.remove(&name);
                if !self.st.open.contains_key(&name) && self.st.published.remove(&name) {
                    self.publish_empty(&name);
                }
            } else if self.root_of(&name).is_some() && !self.st.open.contains_key(&name) {
                let checkable = self
                    .files
                    .read(&mut self.host, &name)
                    .is_some_and(|t| workspace::kind_of(&name, None, t).is_some());
                if checkable && self.files.scanned.len() < workspace::MAX_WORKSPACE_FILES {
                    self.files.scanned.insert(name.clone());
                }
            }
            self.changed(&name);
        }
    }

    /// A document's text changed: it and every document that uses it get checked again.
    fn changed(&mut self, name: &str) {
        self.st.quarantined.remove(name);
        self.files.forget_deps(name);
        self.analyses.remove(name);
        let targets: Vec<String> = self.targets().collect();
        for t in targets {
            if t == name || self.files.reaches(&t, name) {
                self.pending.insert(t);
            }
        }
    }

    fn mark_all(&mut self) {
        let targets: Vec<String> = self.targets().collect();
        self.pending.extend(targets);
    }

    /// Documents whose diagnostics are published: open ones and the workspace's.
    fn targets(&self) -> impl Iterator<Item = String> + '_ {
        self.st
            .open
            .keys()
            .chain(
                self.files
                    .scanned
                    .iter()
                    .filter(|n| !self.st.open.contains_key(*n)),
            )
            .cloned()
    }

    fn root_of(&self, name: &str) -> Option<String> {
        self.st
            .roots
            .iter()
            .filter(|r| name.starts_with(&format!("{}/", r.trim_end_matches('/'))))
            .max_by_key(|r| r.len())
            .cloned()
    }

    // -----------------------------------------------------------------------------------------
    // Checking

    fn text_of(&mut self, name: &str) -> Option<String> {
        match self.st.open.get(name) {
            Some(d) => Some(d.text.clone()),
            None => self.files.read(&mut self.host, name).map(str::to_string),
        }
    }

    /// The config file's settings for a document, with the editor's levels over them.
    fn settings_for(&mut self, name: &str) -> Settings {
        let mut settings = match self.config_for(name) {
            Some(path) => self.config_settings(&path),
            None => Settings::default(),
        };
        settings.rules.extend(self.st.editor.levels().0);
        settings
    }

    /// Check a document with the documents its modules bring in. `None` when it is not a
    /// document topolint reads.
    fn analyse(&mut self, name: &str) -> Option<Result<Analysis, String>> {
        let text = self.text_of(name)?;
        let language = self.st.open.get(name).map(|d| d.language.clone());
        let kind = workspace::kind_of(name, language.as_deref(), &text)?;
        let mut docs = DocumentSet::new();
        docs.add_with_kind(name, text.clone(), kind);
        let mut queue = std::collections::VecDeque::from(self.files.deps_of(name, &text));
        while let Some(dep) = queue.pop_front() {
            if docs.len() >= workspace::MAX_CLOSURE || docs.find(&dep).is_some() {
                continue;
            }
            let Some(t) = self.text_of(&dep) else {
                continue;
            };
            queue.extend(self.files.deps_of(&dep, &t));
            docs.add(dep, t);
        }
        let settings = self.settings_for(name);
        let result = catch_unwind(AssertUnwindSafe(|| topolint::check(&docs, &settings)));
        Some(match result {
            Ok(result) => Ok(Analysis { docs, result }),
            Err(p) => Err(p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into())),
        })
    }

    fn check_and_publish(&mut self, name: &str) {
        self.pending.remove(name);
        let version = self.st.open.get(name).map(|d| d.version);
        let enc = self.st.encoding;
        let analysis = if self.st.quarantined.contains(name) {
            Some(Err("it stopped the server".to_string()))
        } else {
            self.analyse(name)
        };
        let diagnostics = match analysis {
            None => Vec::new(),
            Some(Ok(a)) => {
                let uri_of = |n: &str| self.uri_of(n);
                let d = features::diagnostics(&a, enc, &uri_of);
                if self.st.open.contains_key(name) {
                    self.analyses.insert(name.to_string(), a);
                }
                d
            }
            Some(Err(why)) => {
                self.log(1, format!("topolint failed while checking {name}: {why}"));
                vec![lsp::Diagnostic {
                    severity: Some(lsp::DiagnosticSeverity::WARNING),
                    code: Some(lsp::NumberOrString::String("internal-error".into())),
                    source: Some("topolint".into()),
                    message: format!(
                        "topolint failed while checking this document ({why}); the other \
                         documents are still checked. Please report it."
                    ),
                    ..Default::default()
                }]
            }
        };
        self.publish(name, diagnostics, version);
    }

    /// Publish a document's diagnostics; nothing when a closed document had none and has none.
    fn publish(&mut self, name: &str, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        if diagnostics.is_empty() && !self.st.published.remove(name) && version.is_none() {
            return;
        }
        if !diagnostics.is_empty() {
            self.st.published.insert(name.to_string());
        }
        let uri = self.uri_of(name);
        self.notify(
            "textDocument/publishDiagnostics",
            json!({ "uri": uri, "diagnostics": diagnostics, "version": version }),
        );
    }

    /// The analysis of an open document at its current text.
    fn current(&mut self, u: &str) -> Option<&Analysis> {
        let name = uri::to_name(u);
        if !self.st.open.contains_key(&name) {
            return None;
        }
        if !self.analyses.contains_key(&name) || self.pending.contains(&name) {
            self.check_and_publish(&name);
        }
        self.analyses.get(&name)
    }

    fn hover(&mut self, u: &str, pos: lsp::Position) -> Option<lsp::Hover> {
        let enc = self.st.encoding;
        let a = self.current(u)?;
        let d = a.docs.get(features::ROOT);
        let offset = text::offset(&d.text, &d.line_index, pos, enc);
        features::hover(a, offset, enc)
    }

    fn code_actions(&mut self, u: &str, range: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
        let enc = self.st.encoding;
        let uris: HashMap<String, String> = self
            .st
            .open
            .iter()
            .map(|(n, d)| (n.clone(), d.uri.clone()))
            .collect();
        let Some(a) = self.current(u) else {
            return Vec::new();
        };
        let d = a.docs.get(features::ROOT);
        let start = text::offset(&d.text, &d.line_index, range.start, enc);
        let end = text::offset(&d.text, &d.line_index, range.end, enc);
        let uri_of = |n: &str| uris.get(n).cloned().unwrap_or_else(|| uri::from_name(n));
        features::code_actions(
            a,
            TextRange::new(start.min(end), end.max(start)),
            enc,
            &uri_of,
        )
    }

    // -----------------------------------------------------------------------------------------
    // Output

    fn uri_of(&self, name: &str) -> String {
        match self.st.open.get(name) {
            Some(d) => d.uri.clone(),
            None => uri::from_name(name),
        }
    }

    fn publish_empty(&mut self, name: &str) {
        let u = self.uri_of(name);
        self.publish_empty_uri(&u);
    }

    fn publish_empty_uri(&mut self, u: &str) {
        self.notify(
            "textDocument/publishDiagnostics",
            json!({ "uri": u, "diagnostics": [] }),
        );
    }

    fn send(&mut self, v: Value) {
        self.out.push(v.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn error(&mut self, id: Value, code: i32, message: String) {
        self.send(json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code, "message": message },
        }));
    }

    /// `window/logMessage`; `typ` 1 error, 2 warning, 3 info.
    fn log(&mut self, typ: u8, message: String) {
        self.notify(
            "window/logMessage",
            json!({ "type": typ, "message": message }),
        );
    }

    /// `window/showMessage`, for what the user must fix (their settings, the config file).
    fn show(&mut self, typ: u8, message: String) {
        self.notify(
            "window/showMessage",
            json!({ "type": typ, "message": message }),
        );
    }

    fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.out)
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (i32, String)> {
    serde_json::from_value(params).map_err(|e| (INVALID_PARAMS, format!("invalid params: {e}")))
}
