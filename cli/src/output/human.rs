//! `--format human`: each diagnostic with its source excerpt, the range underlined, then a
//! summary. Rendering is annotate-snippets (rustc's and cargo's renderer).

use super::{summary, Report};
use annotate_snippets::{
    normalize_untrusted_str as clean, AnnotationKind, Element, Group, Level, Patch, Renderer,
    Snippet,
};
use anstyle::{AnsiColor, Style};
use std::ops::Range;
use topolint::{Diagnostic, Document, DocumentSet, Severity, TextRange};

/// `hyperlinks`: make each code a terminal hyperlink to its documentation (OSC 8), for a
/// terminal only: CI logs forced into colour would show the escape as text.
pub fn render(report: &Report, color: bool, hyperlinks: bool) -> String {
    let renderer = if color {
        Renderer::styled().hyperlink(hyperlinks)
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for (set, d) in report.diagnostics() {
        out.push_str(&renderer.render(&groups(set, d)));
        out.push_str("\n\n");
    }
    let counts = report.counts();
    let style = match () {
        _ if !color => Style::new(),
        _ if counts.errors > 0 => AnsiColor::Red.on_default().bold(),
        _ if counts.warnings > 0 => AnsiColor::Yellow.on_default().bold(),
        _ => AnsiColor::Green.on_default().bold(),
    };
    out.push_str(&format!(
        "{style}{}{style:#}\n",
        summary(counts, report.files())
    ));
    out
}

fn groups<'a>(set: &'a DocumentSet, d: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let main = excerpt(set.get(d.location.file), d.location.range);
    let mut elements: Vec<Element> = vec![main.snippet(AnnotationKind::Primary, None).into()];
    for r in &d.related {
        let doc = set.get(r.location.file);
        let related = excerpt(doc, r.location.range);
        elements.push(
            related
                .snippet(AnnotationKind::Context, Some(clean(&r.message)))
                .into(),
        );
    }
    if let Some(help) = &d.help {
        elements.push(Level::HELP.message(clean(help)).into());
    }
    elements.push(Level::NOTE.message(format!("see {}", d.url)).into());
    let mut groups = vec![level
        .primary_title(d.message.as_str())
        .id(d.code.as_str())
        .id_url(d.url.as_str())
        .elements(elements)];
    if let Some(fix) = &d.fix {
        let patches = fix.edits.iter().map(|e| {
            let x = excerpt(set.get(e.file), e.range);
            Snippet::source(x.source)
                .line_start(x.line)
                .path(x.path)
                .patch(Patch::new(x.span, e.new_text.as_str()))
        });
        groups.push(
            Level::HELP
                .secondary_title(clean(&format!("fix available: {}", fix.title)))
                .elements(patches),
        );
    }
    groups
}

/// The whole lines around a range, so rendering costs the size of the excerpt, not of the file.
struct Excerpt<'a> {
    path: &'a str,
    source: String,
    /// 1-based number of the first line of `source`.
    line: usize,
    /// The range, relative to `source`.
    span: Range<usize>,
}

fn excerpt(doc: &Document, range: TextRange) -> Excerpt<'_> {
    let text = doc.text.as_str();
    let boundary = |offset: u32| {
        let mut o = (offset as usize).min(text.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let start = boundary(range.start);
    let end = boundary(range.end).max(start);
    let first = doc.line_index.line_of(start as u32);
    let last = doc.line_index.line_of(end as u32);
    let from = doc.line_index.line_range(text, first).start as usize;
    let to = (doc.line_index.line_range(text, last).end as usize).max(end);
    // A lone `\r` ends a line for us (as in LSP) but not for the renderer; as a `\n` it keeps
    // every offset and makes the line numbers agree.
    let bytes: Vec<u8> = text.as_bytes()[from..to]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let next = text.as_bytes().get(from + i + 1);
            if b == b'\r' && next != Some(&b'\n') {
                b'\n'
            } else {
                b
            }
        })
        .collect();
    Excerpt {
        path: &doc.name,
        // Only ASCII bytes were swapped for ASCII bytes, so this is still UTF-8.
        source: String::from_utf8_lossy(&bytes).into_owned(),
        line: first as usize + 1,
        span: start - from..end - from,
    }
}

impl<'a> Excerpt<'a> {
    fn snippet(
        self,
        kind: AnnotationKind,
        label: Option<String>,
    ) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
        Snippet::source(self.source)
            .line_start(self.line)
            .path(self.path)
            .annotation(kind.span(self.span).label(label))
    }
}
