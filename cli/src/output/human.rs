//! `--format human`: each diagnostic with its source excerpt, the range underlined, then a
//! summary. Rendering is annotate-snippets (rustc's and cargo's renderer).

use super::{summary, Report};
use annotate_snippets::{
    normalize_untrusted_str as clean, Annotation, AnnotationKind, Element, Group, Level, Patch,
    Renderer, Snippet,
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
    // One snippet per file, the main file first, so that related places near the finding show
    // under the same source lines as the finding itself.
    let mut files = vec![d.location.file];
    for r in &d.related {
        if !files.contains(&r.location.file) {
            files.push(r.location.file);
        }
    }
    let mut elements: Vec<Element> = files
        .iter()
        .map(|&file| {
            let mut marks = Vec::new();
            if file == d.location.file {
                marks.push((d.location.range, AnnotationKind::Primary, None));
            }
            for r in d.related.iter().filter(|r| r.location.file == file) {
                let label = Some(clean(&r.message));
                marks.push((r.location.range, AnnotationKind::Context, label));
            }
            excerpt(set.get(file), marks).into()
        })
        .collect();
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
            let lines = Lines::around(set.get(e.file), &[e.range]);
            let span = lines.span(e.range);
            Snippet::source(lines.source)
                .line_start(lines.first_line)
                .path(lines.path)
                .patch(Patch::new(span, e.new_text.as_str()))
        });
        groups.push(
            Level::HELP
                .secondary_title(clean(&format!("fix available: {}", fix.title)))
                .elements(patches),
        );
    }
    groups
}

type Mark = (TextRange, AnnotationKind, Option<String>);

/// A snippet of `doc` with every mark annotated.
fn excerpt(doc: &Document, marks: Vec<Mark>) -> Snippet<'_, Annotation<'_>> {
    let ranges: Vec<TextRange> = marks.iter().map(|m| m.0).collect();
    let lines = Lines::around(doc, &ranges);
    let annotations: Vec<Annotation> = marks
        .into_iter()
        .map(|(range, kind, label)| kind.span(lines.span(range)).label(label))
        .collect();
    Snippet::source(lines.source.clone())
        .line_start(lines.first_line)
        .path(lines.path)
        .annotations(annotations)
}

/// The whole lines around some ranges of a document, so that rendering costs the size of the
/// excerpt rather than of the file.
struct Lines<'a> {
    path: &'a str,
    text: &'a str,
    source: String,
    /// 1-based number of the first line of `source`.
    first_line: usize,
    /// Byte offset of `source` in the document.
    from: usize,
}

impl<'a> Lines<'a> {
    fn around(doc: &'a Document, ranges: &[TextRange]) -> Lines<'a> {
        let text = doc.text.as_str();
        let start = ranges
            .iter()
            .map(|r| boundary(text, r.start))
            .min()
            .unwrap_or(0);
        let end = ranges
            .iter()
            .map(|r| boundary(text, r.end))
            .max()
            .unwrap_or(0)
            .max(start);
        let first = doc.line_index.line_of(start as u32);
        let last = doc.line_index.line_of(end as u32);
        let from = doc.line_index.line_range(text, first).start as usize;
        let to = (doc.line_index.line_range(text, last).end as usize).max(end);
        // A lone `\r` ends a line for us (as in LSP) but not for the renderer; as a `\n` it
        // keeps every offset and makes the line numbers agree.
        let bytes = text.as_bytes();
        let source: Vec<u8> = (from..to)
            .map(|i| match bytes[i] {
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => b'\n',
                b => b,
            })
            .collect();
        Lines {
            path: &doc.name,
            text,
            // Only ASCII bytes were swapped for ASCII bytes, so this is still UTF-8.
            source: String::from_utf8_lossy(&source).into_owned(),
            first_line: first as usize + 1,
            from,
        }
    }

    /// `range` relative to the excerpt, on character boundaries and inside it.
    fn span(&self, range: TextRange) -> Range<usize> {
        let start = boundary(self.text, range.start);
        let end = boundary(self.text, range.end).max(start);
        start - self.from..end - self.from
    }
}

/// `offset` moved into `text` and back onto a character boundary.
fn boundary(text: &str, offset: u32) -> usize {
    let mut o = (offset as usize).min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}
