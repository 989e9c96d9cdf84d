//! topolint's own topology JSON: lowering into the model, and schema validation.

mod lower;
pub mod schema;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocumentKind, DocumentSet, FileId, Location};
use crate::model::{Model, Suppression};
use crate::syntax::jsonc;
use crate::text::TextRange;

pub use schema::SCHEMA;

/// Lower every topology document of the set into `model`.
pub fn lower_all(docs: &DocumentSet, model: &mut Model, out: &mut Vec<Diagnostic>) {
    let mut parsed = Vec::new();
    for (id, doc) in docs.iter() {
        if doc.kind != DocumentKind::Topology {
            continue;
        }
        // The document keeps its tree: quick fixes look objects up in it.
        let json = doc.json_tree();
        report_syntax(id, json, out);
        model
            .suppressions
            .extend(comment_suppressions(id, &doc.text, &doc.line_index, json));
        match &json.root {
            Some(root) if root.as_object().is_some() => {
                schema::validate(id, root, out);
            }
            Some(root) => {
                out.push(Diagnostic::new(
                    "schema-violation",
                    Severity::Error,
                    Location::new(id, root.range),
                    "a topology document is a JSON object with `vnets`, `registries`, `workloads`, ...",
                ));
                continue;
            }
            None => continue,
        }
        parsed.push((id, json));
    }
    let mut lowerer = lower::Lowerer::new(model, out);
    let mut firsts = Vec::new();
    for (id, json) in &parsed {
        firsts.push(lower::Counts::of(lowerer.model));
        if let Some(root) = &json.root {
            lowerer.declare_doc(*id, root);
        }
    }
    for ((id, json), first) in parsed.iter().zip(&firsts) {
        if let Some(root) = &json.root {
            lowerer.lower_doc(*id, root, first);
        }
    }
}

/// Syntax errors of a JSON document become `syntax-error` diagnostics.
pub fn report_syntax(file: FileId, doc: &jsonc::JsonDoc, out: &mut Vec<Diagnostic>) {
    for e in &doc.errors {
        out.push(
            Diagnostic::new(
                "syntax-error",
                Severity::Error,
                Location::new(file, e.range),
                e.message.clone(),
            )
            .with_help(format!(
                "JSON syntax ({}); topolint keeps reading after it, but fix it first",
                e.code
            )),
        );
    }
}

/// `// topolint-disable-next-line rule-a rule-b` turns the rules off on the next line (all rules
/// when none is named); the same works in block comments.
pub fn comment_suppressions(
    file: FileId,
    text: &str,
    index: &crate::text::LineIndex,
    doc: &jsonc::JsonDoc,
) -> Vec<Suppression> {
    doc.comments()
        .filter_map(|c| {
            let body = c
                .range
                .slice(text)
                .trim_start_matches('/')
                .trim_start_matches('*')
                .trim_end_matches('/')
                .trim_end_matches('*')
                .trim();
            let rest = body.strip_prefix("topolint-disable-next-line")?;
            let rules: Vec<String> = rest
                .split(|ch: char| ch.is_whitespace() || ch == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let line = index.line_of(c.range.end) + 1;
            if line as usize >= index.line_count() {
                return None;
            }
            let r = index.line_range(text, line);
            Some(Suppression {
                scope: Location::new(file, TextRange::new(r.start, r.end.max(r.start))),
                rules,
            })
        })
        .collect()
}
