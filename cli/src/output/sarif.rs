//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code's SARIF
//! viewer).

use super::json::to_pretty;
use super::{Place, Report};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use topolint::{Diagnostic, DocumentSet, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A `tool.driver.rules[]` entry.
struct SarifRule {
    id: String,
    summary: String,
    docs: String,
    level: Severity,
}

pub fn render(report: &Report) -> String {
    let rules = rules(report);
    let index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let results: Vec<Value> = report
        .diagnostics()
        .map(|(set, d)| result(set, d, index[d.code.as_str()]))
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "topolint",
                "version": topolint::VERSION,
                "semanticVersion": topolint::VERSION,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }},
            // Our columns count Unicode scalar values, not SARIF's UTF-16 default.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [invocation(report)],
        }],
    });
    to_pretty(&sarif)
}

/// The run's one invocation. Deployments checked with an incomplete model are reported as
/// `toolExecutionNotifications` (SARIF 2.1.0 §3.20.21; notification objects §3.58): a note on
/// the entry file, with the reason as its message. Level `note`, not `error`: every rule ran on
/// every file (Appendix I reads an `error` notification as "rules may not have run"); what is
/// missing lies outside the files. `executionSuccessful` (§3.20.14) is required; a run that
/// writes SARIF checked every file (problems reading them stop it with exit 2 and no report).
fn invocation(report: &Report) -> Value {
    let notes: Vec<Value> = report
        .incomplete()
        .iter()
        .map(|i| {
            json!({
                "level": "note",
                "descriptor": { "id": "incomplete-model" },
                "message": { "text": format!("incomplete model: {}", i.reason) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(i.file) },
                }}],
            })
        })
        .collect();
    json!({
        "executionSuccessful": true,
        "toolExecutionNotifications": notes,
    })
}

/// The catalogue, then any other code the results use (`syntax-error`, `schema-violation`, ...)
/// so that every `ruleIndex` points at a rule.
fn rules(report: &Report) -> Vec<SarifRule> {
    let mut rules: Vec<SarifRule> = topolint::rules::ALL
        .iter()
        .map(|r| {
            let meta = r.meta();
            SarifRule {
                id: meta.id.to_string(),
                summary: meta.summary.to_string(),
                docs: super::rule_docs(meta),
                level: meta.default_severity,
            }
        })
        .collect();
    for (_, d) in report.diagnostics() {
        if !rules.iter().any(|r| r.id == d.code) {
            let summary = format!(
                "topolint reports `{}`: {}",
                d.code,
                builtin_summary(&d.code)
            );
            rules.push(SarifRule {
                id: d.code.clone(),
                docs: summary.clone(),
                summary,
                level: d.severity,
            });
        }
    }
    rules
}

/// Words for the codes the core reports outside the rule catalogue.
fn builtin_summary(code: &str) -> &'static str {
    match code {
        "syntax-error" => "the document is not well-formed and cannot be fully read",
        "schema-violation" => "the document does not match its schema",
        _ => "a problem found while reading the document",
    }
}

fn rule(r: &SarifRule) -> Value {
    json!({
        "id": r.id,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.docs, "markdown": r.docs },
        "helpUri": topolint::diagnostic::docs_url(&r.id),
        "defaultConfiguration": { "level": level(r.level) },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(set: &DocumentSet, d: &Diagnostic, rule_index: usize) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [
            { "physicalLocation": physical(&super::place(set, d.location.file, d.location.range)) }
        ],
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i,
                    "physicalLocation": physical(&super::place(set, r.location.file, r.location.range)),
                    "message": { "text": r.message },
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        // One artifactChange per file, its replacements in the order the fix lists them.
        let mut by_file: Vec<(String, Vec<Value>)> = Vec::new();
        for edit in &fix.edits {
            let place = super::place(set, edit.file, edit.range);
            let replacement = json!({
                "deletedRegion": region(&place),
                "insertedContent": { "text": edit.new_text },
            });
            match by_file.iter_mut().find(|(uri, _)| *uri == place.file) {
                Some((_, list)) => list.push(replacement),
                None => by_file.push((place.file.clone(), vec![replacement])),
            }
        }
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": by_file.iter().map(|(file, replacements)| json!({
                "artifactLocation": { "uri": uri(file) },
                "replacements": replacements,
            })).collect::<Vec<_>>(),
        }]);
    }
    result
}

fn physical(place: &Place) -> Value {
    json!({
        "artifactLocation": { "uri": uri(&place.file) },
        "region": region(place),
    })
}

fn region(place: &Place) -> Value {
    json!({
        "startLine": place.line,
        "startColumn": place.column,
        "endLine": place.end_line,
        "endColumn": place.end_column,
        "byteOffset": place.start,
        "byteLength": place.end.saturating_sub(place.start),
    })
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them against
/// the repository root), absolute ones become `file://` URIs; both use `/` and percent-encode
/// everything but unreserved characters.
pub fn uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let mut rel = slashed.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    let encoded = percent_encode(rel);
    if rel.starts_with('/') {
        format!("file://{encoded}")
    } else if rel.as_bytes().get(1) == Some(&b':') {
        // A Windows drive path, `C:/x`.
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (b == b':' && out.len() == 1) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris() {
        assert_eq!(uri("./infra/main.bicep"), "infra/main.bicep");
        assert_eq!(uri("a b/ç.json"), "a%20b/%C3%A7.json");
        assert_eq!(uri("/abs/x.json"), "file:///abs/x.json");
        assert_eq!(uri("C:\\x\\y.json"), "file:///C:/x/y.json");
    }
}
