//! The files the server knows: documents open in the editor (their text comes from the client)
//! over files read from disk through the [`Host`]: the workspace folders' files and the modules
//! they refer to. Also which file uses which (Bicep `module` paths), to know whose diagnostics a
//! change affects.

use crate::Host;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use topolint::syntax::bicep as syn;
use topolint::DocumentKind;

/// Folders not searched for documents.
const SKIP_DIRS: &[&str] = &["node_modules", "target", "bin", "obj", "out", "dist"];
/// At most this many files are read from the workspace folders (a huge checkout must not stall
/// the editor).
pub const MAX_WORKSPACE_FILES: usize = 2000;
/// Files larger than this are not read from disk.
const MAX_FILE_BYTES: usize = 4 << 20;
/// A document and the files it reaches through modules, at most.
pub const MAX_CLOSURE: usize = 256;

#[derive(Default)]
pub struct Files {
    /// Name → text read from disk; `None` when it could not be read.
    disk: BTreeMap<String, Option<String>>,
    /// Workspace files found by the scan: the documents whose diagnostics are published even
    /// when they are not open.
    pub scanned: BTreeSet<String>,
    /// Direct module dependencies of a name, computed from its current text.
    deps: HashMap<String, Vec<String>>,
}

/// Whether a file is one topolint checks: Bicep, `*.topology.json`, or JSON whose head names
/// an ARM schema (a random `package.json` is not linted). `language` is the editor's language
/// id, for documents whose name says nothing (`untitled:`).
pub fn kind_of(name: &str, language: Option<&str>, text: &str) -> Option<DocumentKind> {
    let lower = name.to_ascii_lowercase();
    let lower = match language {
        Some("bicep") if !lower.ends_with(".bicep") => format!("{lower}.bicep"),
        Some("json" | "jsonc") if !(lower.ends_with(".json") || lower.ends_with(".jsonc")) => {
            format!("{lower}.json")
        }
        _ => lower,
    };
    let kind = DocumentKind::detect(&lower, text);
    match kind {
        DocumentKind::Bicep => Some(kind),
        DocumentKind::Arm | DocumentKind::ArmParameters => Some(kind),
        DocumentKind::Topology
            if lower.ends_with(".topology.json") || lower.ends_with(".topology.jsonc") =>
        {
            Some(kind)
        }
        _ => None,
    }
}

impl Files {
    pub fn clear(&mut self) {
        *self = Files::default();
    }

    /// Read the workspace folders' checkable files.
    pub fn scan<H: Host>(&mut self, host: &mut H, roots: &[String]) {
        let mut stack: Vec<(String, u32)> = roots.iter().map(|r| (r.clone(), 0)).collect();
        while let Some((dir, depth)) = stack.pop() {
            for (entry, is_dir) in host.read_dir(&dir) {
                if entry.starts_with('.') {
                    continue;
                }
                let path = format!("{}/{entry}", dir.trim_end_matches('/'));
                if is_dir {
                    if depth < 16 && !SKIP_DIRS.contains(&entry.as_str()) {
                        stack.push((path, depth + 1));
                    }
                    continue;
                }
                let lower = entry.to_ascii_lowercase();
                if !(lower.ends_with(".bicep")
                    || lower.ends_with(".json")
                    || lower.ends_with(".jsonc"))
                {
                    continue;
                }
                if self.scanned.len() >= MAX_WORKSPACE_FILES {
                    return;
                }
                let text = self.read(host, &path);
                if text.is_some_and(|t| kind_of(&path, None, t).is_some()) {
                    self.scanned.insert(path);
                }
            }
        }
    }

    /// The text on disk, read once (and again after [`Files::forget`]).
    pub fn read<H: Host>(&mut self, host: &mut H, name: &str) -> Option<&str> {
        if !self.disk.contains_key(name) {
            let text = host.read_file(name).filter(|t| t.len() <= MAX_FILE_BYTES);
            self.disk.insert(name.to_string(), text);
        }
        self.disk.get(name).and_then(|t| t.as_deref())
    }

    /// Drop what is known about a name (its text changed).
    pub fn forget(&mut self, name: &str) {
        self.disk.remove(name);
        self.deps.remove(name);
    }

    /// Its module dependencies changed (the open text changed).
    pub fn forget_deps(&mut self, name: &str) {
        self.deps.remove(name);
    }

    /// Direct dependencies: the local module paths of a Bicep text, resolved against its name.
    pub fn deps_of(&mut self, name: &str, text: &str) -> Vec<String> {
        if let Some(d) = self.deps.get(name) {
            return d.clone();
        }
        let mut out = Vec::new();
        if name.to_ascii_lowercase().ends_with(".bicep") {
            let file = syn::parse(text);
            for m in file.modules() {
                if let Some(syn::ModuleSource::Local(p)) = m.source() {
                    let path = topolint::bicep::module_path(name, p);
                    if path != name && !out.contains(&path) {
                        out.push(path);
                    }
                }
            }
        }
        self.deps.insert(name.to_string(), out.clone());
        out
    }

    /// Whether the cached dependencies of `from` lead to `target` (without computing the
    /// dependencies of `target` itself).
    pub fn reaches(&self, from: &str, target: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            if n == target {
                return true;
            }
            if seen.len() > MAX_CLOSURE || !seen.insert(n.clone()) {
                continue;
            }
            if let Some(ds) = self.deps.get(&n) {
                stack.extend(ds.iter().cloned());
            }
        }
        false
    }
}
