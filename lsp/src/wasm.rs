//! The server for JavaScript: `new Server(host)`, then `handle(message)` and `flush()` return
//! the messages to send, joined by `\n` (serialised JSON never holds a raw line break). The
//! JavaScript transport (editors/vscode/server/) frames them.

use crate::Host;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ readFile(path): string | null | undefined, readDir(path): string }`; `readDir`
    /// returns entry names one a line, folders with a trailing `/`.
    pub type JsHost;
    #[wasm_bindgen(method, js_name = readFile)]
    fn read_file(this: &JsHost, path: &str) -> Option<String>;
    #[wasm_bindgen(method, js_name = readDir)]
    fn read_dir(this: &JsHost, path: &str) -> String;
}

impl Host for JsHost {
    fn read_file(&mut self, path: &str) -> Option<String> {
        JsHost::read_file(self, path)
    }
    fn read_dir(&mut self, path: &str) -> Vec<(String, bool)> {
        JsHost::read_dir(self, path)
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| match l.strip_suffix('/') {
                Some(dir) => (dir.to_string(), true),
                None => (l.to_string(), false),
            })
            .collect()
    }
}

#[wasm_bindgen(js_name = Server)]
pub struct WasmServer(crate::Server<JsHost>);

#[wasm_bindgen(js_class = Server)]
impl WasmServer {
    #[wasm_bindgen(constructor)]
    pub fn new(host: JsHost) -> WasmServer {
        WasmServer(crate::Server::new(host))
    }
    pub fn handle(&mut self, message: &str) -> String {
        self.0.handle(message).join("\n")
    }
    pub fn flush(&mut self) -> String {
        self.0.flush().join("\n")
    }
    /// Check one pending document; `nextPending()` names it beforehand.
    #[wasm_bindgen(js_name = flushNext)]
    pub fn flush_next(&mut self) -> String {
        self.0.flush_next().join("\n")
    }
    #[wasm_bindgen(js_name = nextPending)]
    pub fn next_pending(&self) -> Option<String> {
        self.0.next_pending()
    }
    pub fn quarantine(&mut self, name: &str) -> String {
        self.0.quarantine(name).join("\n")
    }
    #[wasm_bindgen(js_name = hasPending)]
    pub fn has_pending(&self) -> bool {
        self.0.has_pending()
    }
    /// `undefined` until `exit`; then 0 after `shutdown`, 1 without.
    #[wasm_bindgen(js_name = exitCode)]
    pub fn exit_code(&self) -> Option<i32> {
        self.0.exit_code()
    }
    pub fn snapshot(&self) -> String {
        self.0.snapshot()
    }
    pub fn restore(&mut self, snapshot: &str) -> bool {
        self.0.restore(snapshot)
    }
}
