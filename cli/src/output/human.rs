//! `--format human`: each diagnostic with its source excerpt, the range underlined, then a
//! summary. Rendering is annotate-snippets (rustc's and cargo's renderer).

use super::{summary, Report};
use annotate_snippets::{
    normalize_untrusted_str as clean, Annotation, AnnotationKind, Element, Group, Level, Origin,
    Patch, Renderer, Snippet,
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
        drop_empty_origins(&renderer.render(&groups(set, d)), &mut out);
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
    let note = if color {
        AnsiColor::Cyan.on_default().bold()
    } else {
        Style::new()
    };
    for i in report.incomplete() {
        out.push_str(&format!(
            "{note}note{note:#}: {}: incomplete model, {}\n",
            clean(i.file),
            clean(i.reason)
        ));
    }
    out
}

/// Copy a rendered report, leaving out the bare `:::` line the renderer draws above a snippet
/// that has no path of its own: those are the cut long lines, whose real position the `-->`
/// line above already gives.
fn drop_empty_origins(rendered: &str, out: &mut String) {
    for line in rendered.split_inclusive('\n') {
        if without_escapes(line).trim() != ":::" {
            out.push_str(line);
        }
    }
}

/// `line` without ANSI CSI sequences (`ESC [ ... final`).
pub(crate) fn without_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
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
        .flat_map(|&file| {
            let mut marks = Vec::new();
            if file == d.location.file {
                marks.push((d.location.range, AnnotationKind::Primary, None));
            }
            for r in d.related.iter().filter(|r| r.location.file == file) {
                let label = Some(clean(&r.message));
                marks.push((r.location.range, AnnotationKind::Context, label));
            }
            excerpt(set.get(file), marks)
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
        let patches = fix.edits.iter().flat_map(|e| {
            let lines = Lines::around(set.get(e.file), &[e.range]);
            let patch = Patch::new(lines.span(e.range), e.new_text.as_str());
            lines.elements(|snippet| snippet.patch(patch).into())
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
fn excerpt(doc: &Document, marks: Vec<Mark>) -> Vec<Element<'_>> {
    let ranges: Vec<TextRange> = marks.iter().map(|m| m.0).collect();
    let lines = Lines::around(doc, &ranges);
    let annotations: Vec<Annotation> = marks
        .into_iter()
        .map(|(range, kind, label)| kind.span(lines.span(range)).label(label))
        .collect();
    lines.elements(|snippet| snippet.annotations(annotations).into())
}

/// Where a long line is cut, how much is kept either side of the ranges.
const LONG_LINE: usize = 400;
const CONTEXT: usize = 120;
const ELLIPSIS: &str = "…";

/// The whole lines around some ranges of a document, so that rendering costs the size of the
/// excerpt rather than of the file. A single line longer than [`LONG_LINE`] (minified JSON)
/// is cut to the ranges and some context, marked with `…`.
struct Lines<'a> {
    path: &'a str,
    text: &'a str,
    source: String,
    /// 1-based number of the first line of `source`.
    first_line: usize,
    /// Byte offset in the document of the first byte of `source` after `prefix`.
    from: usize,
    /// Bytes of `source` before the document's text starts (an ellipsis, or nothing).
    prefix: usize,
    /// Where the excerpt was cut from a longer line: 1-based line and column of the first
    /// range, which the renderer, seeing only the cut, cannot count itself.
    cut_at: Option<(usize, usize)>,
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
        let mut from = doc.line_index.line_range(text, first).start as usize;
        let mut to = (doc.line_index.line_range(text, last).end as usize).max(end);
        let (mut head, mut tail, mut cut_at) = ("", "", None);
        if first == last && to - from > LONG_LINE {
            let cut_from = boundary(text, start.saturating_sub(CONTEXT) as u32).max(from);
            let cut_to = ceil_boundary(text, end + CONTEXT).min(to);
            if cut_from > from {
                head = ELLIPSIS;
            }
            if cut_to < to {
                tail = ELLIPSIS;
            }
            let first_range = ranges.first().map_or(0, |r| r.start);
            let pos = doc.line_index.line_col(text, first_range);
            cut_at = Some((pos.line as usize, pos.column as usize));
            (from, to) = (cut_from, cut_to);
        }
        // A lone `\r` ends a line for us (as in LSP) but not for the renderer; as a `\n` it
        // keeps every offset and makes the line numbers agree.
        let bytes = text.as_bytes();
        let body: Vec<u8> = (from..to)
            .map(|i| match bytes[i] {
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => b'\n',
                b => b,
            })
            .collect();
        Lines {
            path: &doc.name,
            text,
            // Only ASCII bytes were swapped for ASCII bytes, so this is still UTF-8.
            source: format!("{head}{}{tail}", String::from_utf8_lossy(&body)),
            first_line: first as usize + 1,
            from,
            prefix: head.len(),
            cut_at,
        }
    }

    /// `range` relative to the excerpt, on character boundaries and inside it.
    fn span(&self, range: TextRange) -> Range<usize> {
        let last = self.source.len() - self.prefix;
        let start = boundary(self.text, range.start).saturating_sub(self.from);
        let end = boundary(self.text, range.end).saturating_sub(self.from);
        let (start, end) = (start.min(last), end.min(last).max(start.min(last)));
        start + self.prefix..end + self.prefix
    }

    /// The snippet (finished by `finish`) with its `-->` header: the renderer's own, or ours
    /// when the line was cut.
    fn elements<'s, T: Clone>(
        self,
        finish: impl FnOnce(Snippet<'s, T>) -> Element<'s>,
    ) -> Vec<Element<'s>>
    where
        'a: 's,
    {
        let snippet = Snippet::source(self.source).line_start(self.first_line);
        match self.cut_at {
            None => vec![finish(snippet.path(self.path))],
            Some((line, column)) => vec![
                Origin::path(self.path)
                    .line(line)
                    .char_column(column)
                    .into(),
                finish(snippet),
            ],
        }
    }
}

/// `offset` moved into `text` and forward onto a character boundary.
fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o += 1;
    }
    o
}

/// `offset` moved into `text` and back onto a character boundary.
fn boundary(text: &str, offset: u32) -> usize {
    let mut o = (offset as usize).min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}
