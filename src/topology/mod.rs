//! topolint's own topology JSON: lowering into the model, and schema validation.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocumentKind, DocumentSet, FileId, Location};
use crate::model::Model;
use crate::syntax::jsonc;

/// Lower every topology document of the set into `model`.
pub fn lower_all(docs: &DocumentSet, model: &mut Model, out: &mut Vec<Diagnostic>) {
    let _ = model;
    for (id, doc) in docs.iter() {
        if doc.kind != DocumentKind::Topology {
            continue;
        }
        let parsed = jsonc::parse(&doc.text);
        report_syntax(id, &parsed, out);
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
