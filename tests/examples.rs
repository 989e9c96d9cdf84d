//! The examples gallery: each seed article's architecture has a broken variant that topolint
//! flags with at least one error and a fixed variant with no error or warning.

use std::path::Path;
use topolint::{check, DocumentSet, Settings, Severity};

fn run(path: &Path) -> Vec<topolint::Diagnostic> {
    let mut set = DocumentSet::new();
    set.add(
        path.file_name().unwrap().to_string_lossy(),
        std::fs::read_to_string(path).unwrap(),
    );
    check(&set, &Settings::default()).diagnostics
}

#[test]
fn broken_examples_fail_and_fixed_ones_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    let mut problems = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let diags = run(&p);
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            if name.starts_with("broken.") {
                seen += 1;
                if errors == 0 {
                    problems.push(format!("{}: no error reported", p.display()));
                }
            } else if name.starts_with("fixed.") {
                seen += 1;
                if errors + warnings > 0 {
                    let list: Vec<String> = diags
                        .iter()
                        .map(|d| format!("  {} {}: {}", d.code, d.severity.as_str(), d.message))
                        .collect();
                    problems.push(format!(
                        "{}: expected no error or warning, got:\n{}",
                        p.display(),
                        list.join("\n")
                    ));
                }
            }
            // No document problem (syntax, schema, references) in any example.
            for d in diags
                .iter()
                .filter(|d| topolint::codes::CODES.iter().any(|(c, _, _)| *c == d.code))
            {
                problems.push(format!("{}: {} {}", p.display(), d.code, d.message));
            }
        }
    }
    assert!(
        seen >= 10,
        "expected broken and fixed variants of the five seed architectures, found {seen}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
