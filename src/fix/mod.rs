//! The fix toolkit: minimal, syntax-aware edits that rules use without knowing the syntax.
//!
//! A rule names an object by a [`Location`] (a topology JSON entry, an ARM resource object, a
//! Bicep resource declaration or object: the model's `Meta::decl` is one) and asks to
//! [`replace_value`], [`add_property`], [`set_property`] or [`append_item`]; values are a
//! neutral [`FixValue`] rendered per syntax (JSON `"x"`, objects on one line; Bicep `'x'`,
//! objects one property per line). The toolkit re-parses the document to find the object and
//! its layout (indentation, single- or multi-line, trailing commas) and returns one edit that
//! touches only where the new text goes: it never rewrites the document.
//!
//! [`fix`] builds the [`Fix`] and checks it: the edited documents must parse with no more
//! syntax errors than before, else there is no fix.

pub mod arm;
mod target;
#[cfg(test)]
mod tests;
mod value;

pub use value::{bicep_string, FixValue};

use crate::diagnostic::{apply_edits, Fix, TextEdit};
use crate::document::{Document, DocumentKind, DocumentSet, FileId, Location};
use crate::syntax::bicep::{self, StatementKind};
use crate::text::TextRange;
use target::{MemberView, ObjView};

/// How a document is written, as far as edits care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Topology JSON, ARM templates and parameters (JSON with comments).
    Json,
    Bicep,
}

impl Syntax {
    pub fn of(kind: DocumentKind) -> Option<Syntax> {
        match kind {
            k if k.is_json() => Some(Syntax::Json),
            DocumentKind::Bicep => Some(Syntax::Bicep),
            _ => None,
        }
    }
}

/// One replacement in one text (the document-free form of [`TextEdit`], for tests and for
/// callers holding only text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// An edit of the object at `target`, found in the document's parsed tree (parsed once for
/// all the fixes of a check).
fn doc_edit(
    docs: &DocumentSet,
    target: Location,
    f: impl FnOnce(&str, Syntax, &ObjView) -> Option<Edit>,
) -> Option<TextEdit> {
    if target.file.0 as usize >= docs.len() {
        return None;
    }
    let doc = docs.get(target.file);
    let syntax = Syntax::of(doc.kind)?;
    let mut obj = match syntax {
        Syntax::Json => target::json_object_in(doc.json_tree(), target.range),
        Syntax::Bicep => target::bicep_object_in(doc.bicep_tree(), target.range),
    }?;
    obj.newline = doc.newline();
    let e = f(&doc.text, syntax, &obj)?;
    Some(TextEdit {
        file: target.file,
        range: e.range,
        new_text: e.new_text,
    })
}

/// Replace the value of property `key` of the object at `target`; `None` when it has none.
pub fn replace_value(
    docs: &DocumentSet,
    target: Location,
    key: &str,
    value: &FixValue,
) -> Option<TextEdit> {
    doc_edit(docs, target, |t, s, o| {
        text::replace_value_in(t, s, o, key, value)
    })
}

/// Add property `key: value` to the object at `target`; `None` when it already has `key`.
pub fn add_property(
    docs: &DocumentSet,
    target: Location,
    key: &str,
    value: &FixValue,
) -> Option<TextEdit> {
    doc_edit(docs, target, |t, s, o| {
        text::add_property_in(t, s, o, key, value)
    })
}

/// Replace `key`'s value when the object has it, else add the property.
pub fn set_property(
    docs: &DocumentSet,
    target: Location,
    key: &str,
    value: &FixValue,
) -> Option<TextEdit> {
    doc_edit(docs, target, |t, s, o| {
        text::replace_value_in(t, s, o, key, value)
            .or_else(|| text::add_property_in(t, s, o, key, value))
    })
}

/// Set the property at `path` (`["properties", "outboundVnetRouting", "imagePullTraffic"]`)
/// under the object at `target`: the value is replaced when the property exists, else the
/// first missing level is added with the rest nested in it. `None` when a level on the way
/// holds something other than an object literal.
pub fn set_path(
    docs: &DocumentSet,
    target: Location,
    path: &[&str],
    value: &FixValue,
) -> Option<TextEdit> {
    doc_edit(docs, target, |t, s, o| {
        text::set_path(t, s, o.range, path, value)
    })
}

