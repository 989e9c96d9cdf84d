//! What the data-driven test harnesses share: finding cases and loading each as a document set.
//! A case is a file, or a directory whose name ends in `.set` (a main file and its modules).

#![allow(dead_code)]

pub mod invariants;

use std::path::{Path, PathBuf};
use topolint::DocumentSet;

/// Cases under `dir`, sorted: files whose name satisfies `is_case`, and `.set` directories;
/// other directories are searched.
pub fn cases(dir: &Path, is_case: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, is_case, &mut out);
    out
}

fn collect(dir: &Path, is_case: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if name.ends_with(".set") {
                out.push(p);
            } else {
                collect(&p, is_case, out);
            }
        } else if is_case(&name) {
            out.push(p);
        }
    }
}

/// A case as a document set: a file alone (named by its file name), or every file below a
/// `.set` directory whose name satisfies `is_document` (named relative to the directory).
pub fn load(path: &Path, is_document: &dyn Fn(&str) -> bool) -> DocumentSet {
    let mut set = DocumentSet::new();
    if path.is_dir() {
        for (rel, full) in files_below(path, is_document) {
            set.add(rel, std::fs::read_to_string(full).unwrap());
        }
    } else {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        set.add(name, std::fs::read_to_string(path).unwrap());
    }
    set
}

/// Files below `root` whose name satisfies `keep`, sorted, with their `/`-separated path
/// relative to `root`.
pub fn files_below(root: &Path, keep: &dyn Fn(&str) -> bool) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    walk(root, root, keep, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<(String, PathBuf)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(root, &p, keep, out);
        } else if keep(&p.file_name().unwrap().to_string_lossy()) {
            out.push((
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                p,
            ));
        }
    }
}
