//! The ARM JSON template front end: templates (and their parameter files) evaluated into
//! [`Resource`]s, which [`crate::azure::map`] maps into the model like Bicep's.
//!
//! - [`expr`]: the expression language inside `"[...]"` strings (lexer, parser; ranges inside
//!   the JSON string, through its escapes: [`source_map`]).
//! - [`eval`] and [`functions`]: evaluation with known, unknown and runtime values.
//! - [`template`]: resources, loops, conditions, children, extension and nested deployments.
//! - [`ids`]: resource ids and `parent/child` names; [`params`]: parameter files;
//!   [`resolve`]: references to resources outside the documents.
//!
//! Suppression: `"metadata": { "topolint": { "disable": ["rule-id", ...] } }` on a resource
//! turns those rules off for findings inside its declaration; `// topolint-disable-next-line`
//! comments work as in topology JSON.

pub mod eval;
pub mod expr;
mod functions;
pub mod ids;
mod params;
mod resolve;
pub mod source_map;
mod template;

use crate::azure::Resource;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocumentKind, DocumentSet, Location};
use crate::model::{Model, Suppression};
use crate::syntax::jsonc;
use eval::{Ctx, Env, Scope};

/// What the ARM documents of a set declare.
#[derive(Debug, Default)]
pub struct ArmOutput {
    /// In document order (file, then declaration position; loop iterations in order).
    pub resources: Vec<Resource>,
    /// Syntax errors, expression errors (`arm-expression`) and template structure problems
    /// (`arm-template`).
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    /// Why the model lacks resources the templates deploy (a linked template, ...).
    pub incomplete: Option<String>,
}

/// Evaluate every ARM template of `docs` (with its parameter file, if any).
pub fn evaluate(docs: &DocumentSet) -> ArmOutput {
    let parsed: Vec<_> = docs
        .iter()
        .filter(|(_, d)| matches!(d.kind, DocumentKind::Arm | DocumentKind::ArmParameters))
        .map(|(id, d)| (id, jsonc::parse(&d.text)))
        .collect();
    let mut out = ArmOutput::default();
    for (id, json) in &parsed {
        crate::topology::report_syntax(*id, json, &mut out.diagnostics);
        out.suppressions
            .extend(crate::topology::comment_suppressions(
                *id,
                &docs.get(*id).text,
                &docs.get(*id).line_index,
                json,
            ));
    }
    let mut given = params::values(docs, &parsed);
    let mut w = template::Walker::new(Ctx::new(docs));
    for (id, json) in &parsed {
        if docs.get(*id).kind != DocumentKind::Arm {
            continue;
        }
        let Some(root) = &json.root else { continue };
        if root.as_object().is_none() {
            w.cx.report(
                "arm-template",
                Severity::Error,
                Location::new(*id, root.range),
                "an ARM template is a JSON object with `$schema`, `parameters`, `resources`, ...",
            );
            continue;
        }
        let sc = Scope::new(
            *id,
            root,
            given.remove(id).unwrap_or_default(),
            String::new(),
            0,
        );
        w.template(&sc, &Env::default(), root);
    }
    let template::Walker {
        cx,
        mut resources,
        suppressions,
        incomplete,
    } = w;
    out.incomplete = incomplete;
    resolve::mark_outside(&mut resources);
    resources.sort_by_key(|r| (r.decl.file, r.decl.range.start));
    out.resources = resources;
    out.suppressions.extend(suppressions);
    let mut diags = cx.diags;
    diags.sort_by(|a, b| (a.location, &a.code, &a.message).cmp(&(b.location, &b.code, &b.message)));
    diags.dedup();
    out.diagnostics.extend(diags);
    out
}

/// The pipeline hook: evaluate the ARM documents, report their problems and suppressions into
/// the check, and return their resources for [`crate::azure::map::lower_resources`].
pub fn resources(
    docs: &DocumentSet,
    model: &mut Model,
    out: &mut Vec<Diagnostic>,
) -> Vec<Resource> {
    let r = evaluate(docs);
    out.extend(r.diagnostics);
    model.suppressions.extend(r.suppressions);
    if model.incomplete.is_none() {
        model.incomplete = r.incomplete.map(crate::model::Unknown::new);
    }
    r.resources
}