/// Append `item` to the array property `key` of the object at `target`, creating the property
/// when it is absent; `None` when `key` holds something other than an array.
pub fn append_item(
    docs: &DocumentSet,
    target: Location,
    key: &str,
    item: &FixValue,
) -> Option<TextEdit> {
    doc_edit(docs, target, |t, s, o| {
        text::append_item_in(t, s, o, key, item)
    })
}

/// A Bicep declaration as a fix needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BicepDecl {
    pub symbol: String,
    /// `Microsoft.Network/virtualNetworks` (as written; a nested child's is its own segment).
    pub type_name: String,
    pub api_version: Option<String>,
    /// A top-level declaration without loop or condition: another declaration can refer to
    /// it by its symbol and be written after it.
    pub plain: bool,
    /// The statement, decorators included.
    pub range: TextRange,
}

/// The Bicep resource declaration at `decl` (a model `Meta::decl`).
pub fn bicep_declaration(docs: &DocumentSet, decl: Location) -> Option<BicepDecl> {
    let doc = docs.get(decl.file);
    if doc.kind != DocumentKind::Bicep {
        return None;
    }
    let file = doc.bicep_tree();
    let s = target::bicep_declaration(&file.statements, decl.range)?;
    let StatementKind::Resource(r) = &s.kind else {
        return None;
    };
    let ty = r.resource_type()?;
    let top = file.statements.iter().any(|t| t.range == s.range);
    Some(BicepDecl {
        symbol: r.name.as_ref()?.name.clone(),
        type_name: ty.type_name.to_string(),
        api_version: ty.api_version.map(str::to_string),
        plain: top && r.for_loop().is_none() && r.condition().is_none() && !r.is_existing(),
        range: s.range,
    })
}

