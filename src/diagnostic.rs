//! What every rule, parser and validator reports.

use crate::document::FileId;
use crate::document::Location;
use crate::text::TextRange;
use serde::Serialize;

/// How bad a finding is. `Error`: the deployment fails or traffic cannot flow; `Warning`: works
/// but risky or likely broken; `Info`: a caveat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place that explains the finding (the zone, the VNet that is not linked, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One replacement of a byte range of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub file: FileId,
    pub range: TextRange,
    pub new_text: String,
}

/// A quick fix: a title and minimal edits, never a rewrite of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// A finding with everything an editor or CI needs to show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule id (kebab-case, from DOMAIN.md), or a syntax/schema code.
    pub code: String,
    pub severity: Severity,
    /// Why it is a problem and what to do.
    pub message: String,
    pub location: Location,
    pub related: Vec<Related>,
    pub help: Option<String>,
    /// Documentation page for the code.
    pub url: String,
    pub fix: Option<Fix>,
}

/// Where rule documentation lives; the page for a code is `{DOCS_BASE}{code}.md`.
pub const DOCS_BASE: &str = "https://github.com/topolint/topolint/blob/main/docs/rules/";

pub fn docs_url(code: &str) -> String {
    format!("{DOCS_BASE}{code}.md")
}

impl Diagnostic {
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        let code = code.into();
        let url = docs_url(&code);
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location,
            related: Vec::new(),
            help: None,
            url,
            fix: None,
        }
    }

    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Add a related location in place (for diagnostics a rule is still building).
    pub fn with_related_mut(
        &mut self,
        location: Location,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Apply edits of one file to its text, back to front. Identical edits (two fixes that make
/// the same change) are applied once; an edit overlapping one already applied is skipped, as are
/// edits whose range does not fit the text.
pub fn apply_edits(text: &str, edits: &[&TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    sorted.dedup_by(|a, b| a.range == b.range && a.new_text == b.new_text);
    let mut out = text.to_string();
    let mut floor = u32::MAX;
    for e in sorted {
        let (s, t) = (e.range.start as usize, e.range.end as usize);
        if e.range.end > floor {
            continue;
        }
        if t <= out.len() && out.is_char_boundary(s) && out.is_char_boundary(t) {
            out.replace_range(s..t, &e.new_text);
            floor = e.range.start;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: u32, end: u32, text: &str) -> TextEdit {
        TextEdit {
            file: FileId(0),
            range: TextRange::new(start, end),
            new_text: text.into(),
        }
    }

    #[test]
    fn duplicate_and_overlapping_edits() {
        let a = edit(0, 3, "xyz");
        let dup = edit(0, 3, "xyz");
        let overlap = edit(2, 5, "!");
        let later = edit(6, 6, "+");
        assert_eq!(apply_edits("abcdefg", &[&a, &dup, &later]), "xyzdef+g");
        assert_eq!(apply_edits("abcdefg", &[&a, &overlap]), "ab!fg");
    }
}
