//! What the server answers with, computed from one check: LSP diagnostics, hovers on workloads
//! and registries (their pull paths), and code actions (the rules' fixes and "disable this rule
//! on this line").

use crate::text::{position, Encoding};
use lsp_types as lsp;
use std::collections::HashMap;
use std::str::FromStr;
use topolint::analysis::Verdict;
use topolint::{CheckResult, DocumentKind, DocumentSet, FileId, Location, Severity, TextRange};

/// One check of a document with the documents its modules bring in; the document is file 0.
pub struct Analysis {
    pub docs: DocumentSet,
    pub result: CheckResult,
}

pub const ROOT: FileId = FileId(0);

/// The URI of a document name (the client's own URI for open documents).
pub type UriOf<'a> = &'a dyn Fn(&str) -> String;

fn uri(s: &str) -> Option<lsp::Uri> {
    lsp::Uri::from_str(s).ok()
}

pub fn range(docs: &DocumentSet, loc: Location, enc: Encoding) -> lsp::Range {
    if loc.file.0 as usize >= docs.len() {
        return lsp::Range::default();
    }
    let d = docs.get(loc.file);
    lsp::Range::new(
        position(&d.text, &d.line_index, loc.range.start, enc),
        position(&d.text, &d.line_index, loc.range.end, enc),
    )
}

fn lsp_location(
    docs: &DocumentSet,
    loc: Location,
    enc: Encoding,
    uri_of: UriOf,
) -> Option<lsp::Location> {
    if loc.file.0 as usize >= docs.len() {
        return None;
    }
    Some(lsp::Location::new(
        uri(&uri_of(&docs.get(loc.file).name))?,
        range(docs, loc, enc),
    ))
}

pub fn diagnostic(
    docs: &DocumentSet,
    d: &topolint::Diagnostic,
    enc: Encoding,
    uri_of: UriOf,
) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp_location(docs, r.location, enc, uri_of)?,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(docs, d.location, enc),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.clone())),
        code_description: uri(&d.url).map(|href| lsp::CodeDescription { href }),
        source: Some("topolint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Diagnostics of the document itself (file 0).
pub fn diagnostics(a: &Analysis, enc: Encoding, uri_of: UriOf) -> Vec<lsp::Diagnostic> {
    a.result
        .diagnostics
        .iter()
        .filter(|d| d.location.file == ROOT)
        .map(|d| diagnostic(&a.docs, d, enc, uri_of))
        .collect()
}

/// The pull paths of the workload or registry declared at `offset` (the innermost one).
pub fn hover(a: &Analysis, offset: u32, enc: Encoding) -> Option<lsp::Hover> {
    let model = &a.result.model;
    let at = |loc: Location, decl: Location| {
        (loc.file == ROOT && (loc.range.contains(offset) || loc.range.end == offset))
            || (decl.file == ROOT && decl.range.contains(offset))
    };
    // (declaration size, is workload, index, where to highlight)
    let mut best: Option<(u32, bool, usize, Location)> = None;
    let mut consider = |size: u32, w: bool, i: usize, loc: Location| {
        if best.is_none_or(|b| size < b.0) {
            best = Some((size, w, i, loc));
        }
    };
    for (i, w) in model.workloads.iter().enumerate() {
        if at(w.meta.loc, w.meta.decl) {
            consider(w.meta.decl.range.len(), true, i, w.meta.loc);
        }
    }
    for (i, r) in model.registries.iter().enumerate() {
        if at(r.meta.loc, r.meta.decl) {
            consider(r.meta.decl.range.len(), false, i, r.meta.loc);
        }
    }
    let (_, is_workload, index, loc) = best?;
    let paths: Vec<_> = a
        .result
        .paths
        .iter()
        .filter(|p| {
            if is_workload {
                p.workload.index() == index
            } else {
                p.registry.index() == index
            }
        })
        .collect();
    let mut md = String::new();
    if is_workload {
        let w = &model.workloads[index];
        md.push_str(&format!(
            "**{} `{}`**\n\n",
            w.kind().label(),
            w.name.label()
        ));
    } else {
        md.push_str(&format!(
            "**Container registry `{}`**\n\n",
            model.registries[index].name.label()
        ));
    }
    if paths.is_empty() {
        md.push_str(if is_workload {
            "Pulls from no registry declared in these documents."
        } else {
            "No workload in these documents pulls from it."
        });
    }
    for p in paths {
        let w = model.workloads.get(p.workload.index());
        let r = model.registries.get(p.registry.index());
        md.push_str(&format!(
            "Pull path: {} `{}` → registry `{}`: **{}**\n\n",
            w.map_or("workload", |w| w.kind().label()),
            w.map_or("?".into(), |w| w.name.label()),
            r.map_or("?".into(), |r| r.name.label()),
            verdict(p.verdict)
        ));
        for (n, s) in p.steps.iter().enumerate() {
            md.push_str(&format!(
                "{}. {} {} — **{}**: {}",
                n + 1,
                mark(s.verdict),
                s.kind.title(),
                verdict(s.verdict),
                s.reason
            ));
            if let (Verdict::Broken, Some(rule)) = (s.verdict, s.rule) {
                md.push_str(&format!(" (`{rule}`)"));
            }
            md.push('\n');
        }
        md.push('\n');
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md.trim_end().to_string(),
        }),
        range: Some(range(&a.docs, loc, enc)),
    })
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Broken => "broken",
        Verdict::Unknown => "unknown",
        Verdict::Skipped => "skipped",
    }
}

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "✅",
        Verdict::Broken => "❌",
        Verdict::Unknown => "❔",
        Verdict::Skipped => "➖",
    }
}