/// A Bicep symbol based on `base` that no declaration of the file uses yet.
pub fn unique_symbol(docs: &DocumentSet, file: FileId, base: &str) -> String {
    let symbols = docs.get(file).bicep_symbols();
    let taken = |n: &str| symbols.contains(n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// `resource <symbol> '<type>@<api>' = { ... }`, one property per line.
pub fn bicep_resource(symbol: &str, type_api: &str, body: &FixValue) -> String {
    format!(
        "resource {symbol} {} = {}",
        bicep_string(type_api),
        body.render(Syntax::Bicep, "", "  ", true)
    )
}

/// Insert a declaration (Bicep) after the declaration at `decl`, separated by a blank line.
pub fn insert_declaration_after(
    docs: &DocumentSet,
    decl: Location,
    declaration: &str,
) -> Option<TextEdit> {
    let d = bicep_declaration(docs, decl)?;
    Some(TextEdit {
        file: decl.file,
        range: TextRange::empty(d.range.end),
        new_text: {
            let nl = docs.get(decl.file).newline();
            format!("{nl}{nl}{}", with_newline(declaration, nl))
        },
    })
}

/// Rename a resource written by its literal name: every occurrence of `old` as a whole string
/// literal, a quoted argument inside an ARM expression (`'old'`) or the parent part of a child
/// name (`old/child`), in every JSON or Bicep document of the set, becomes `new`. Names built
/// from expressions are not found: the caller offers the rename only where the declaration's
/// name is itself a literal.
pub fn rename_literal(docs: &DocumentSet, old: &str, new: &str) -> Vec<TextEdit> {
    docs.iter()
        .filter(|(_, d)| Syntax::of(d.kind).is_some())
        .flat_map(|(file, d)| {
            text::name_occurrences(&d.text, old)
                .into_iter()
                .map(move |range| TextEdit {
                    file,
                    range,
                    new_text: new.to_string(),
                })
        })
        .collect()
}

/// A fix of `edits`, when every edited document still parses with no more syntax errors than
/// before (and edits are in range and do not overlap).
pub fn fix(docs: &DocumentSet, title: impl Into<String>, edits: Vec<TextEdit>) -> Option<Fix> {
    if edits.is_empty() {
        return None;
    }
    let mut files: Vec<FileId> = edits.iter().map(|e| e.file).collect();
    files.sort();
    files.dedup();
    for f in files {
        if f.0 as usize >= docs.len() {
            return None;
        }
        let doc = docs.get(f);
        let mine: Vec<&TextEdit> = edits.iter().filter(|e| e.file == f).collect();
        let mut ranges: Vec<TextRange> = mine.iter().map(|e| e.range).collect();
        ranges.sort();
        if ranges.windows(2).any(|w| w[0].end > w[1].start)
            || ranges.iter().any(|r| r.end as usize > doc.text.len())
        {
            return None;
        }
        if adds_syntax_errors(doc, &mine, ranges[0].cover(ranges[ranges.len() - 1]))? {
            return None;
        }
    }
    Some(Fix {
        title: title.into(),
        edits,
    })
}

/// Whether `edits` (within `hull`) leave `doc` with more syntax errors than it has.
///
/// When the document has none, only the part the edits touch is parsed again, alone: the
/// top-level Bicep statements around them, or, in the innermost JSON object or array holding
/// them, the members or items they touch and one on each side, in brackets. The rest of the
/// text is unchanged and parsed without error before, so the edited document has errors
/// exactly when that part does. This keeps the fixes of a check linear in the document's size
/// rather than one whole parse each.
fn adds_syntax_errors(doc: &Document, edits: &[&TextEdit], hull: TextRange) -> Option<bool> {
    let syntax = Syntax::of(doc.kind)?;
    let errors = |text: &str| match syntax {
        Syntax::Json => crate::syntax::jsonc::parse(text).errors.len(),
        Syntax::Bicep => bicep::parse(text).errors.len(),
    };
    let before = match syntax {
        Syntax::Json => doc.json_tree().errors.len(),
        Syntax::Bicep => doc.bicep_tree().errors.len(),
    };
    let region = match syntax {
        _ if before > 0 => None,
        Syntax::Json => doc
            .json_tree()
            .root
            .as_ref()
            .and_then(|r| json_region(r, hull)),
        Syntax::Bicep => bicep_region(&doc.bicep_tree().statements, hull).map(|r| (r, "", "")),
    };
    let Some((region, open, close)) = region else {
        return Some(errors(&apply_edits(&doc.text, edits)) > before);
    };
    let shifted: Vec<TextEdit> = edits
        .iter()
        .map(|e| TextEdit {
            file: e.file,
            range: TextRange::new(e.range.start - region.start, e.range.end - region.start),
            new_text: e.new_text.clone(),
        })
        .collect();
    let old = region.slice(&doc.text);
    let new = apply_edits(old, &shifted.iter().collect::<Vec<_>>());
    Some(errors(&format!("{open}{new}{close}")) > errors(&format!("{open}{old}{close}")))
}

/// The top-level statements that `hull` touches, when they cover it.
fn bicep_region(statements: &[bicep::Statement], hull: TextRange) -> Option<TextRange> {
    let first = statements.partition_point(|s| s.range.end < hull.start);
    let last = statements.partition_point(|s| s.range.start <= hull.end);
    let touched = statements.get(first..last).filter(|t| !t.is_empty())?;
    let region = touched[0].range.cover(touched[touched.len() - 1].range);
    region.contains_range(hull).then_some(region)
}

/// In the innermost object or array whose brackets hold `hull`: from the member or item
/// before `hull` (else the opening bracket) to the one after it (else the closing bracket),
/// with the brackets to put around that text to parse it alone.
fn json_region(
    root: &crate::syntax::jsonc::Value,
    hull: TextRange,
) -> Option<(TextRange, &'static str, &'static str)> {
    use crate::syntax::jsonc::ValueKind;
    let inside = |v: &crate::syntax::jsonc::Value| {
        matches!(v.kind, ValueKind::Object(_) | ValueKind::Array(_))
            && v.range.start < hull.start
            && hull.end < v.range.end
    };
    let mut at = root;
    if !inside(at) {
        return None;
    }
    loop {
        let next = match &at.kind {
            ValueKind::Object(members) => members.iter().map(|m| &m.value).find(|v| inside(v)),
            ValueKind::Array(items) => items.iter().find(|v| inside(v)),
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => break,
        }
    }
    let (children, brackets): (Vec<TextRange>, _) = match &at.kind {
        ValueKind::Object(members) => (members.iter().map(|m| m.range()).collect(), ("{", "}")),
        ValueKind::Array(items) => (items.iter().map(|v| v.range).collect(), ("[", "]")),
        _ => return None,
    };
    let before = children.partition_point(|c| c.end <= hull.start);
    let after = children.partition_point(|c| c.start < hull.end);
    let (start, open) = match before.checked_sub(1) {
        Some(b) => (children[b].start, brackets.0),
        None => (at.range.start, ""),
    };
    let (end, close) = match children.get(after.max(before)) {
        Some(c) if c.start >= hull.end => (c.end, brackets.1),
        _ => (at.range.end, ""),
    };
    Some((TextRange::new(start, end), open, close))
}

/// `s` (rendered with `\n`) with the document's line break `nl`.
fn with_newline(s: &str, nl: &str) -> String {
    if nl == "\n" {
        s.to_string()
    } else {
        s.replace('\n', nl)
    }
}

/// The document's line break (`\r\n` when it uses them).
pub(crate) fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The edits on text alone.
pub mod text {
    use super::*;

    fn object(text: &str, syntax: Syntax, target: TextRange) -> Option<ObjView> {
        let mut obj = match syntax {
            Syntax::Json => target::json_object(text, target),
            Syntax::Bicep => target::bicep_object(text, target),
        }?;
        obj.newline = newline(text);
        Some(obj)
    }

    pub fn replace_value(
        text: &str,
        syntax: Syntax,
        target: TextRange,
        key: &str,
        value: &FixValue,
    ) -> Option<Edit> {
        replace_value_in(text, syntax, &object(text, syntax, target)?, key, value)
    }

    pub(super) fn replace_value_in(
        text: &str,
        syntax: Syntax,
        obj: &ObjView,
        key: &str,
        value: &FixValue,
    ) -> Option<Edit> {
        let m = obj.member(key)?;
        let indent = indent_at(text, m.range.start);
        let multiline = !same_line(text, obj.range.start, obj.range.end);
        let layout = layout(text, syntax, multiline, m.value);
        Some(Edit {
            range: m.value,
            new_text: with_newline(
                &value.render(syntax, &indent, &unit(text, obj), layout),
                obj.newline,
            ),
        })
    }

    pub fn add_property(
        text: &str,
        syntax: Syntax,
        target: TextRange,
        key: &str,
        value: &FixValue,
    ) -> Option<Edit> {
        add_property_in(text, syntax, &object(text, syntax, target)?, key, value)
    }

    pub(super) fn add_property_in(
        text: &str,
        syntax: Syntax,
        obj: &ObjView,
        key: &str,
        value: &FixValue,
    ) -> Option<Edit> {
        if obj.member(key).is_some() {
            return None;
        }
        Some(add_member(text, syntax, obj, key, value))
    }

    pub fn set_path(
        text: &str,
        syntax: Syntax,
        target: TextRange,
        path: &[&str],
        value: &FixValue,
    ) -> Option<Edit> {
        let (key, rest) = path.split_first()?;
        let obj = object(text, syntax, target)?;
        let Some(m) = obj.member(key) else {
            let nested = rest.iter().rev().fold(value.clone(), |v, k| {
                FixValue::Object(vec![(k.to_string(), v)])
            });
            return Some(add_member(text, syntax, &obj, key, &nested));
        };
        if rest.is_empty() {
            return replace_value(text, syntax, target, key, value);
        }
        // The member's value must be an object itself, not an expression inside which the
        // innermost object is found.
        let inner = object(text, syntax, m.value)?;
        if inner.range != m.value {
            return None;
        }
        set_path(text, syntax, m.value, rest, value)
    }

    pub fn append_item(
        text: &str,
        syntax: Syntax,
        target: TextRange,
        key: &str,
        item: &FixValue,
    ) -> Option<Edit> {
        append_item_in(text, syntax, &object(text, syntax, target)?, key, item)
    }

    pub(super) fn append_item_in(
        text: &str,
        syntax: Syntax,
        obj: &ObjView,
        key: &str,
        item: &FixValue,
    ) -> Option<Edit> {
        let Some(m) = obj.member(key) else {
            return Some(add_member(
                text,
                syntax,
                obj,
                key,
                &FixValue::Array(vec![item.clone()]),
            ));
        };
        append_to_array(text, syntax, obj, m, item)
    }

    fn add_member(text: &str, syntax: Syntax, obj: &ObjView, key: &str, value: &FixValue) -> Edit {
        let unit = unit(text, obj);
        let (Some(end), Some(first)) = (obj.last_item_end, obj.first_item_start) else {
            let base = indent_at(text, obj.range.start);
            let inner = inner(obj.range);
            if syntax == Syntax::Bicep || inner.slice(text).contains('\n') {
                let ind = format!("{base}{unit}");
                let m = value::member(syntax, key, value, &ind, &unit, syntax == Syntax::Bicep);
                let nl = obj.newline;
                return Edit {
                    range: inner,
                    new_text: format!("{nl}{ind}{}{nl}{base}", with_newline(&m, nl)),
                };
            }
            let m = value::member(syntax, key, value, &base, &unit, false);
            return Edit {
                range: inner,
                new_text: format!(" {m} "),
            };
        };
        let multiline = !same_line(text, obj.range.start, first);
        let indent = if multiline {
            indent_at(text, first)
        } else {
            indent_at(text, obj.range.start)
        };
        let last = obj
            .members
            .last()
            .map_or(TextRange::empty(end), |m| m.value);
        let m = value::member(
            syntax,
            key,
            value,
            &indent,
            &unit,
            layout(text, syntax, multiline, last),
        );
        insert_after_item(text, syntax, end, multiline, &indent, &m, obj.newline)
    }

    fn append_to_array(
        text: &str,
        syntax: Syntax,
        obj: &ObjView,
        m: &MemberView,
        item: &FixValue,
    ) -> Option<Edit> {
        let arr = m.array.as_ref()?;
        let unit = unit(text, obj);
        let (Some(first), Some(last)) = (arr.items.first(), arr.items.last()) else {
            let base = indent_at(text, arr.range.start);
            let inner = inner(arr.range);
            if syntax == Syntax::Bicep || inner.slice(text).contains('\n') {
                let ind = format!("{base}{unit}");
                let v = item.render(syntax, &ind, &unit, syntax == Syntax::Bicep);
                let nl = obj.newline;
                return Some(Edit {
                    range: inner,
                    new_text: format!("{nl}{ind}{}{nl}{base}", with_newline(&v, nl)),
                });
            }
            return Some(Edit {
                range: inner,
                new_text: format!(" {} ", item.render(syntax, &base, &unit, false)),
            });
        };
        let multiline = !same_line(text, arr.range.start, first.start);
        let indent = if multiline {
            indent_at(text, first.start)
        } else {
            indent_at(text, arr.range.start)
        };
        let v = item.render(
            syntax,
            &indent,
            &unit,
            layout(text, syntax, multiline, *last),
        );
        Some(insert_after_item(
            text,
            syntax,
            last.end,
            multiline,
            &indent,
            &v,
            obj.newline,
        ))
    }

    /// Insert `new` as the item after the one ending at `end`: on its own line with `indent`
    /// when the container is multi-line, else after `, `. JSON needs a comma, and keeps a
    /// trailing comma trailing.
    fn insert_after_item(
        text: &str,
        syntax: Syntax,
        end: u32,
        multiline: bool,
        indent: &str,
        new: &str,
        nl: &str,
    ) -> Edit {
        let trailing = (syntax == Syntax::Json)
            .then(|| trailing_comma(text, end))
            .flatten();
        let at = trailing.map_or(end, |c| c + 1);
        // A line comment after the item stays on the item's line: the new item goes after it
        // (the edit then rewrites the comment as it was).
        let comment = if multiline {
            line_comment_after(text, at)
        } else {
            ""
        };
        let new = &with_newline(new, nl);
        let new_text = match (syntax, multiline, trailing) {
            (Syntax::Json, true, Some(_)) => format!("{comment}{nl}{indent}{new},"),
            (Syntax::Json, false, Some(_)) => format!(" {new},"),
            (Syntax::Json, true, None) => format!(",{comment}{nl}{indent}{new}"),
            (Syntax::Bicep, true, _) => format!("{comment}{nl}{indent}{new}"),
            (_, false, _) => format!(", {new}"),
        };
        Edit {
            range: TextRange::new(at, at + comment.len() as u32),
            new_text,
        }
    }

    /// Whether a value goes one item per line: in Bicep whenever its container is multi-line;
    /// in JSON only when its neighbour `beside` is itself written expanded (an object or array
    /// whose first item starts on a new line), so compact templates stay compact.
    fn layout(text: &str, syntax: Syntax, multiline: bool, beside: TextRange) -> bool {
        multiline
            && match syntax {
                Syntax::Bicep => true,
                Syntax::Json => {
                    let v = beside.slice(text);
                    v.starts_with(['{', '['])
                        && v[1..]
                            .chars()
                            .take_while(|c| c.is_whitespace())
                            .any(|c| c == '\n')
                }
            }
    }

    /// The rest of the line from `at` when it is only blanks and a `//` comment, else "".
    fn line_comment_after(text: &str, at: u32) -> &str {
        let rest = text.get(at as usize..).unwrap_or("");
        let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        if line.trim_start().starts_with("//") {
            line
        } else {
            ""
        }
    }

    /// The offset of a comma right after `end` (whitespace between).
    fn trailing_comma(text: &str, end: u32) -> Option<u32> {
        let rest = text.get(end as usize..)?;
        let skipped = rest.len() - rest.trim_start().len();
        rest[skipped..]
            .starts_with(',')
            .then_some(end + skipped as u32)
    }

    /// Between the brackets.
    fn inner(r: TextRange) -> TextRange {
        if r.len() >= 2 {
            TextRange::new(r.start + 1, r.end - 1)
        } else {
            TextRange::empty(r.end)
        }
    }

    /// The object's indentation step: its first item's indentation past the line of its brace,
    /// else two spaces (a tab when the document indents with tabs).
    fn unit(text: &str, obj: &ObjView) -> String {
        let base = indent_at(text, obj.range.start);
        if let Some(first) = obj.first_item_start {
            let ind = indent_at(text, first);
            if !same_line(text, obj.range.start, first) && ind.len() > base.len() {
                if let Some(step) = ind.strip_prefix(base.as_str()) {
                    return step.to_string();
                }
            }
        }
        if base.contains('\t') {
            "\t".into()
        } else {
            "  ".into()
        }
    }

    /// Where `name` (ASCII case-insensitive, as Azure compares resource names) is written as
    /// a whole name: right after a quote (`"` or `'`) and right before a quote or a `/`.
    pub fn name_occurrences(text: &str, name: &str) -> Vec<TextRange> {
        let (hay, needle) = (text.as_bytes(), name.as_bytes());
        if needle.is_empty() || needle.len() > hay.len() {
            return Vec::new();
        }
        (1..=hay.len() - needle.len())
            .filter(|&i| {
                matches!(hay[i - 1], b'"' | b'\'')
                    && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
                    && matches!(hay.get(i + needle.len()), Some(b'"' | b'\'' | b'/'))
            })
            .map(|i| TextRange::new(i as u32, (i + needle.len()) as u32))
            .collect()
    }

    /// The leading whitespace of the line holding `offset`.
    pub fn indent_at(text: &str, offset: u32) -> String {
        let at = (offset as usize).min(text.len());
        let start = text
            .get(..at)
            .and_then(|t| t.rfind(['\n', '\r']))
            .map_or(0, |i| i + 1);
        text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }

    fn same_line(text: &str, a: u32, b: u32) -> bool {
        let (a, b) = (a.min(b) as usize, a.max(b) as usize);
        !text.get(a..b).unwrap_or("").contains(['\n', '\r'])
    }
}
