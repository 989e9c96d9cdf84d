//! `topolint rules`: the catalogue.

use super::json::{to_pretty, Tool, TOOL};
use serde::Serialize;
use topolint::rules::{RuleMeta, ALL};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Listing {
    version: u32,
    tool: Tool,
    rules: Vec<RuleEntry>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleEntry {
    id: &'static str,
    default_level: &'static str,
    summary: &'static str,
    url: String,
    has_fix: bool,
    docs: String,
}

fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    ALL.iter().map(|r| r.meta())
}

pub fn json() -> String {
    to_pretty(&Listing {
        version: super::json::FORMAT_VERSION,
        tool: TOOL,
        rules: metas()
            .map(|m| RuleEntry {
                id: m.id,
                default_level: m.default_severity.as_str(),
                summary: m.summary,
                url: topolint::diagnostic::docs_url(m.id),
                has_fix: m.has_fix,
                docs: super::rule_docs(m),
            })
            .collect(),
    })
}

/// One line per rule (id, level, summary), the documentation link indented under it.
pub fn human(color: bool) -> String {
    let width = metas().map(|m| m.id.len()).max().unwrap_or(0);
    let bold = if color {
        anstyle::Style::new().bold()
    } else {
        anstyle::Style::new()
    };
    let mut out = String::new();
    for m in metas() {
        let fix = if m.has_fix { " (fix available)" } else { "" };
        out.push_str(&format!(
            "{bold}{:width$}{bold:#}  {:7}  {}{fix}\n{:width$}  {}\n",
            m.id,
            m.default_severity.as_str(),
            m.summary,
            "",
            topolint::diagnostic::docs_url(m.id),
        ));
    }
    out
}
