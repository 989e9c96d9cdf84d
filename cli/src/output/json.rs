//! `--format json`: one document whose structure is documented in docs/cli.md. Fields are only
//! ever added; `version` changes if one is removed or changes meaning.

use super::{Incomplete, Place, Report};
use serde::Serialize;
use topolint::{Diagnostic, DocumentSet};

/// The version of this output's structure (not of topolint).
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Output<'a> {
    version: u32,
    tool: Tool,
    files: Vec<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
    incomplete: Vec<Incomplete<'a>>,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool {
    name: "topolint",
    version: topolint::VERSION,
};

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonDiagnostic<'a> {
    #[serde(flatten)]
    place: Place,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    url: &'a str,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    place: Place,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonEdit<'a> {
    #[serde(flatten)]
    place: Place,
    new_text: &'a str,
}

pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let output = Output {
        version: FORMAT_VERSION,
        tool: TOOL,
        files: report.file_names(),
        diagnostics: report
            .diagnostics()
            .map(|(set, d)| diagnostic(set, d))
            .collect(),
        summary: Summary {
            files: report.files(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
        incomplete: report.incomplete(),
    };
    to_pretty(&output)
}

/// Pretty JSON with a final newline. Serialising these plain structs cannot fail; should it
/// ever, an empty object is still valid JSON rather than a panic.
pub fn to_pretty(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

fn diagnostic<'a>(set: &DocumentSet, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        place: super::place(set, d.location.file, d.location.range),
        code: &d.code,
        severity: d.severity.as_str(),
        message: &d.message,
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                place: super::place(set, r.location.file, r.location.range),
                message: &r.message,
            })
            .collect(),
        help: d.help.as_deref(),
        url: &d.url,
        fix: d.fix.as_ref().map(|f| JsonFix {
            title: &f.title,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    place: super::place(set, e.file, e.range),
                    new_text: &e.new_text,
                })
                .collect(),
        }),
    }
}
