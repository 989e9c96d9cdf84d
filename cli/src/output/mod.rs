//! Presenting check results: the only place byte ranges become lines and columns.

pub mod explain;
pub mod human;
pub mod json;
pub mod rules;
pub mod sarif;

use crate::load::Deployment;
use std::collections::HashSet;
use topolint::{CheckResult, Diagnostic, DocumentSet, FileId, Severity, TextRange};

/// One deployment and what checking it found.
pub struct Checked {
    pub deployment: Deployment,
    pub result: CheckResult,
}

/// Everything one `topolint check` run found.
pub struct Report {
    pub checked: Vec<Checked>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    /// Every diagnostic with the document set its file ids refer to, in check order. A finding
    /// two deployments share (a module two parents use) comes once: same code, file, range and
    /// message.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&DocumentSet, &Diagnostic)> {
        let mut seen = HashSet::new();
        self.checked
            .iter()
            .flat_map(|c| c.result.diagnostics.iter().map(move |d| (c, d)))
            .filter(move |(c, d)| {
                seen.insert((
                    c.deployment.file(d.location.file),
                    d.location.range,
                    d.code.as_str(),
                    d.message.as_str(),
                ))
            })
            .map(|(c, d)| (&c.deployment.set, d))
    }

    /// The name of every document checked, each file once, in check order.
    pub fn file_names(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.checked
            .iter()
            .flat_map(|c| c.deployment.set.iter().map(move |(id, doc)| (c, id, doc)))
            .filter(|(c, id, _)| seen.insert(c.deployment.file(*id)))
            .map(|(_, _, doc)| doc.name.as_str())
            .collect()
    }

    /// How many files were checked.
    pub fn files(&self) -> usize {
        self.file_names().len()
    }

    /// The deployments whose model is incomplete: the entry file's name and why.
    pub fn incomplete(&self) -> Vec<Incomplete<'_>> {
        self.checked
            .iter()
            .filter_map(|c| {
                let reason = &c.result.model.incomplete.as_ref()?.reason;
                let file = c.deployment.set.iter().next()?.1.name.as_str();
                Some(Incomplete { file, reason })
            })
            .collect()
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (_, d) in self.diagnostics() {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// A deployment checked with an incomplete model: it refers to things outside the documents
/// (a registry module, a module file that is missing), so absent findings prove less.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Incomplete<'a> {
    /// The deployment's entry file.
    pub file: &'a str,
    pub reason: &'a str,
}

/// A range of one file as people count: 1-based lines and columns (columns in Unicode scalar
/// values, the end column exclusive) next to the byte offsets. The core's, so that `check` and
/// `explain` print places alike.
pub use topolint::explain::Place;

/// The place of `range` in `file`.
pub fn place(set: &DocumentSet, file: FileId, range: TextRange) -> Place {
    Place::of(set, topolint::Location::new(file, range))
}

/// A rule's documentation as markdown: its doc comment without the space that follows each
/// `///`.
pub fn rule_docs(meta: &topolint::rules::RuleMeta) -> String {
    let lines: Vec<&str> = meta
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string()
}

/// "2 errors, 1 warning in 3 files"; "no problems in 1 file".
pub fn summary(counts: Counts, files: usize) -> String {
    let parts: Vec<String> = [
        (counts.errors, "error", "errors"),
        (counts.warnings, "warning", "warnings"),
        (counts.infos, "info", "infos"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|&(n, one, many)| plural(n, one, many))
    .collect();
    let found = if parts.is_empty() {
        "no problems".to_string()
    } else {
        parts.join(", ")
    };
    format!("{found} in {}", plural(files, "file", "files"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests;
