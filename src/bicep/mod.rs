//! The Bicep front end's second half: evaluate parsed Bicep files into Azure resources
//! ([`crate::azure::Resource`]), following modules with relative paths across the document set.
//!
//! Parameters take their defaults (none means unknown, with identity `param:<name>`); variables,
//! conditions and loops are evaluated where they can be; what cannot be known stays unknown but
//! keeps its identity.

mod eval;
mod funcs;

use crate::azure::Resource;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocumentKind, DocumentSet, FileId, Location};
use crate::model::{Model, Suppression, Unknown};
use crate::syntax::bicep::{self as syn, BicepFile};
use crate::text::TextRange;

pub use eval::module_path;

/// Parse every Bicep document, report syntax errors and pragmas, and evaluate the root files
/// (those no other file of the set uses as a module) into resources.
pub fn lower_all(
    docs: &DocumentSet,
    model: &mut Model,
    resources: &mut Vec<Resource>,
    out: &mut Vec<Diagnostic>,
) {
    let mut parsed: Vec<Option<&BicepFile>> = vec![None; docs.len()];
    for (id, doc) in docs.iter() {
        if doc.kind != DocumentKind::Bicep {
            continue;
        }
        // The document keeps its tree: quick fixes look declarations up in it.
        let file = doc.bicep_tree();
        for e in &file.errors {
            out.push(
                Diagnostic::new(
                    "syntax-error",
                    Severity::Error,
                    Location::new(id, e.range),
                    e.message.clone(),
                )
                .with_help(format!(
                    "Bicep syntax ({}); topolint keeps reading after it, but fix it first",
                    e.code
                )),
            );
        }
        model
            .suppressions
            .extend(pragma_suppressions(id, &doc.text, &doc.line_index, file));
        parsed[id.0 as usize] = Some(file);
    }
    // Files used as modules by another file are evaluated through that file, with its
    // parameters.
    let mut used = vec![false; docs.len()];
    for (id, doc) in docs.iter() {
        let Some(file) = parsed[id.0 as usize] else {
            continue;
        };
        for m in file.modules() {
            if let Some(syn::ModuleSource::Local(p)) = m.source() {
                if let Some(target) = docs.find(&module_path(&doc.name, p)) {
                    if target != id {
                        used[target.0 as usize] = true;
                    }
                }
            }
        }
    }
    let mut ev = eval::Evaluator::new(docs, &parsed);
    for (id, _) in docs.iter() {
        if parsed[id.0 as usize].is_some() && !used[id.0 as usize] {
            ev.instantiate_root(id);
        }
    }
    let (res, incomplete, diags) = ev.finish();
    resources.extend(res);
    out.extend(diags);
    if model.incomplete.is_none() {
        model.incomplete = incomplete.map(Unknown::new);
    }
}

/// The document names of the local Bicep modules a Bicep document uses, resolved against its
/// name with [`module_path`] (`infra/main.bicep` + `./mods/vnet.bicep` → `infra/mods/vnet.bicep`),
/// each once, in source order. Registry modules and non-Bicep templates are not listed. The
/// adapters read these files and add them to the set under these names.
pub fn local_modules(name: &str, text: &str) -> Vec<String> {
    let file = syn::parse(text);
    let mut out: Vec<String> = Vec::new();
    for m in file.modules() {
        if let Some(syn::ModuleSource::Local(p)) = m.source() {
            let target = module_path(name, p);
            if target.to_ascii_lowercase().ends_with(".bicep") && !out.contains(&target) {
                out.push(target);
            }
        }
    }
    out
}

/// `#disable-next-line rule-a rule-b` turns topolint rules off on the next line, as the Bicep
/// linter does for its own rules (codes that are not ours are left to Bicep).
fn pragma_suppressions(
    file: FileId,
    text: &str,
    index: &crate::text::LineIndex,
    parsed: &BicepFile,
) -> Vec<Suppression> {
    parsed
        .pragmas
        .iter()
        .filter_map(|p| {
            let line = index.line_of(p.range.start) + 1;
            if line as usize >= index.line_count() {
                return None;
            }
            let r = index.line_range(text, line);
            let rules: Vec<String> = p.codes.iter().map(|(c, _)| c.clone()).collect();
            if rules.is_empty() {
                return None;
            }
            Some(Suppression {
                scope: Location::new(file, TextRange::new(r.start, r.end)),
                rules,
            })
        })
        .collect()
}
