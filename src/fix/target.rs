//! Finding the object a fix edits, in JSON or Bicep, as one syntax-neutral view.

use crate::syntax::bicep::{self, Expr, ExprKind, ObjectItem, Statement, StatementKind};
use crate::syntax::jsonc::{self, Value, ValueKind};
use crate::text::TextRange;

/// An object: its braces and its properties, in order.
pub struct ObjView {
    /// Braces included.
    pub range: TextRange,
    pub members: Vec<MemberView>,
    /// Where a new property goes: the end of the last property (else of the last item);
    /// `None` when the object holds nothing.
    pub last_item_end: Option<u32>,
    /// The start of the first item, for the object's layout.
    pub first_item_start: Option<u32>,
    /// The document's line break; `\n` until the caller, who has the document, sets it.
    pub newline: &'static str,
}

pub struct MemberView {
    pub key: String,
    /// Key to end of value.
    pub range: TextRange,
    pub value: TextRange,
    pub array: Option<ArrView>,
}

pub struct ArrView {
    /// Brackets included.
    pub range: TextRange,
    pub items: Vec<TextRange>,
}

impl ObjView {
    /// The property `key`: exact, else ignoring ASCII case (ARM names are case-insensitive).
    pub fn member(&self, key: &str) -> Option<&MemberView> {
        self.members.iter().find(|m| m.key == key).or_else(|| {
            self.members
                .iter()
                .find(|m| m.key.eq_ignore_ascii_case(key))
        })
    }
}

// ---- JSON ----

/// The innermost object of a JSON document that covers `target`.
pub fn json_object(text: &str, target: TextRange) -> Option<ObjView> {
    json_object_in(&jsonc::parse(text), target)
}

/// [`json_object`] in a parsed document.
pub fn json_object_in(doc: &jsonc::JsonDoc, target: TextRange) -> Option<ObjView> {
    let mut best: Option<&Value> = None;
    let mut stack: Vec<&Value> = doc.root.iter().collect();
    while let Some(v) = stack.pop() {
        if !v.range.contains_range(target) {
            continue;
        }
        match &v.kind {
            ValueKind::Object(members) => {
                if best.is_none_or(|b| b.range.len() >= v.range.len()) {
                    best = Some(v);
                }
                stack.extend(members.iter().map(|m| &m.value));
            }
            ValueKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    let v = best?;
    let members = v.as_object()?;
    Some(ObjView {
        range: v.range,
        members: members
            .iter()
            .map(|m| MemberView {
                key: m.key.name.clone(),
                range: m.range(),
                value: m.value.range,
                array: m.value.as_array().map(|items| ArrView {
                    range: m.value.range,
                    items: items.iter().map(|i| i.range).collect(),
                }),
            })
            .collect(),
        last_item_end: members.last().map(|m| m.value.range.end),
        first_item_start: members.first().map(|m| m.key.range.start),
        newline: "\n",
    })
}

// ---- Bicep ----

/// The object a Bicep location names: a resource or module declaration's body (the location
/// being the declaration), else the innermost object covering it.
pub fn bicep_object(text: &str, target: TextRange) -> Option<ObjView> {
    bicep_object_in(&bicep::parse(text), target)
}

/// [`bicep_object`] in a parsed file.
pub fn bicep_object_in(file: &bicep::BicepFile, target: TextRange) -> Option<ObjView> {
    if let Some(s) = bicep_declaration(&file.statements, target) {
        let body = match &s.kind {
            StatementKind::Resource(r) => r.body_object(),
            StatementKind::Module(m) => m.body_object(),
            _ => None,
        };
        return body.map(view);
    }
    let mut best: Option<&bicep::Object> = None;
    let mut stack: Vec<&Expr> = Vec::new();
    for s in &file.statements {
        push_statement(s, &mut stack);
    }
    while let Some(e) = stack.pop() {
        if !e.range.contains_range(target) {
            continue;
        }
        if let ExprKind::Object(o) = &e.kind {
            if best.is_none_or(|b| b.range.len() >= o.range.len()) {
                best = Some(o);
            }
            for item in &o.items {
                if let ObjectItem::Resource(s) = item {
                    push_statement(s, &mut stack);
                }
            }
        }
        stack.extend(e.children());
    }
    best.map(view)
}

/// The resource or module statement (top-level or nested) whose range is `target`, with or
/// without its decorators.
pub fn bicep_declaration(statements: &[Statement], target: TextRange) -> Option<&Statement> {
    let mut stack: Vec<&Statement> = statements.iter().collect();
    while let Some(s) = stack.pop() {
        let (range, body) = match &s.kind {
            StatementKind::Resource(r) => (r.range, r.body_object()),
            StatementKind::Module(m) => (m.range, m.body_object()),
            _ => continue,
        };
        if s.range == target || range == target {
            return Some(s);
        }
        if s.range.contains_range(target) {
            for item in body.into_iter().flat_map(|o| &o.items) {
                if let ObjectItem::Resource(child) = item {
                    stack.push(child);
                }
            }
        }
    }
    None
}

fn push_statement<'a>(s: &'a Statement, stack: &mut Vec<&'a Expr>) {
    match &s.kind {
        StatementKind::Resource(r) => stack.push(&r.body),
        StatementKind::Module(m) => stack.push(&m.body),
        StatementKind::Var(v) => stack.push(&v.value),
        StatementKind::Output(o) => stack.push(&o.value),
        StatementKind::Param(p) => stack.extend(p.default.as_ref()),
        _ => {}
    }
}

fn view(o: &bicep::Object) -> ObjView {
    let item_range = |i: &ObjectItem| match i {
        ObjectItem::Property(p) => p.range,
        ObjectItem::Spread(e) => e.range,
        ObjectItem::Resource(s) => s.range,
        ObjectItem::Error(r) => *r,
    };
    ObjView {
        range: o.range,
        members: o
            .properties()
            .filter_map(|p| {
                Some(MemberView {
                    key: p.key.name.clone()?,
                    range: p.range,
                    value: p.value.range,
                    array: p.value.as_array().map(|items| ArrView {
                        range: p.value.range,
                        items: items.iter().map(|i| i.range).collect(),
                    }),
                })
            })
            .collect(),
        // After the last property rather than after a nested resource that may follow it.
        last_item_end: o
            .properties()
            .last()
            .map(|p| p.range.end)
            .or_else(|| o.items.last().map(|i| item_range(i).end)),
        first_item_start: o.items.first().map(|i| item_range(i).start),
        newline: "\n",
    }
}
