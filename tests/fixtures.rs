//! Fixture tests: every document under `tests/fixtures/` is checked and its diagnostics compared
//! with the annotated snapshot next to it (`<file>.snap`). A directory whose name ends in `.set`
//! is one document set (a main file and its modules); its snapshot is `<dir>.snap`.
//!
//! For every diagnostic with a fix, `<file>.fixed` holds the text with all fixes applied, and
//! the fixed text is checked again: a fixed problem must not come back.
//!
//! Regenerate after an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test fixtures`.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use topolint::{check, diagnostic::apply_edits, DocumentSet, Settings};

fn is_document(name: &str) -> bool {
    !name.contains(".fixed")
        && (name.ends_with(".json") || name.ends_with(".bicep") || name.ends_with(".jsonc"))
}

/// The annotated baseline: each diagnostic under the line it points at.
pub fn render(set: &DocumentSet, diags: &[topolint::Diagnostic]) -> String {
    let mut out = String::new();
    for (fid, doc) in set.iter() {
        let mine: Vec<_> = diags.iter().filter(|d| d.location.file == fid).collect();
        if set.len() > 1 {
            writeln!(out, "=== {}", doc.name).unwrap();
        }
        if mine.is_empty() {
            writeln!(out, "(no diagnostics)").unwrap();
            continue;
        }
        for d in mine {
            let lc = doc.line_index.line_col(&doc.text, d.location.range.start);
            let line = doc.line_index.line_of(d.location.range.start);
            let lr = doc.line_index.line_range(&doc.text, line);
            let src = lr.slice(&doc.text);
            let start_col = doc.text[lr.start as usize..d.location.range.start as usize]
                .chars()
                .count();
            let end = d.location.range.end.min(lr.end).max(d.location.range.start);
            let width = doc.text[d.location.range.start as usize..end as usize]
                .chars()
                .count()
                .max(1);
            writeln!(out, "{:>4} | {}", lc.line, src).unwrap();
            writeln!(
                out,
                "     | {}{} {} {}: {}",
                " ".repeat(start_col),
                "^".repeat(width),
                d.code,
                d.severity.as_str(),
                d.message
            )
            .unwrap();
            for r in &d.related {
                let rd = set.get(r.location.file);
                let rlc = rd.line_index.line_col(&rd.text, r.location.range.start);
                writeln!(
                    out,
                    "     |   related {}:{}:{}: {}",
                    rd.name, rlc.line, rlc.column, r.message
                )
                .unwrap();
            }
            if let Some(h) = &d.help {
                writeln!(out, "     |   help: {h}").unwrap();
            }
            if let Some(f) = &d.fix {
                writeln!(out, "     |   fix: {}", f.title).unwrap();
            }
        }
    }
    out
}

fn compare(path: &Path, actual: &str, failures: &mut Vec<String>) {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    if update {
        std::fs::write(path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected.replace("\r\n", "\n") == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs:\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing; run UPDATE_SNAPSHOTS=1 cargo test --test fixtures",
            path.display()
        )),
    }
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let cases = support::cases(&root, &is_document);
    assert!(
        !cases.is_empty(),
        "no fixtures found under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let set = support::load(case, &is_document);
        let result = check(&set, &Settings::default());
        let snap = PathBuf::from(format!("{}.snap", case.display()));
        compare(&snap, &render(&set, &result.diagnostics), &mut failures);

        // Fixes: apply every fix of each file, snapshot the fixed text, check again.
        for (fid, doc) in set.iter() {
            let mut edits: Vec<_> = result
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .flat_map(|f| f.edits.iter())
                .filter(|e| e.file == fid)
                .collect();
            // Two findings with one cure (one missing link, two registries) offer the same edit.
            edits.sort_by_key(|e| (e.range.start, e.range.end, e.new_text.clone()));
            edits.dedup();
            if edits.is_empty() {
                continue;
            }
            let fixed = apply_edits(&doc.text, &edits);
            let fixed_path = if case.is_dir() {
                case.join(format!("{}.fixed", doc.name))
            } else {
                PathBuf::from(format!("{}.fixed", case.display()))
            };
            compare(&fixed_path, &fixed, &mut failures);
            let mut again = DocumentSet::new();
            for (other, d) in set.iter() {
                again.add_with_kind(
                    d.name.clone(),
                    if other == fid {
                        fixed.clone()
                    } else {
                        d.text.clone()
                    },
                    d.kind,
                );
            }
            let after = check(&again, &Settings::default());
            for d in result
                .diagnostics
                .iter()
                .filter(|d| d.fix.is_some() && d.location.file == fid)
            {
                if after
                    .diagnostics
                    .iter()
                    .any(|a| a.code == d.code && a.location.file == fid && a.message == d.message)
                {
                    failures.push(format!(
                        "{}: fix for `{}` did not remove it: {}",
                        case.display(),
                        d.code,
                        d.message
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