/// Quick fixes and "disable on this line" for the document's diagnostics that touch `range`.
// `WorkspaceEdit.changes` is keyed by `Uri`, whose parsed form caches in a `Cell`; the keys are
// never changed while in the map.
#[allow(clippy::mutable_key_type)]
pub fn code_actions(
    a: &Analysis,
    range: TextRange,
    enc: Encoding,
    uri_of: UriOf,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    let root = a.docs.get(ROOT);
    for d in &a.result.diagnostics {
        let r = d.location.range;
        if d.location.file != ROOT || r.start > range.end || r.end < range.start {
            continue;
        }
        let lsp_diag = diagnostic(&a.docs, d, enc, uri_of);
        if let Some(fix) = &d.fix {
            let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
            let mut ok = true;
            for e in &fix.edits {
                let loc = Location::new(e.file, e.range);
                match (e.file.0 as usize) < a.docs.len() {
                    true => match uri(&uri_of(&a.docs.get(e.file).name)) {
                        Some(u) => changes.entry(u).or_default().push(lsp::TextEdit::new(
                            range_of(&a.docs, loc, enc),
                            e.new_text.clone(),
                        )),
                        None => ok = false,
                    },
                    false => ok = false,
                }
            }
            if ok && !changes.is_empty() {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.title.clone(),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    edit: Some(lsp::WorkspaceEdit::new(changes)),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
        }
        if d.code == "syntax-error" {
            continue;
        }
        if let Some(edit) = disable_edit(root, d.location.range.start, &d.code, enc) {
            let Some(u) = uri(&uri_of(&root.name)) else {
                continue;
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Disable {} on this line", d.code),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag]),
                edit: Some(lsp::WorkspaceEdit::new(HashMap::from([(u, vec![edit])]))),
                ..Default::default()
            }));
        }
    }
    out
}

fn range_of(docs: &DocumentSet, loc: Location, enc: Encoding) -> lsp::Range {
    range(docs, loc, enc)
}

/// Insert a suppression comment above the line holding `at`, in the document's syntax, or add
/// the id to the suppression comment already there.
fn disable_edit(
    doc: &topolint::Document,
    at: u32,
    code: &str,
    enc: Encoding,
) -> Option<lsp::TextEdit> {
    let pragma = match doc.kind {
        DocumentKind::Bicep => "#disable-next-line",
        k if k.is_json() => "// topolint-disable-next-line",
        _ => return None,
    };
    let text = &doc.text;
    let idx = &doc.line_index;
    let line = idx.line_of(at);
    let line_range = idx.line_range(text, line);
    if line > 0 {
        let prev = idx.line_range(text, line - 1);
        let prev_text = prev.slice(text);
        if prev_text.trim_start().starts_with(pragma) {
            if prev_text.split_whitespace().any(|w| w == code) {
                return None;
            }
            let end = position(text, idx, prev.end, enc);
            return Some(lsp::TextEdit::new(
                lsp::Range::new(end, end),
                format!(" {code}"),
            ));
        }
    }
    let line_text = line_range.slice(text);
    let indent = &line_text[..line_text.len() - line_text.trim_start().len()];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let start = position(text, idx, line_range.start, enc);
    Some(lsp::TextEdit::new(
        lsp::Range::new(start, start),
        format!("{indent}{pragma} {code}{eol}"),
    ))
}
