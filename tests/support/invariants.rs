//! What must hold for any input, whatever junk it is: shared by the tests and by the fuzz
//! targets (`fuzz/`, which include this file by path). Each check returns the first violation.

#![allow(dead_code)]

use topolint::arm::expr::{self, ExprError};
use topolint::diagnostic::apply_edits;
use topolint::syntax::bicep::{self, *};
use topolint::syntax::jsonc::{self, JsonDoc, ValueKind};
use topolint::text::TextRange;
use topolint::{CheckResult, DocumentKind, DocumentSet, Location};

/// The longest valid UTF-8 prefix of fuzzer bytes: the core takes `&str` (the command line
/// rejects invalid UTF-8 before it).
pub fn utf8_prefix(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// Token ranges tile `text` exactly, from 0 to its end, none empty.
pub fn tiles(text: &str, tokens: impl Iterator<Item = TextRange>) -> Result<(), String> {
    let mut at = 0u32;
    for r in tokens {
        if r.start != at || r.end <= r.start {
            return Err(format!("token {r:?} does not continue at {at}"));
        }
        at = r.end;
    }
    if at as usize != text.len() {
        return Err(format!("tokens end at {at}, the text at {}", text.len()));
    }
    Ok(())
}

/// Every range is in bounds of `text` and starts and ends on character boundaries.
pub fn in_bounds(text: &str, ranges: impl IntoIterator<Item = TextRange>) -> Result<(), String> {
    for r in ranges {
        let ok = r.start <= r.end
            && (r.end as usize) <= text.len()
            && text.is_char_boundary(r.start as usize)
            && text.is_char_boundary(r.end as usize);
        if !ok {
            return Err(format!(
                "range {r:?} out of bounds or off a character boundary (text of {} bytes)",
                text.len()
            ));
        }
    }
    Ok(())
}

/// What must hold for any JSON-with-comments input: tokens tile the text, every value, key and
/// error range is in bounds and on character boundaries.
pub fn jsonc(text: &str, doc: &JsonDoc) -> Result<(), String> {
    tiles(text, doc.tokens.iter().map(|t| t.range))?;
    let mut ranges: Vec<TextRange> = doc.errors.iter().map(|e| e.range).collect();
    let mut stack: Vec<&jsonc::Value> = doc.root.iter().collect();
    while let Some(v) = stack.pop() {
        ranges.push(v.range);
        match &v.kind {
            ValueKind::Object(members) => {
                for m in members {
                    ranges.push(m.key.range);
                    stack.push(&m.value);
                }
            }
            ValueKind::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    in_bounds(text, ranges)
}

/// What must hold for a template expression parsed out of the document `text`: every node,
/// name and error range is in bounds of the document and on character boundaries.
pub fn arm_expr(text: &str, e: &expr::Expr, errors: &[ExprError]) -> Result<(), String> {
    let mut ranges: Vec<TextRange> = errors.iter().map(|e| e.range).collect();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        ranges.push(e.range);
        match &e.kind {
            expr::ExprKind::Call {
                name_range, args, ..
            } => {
                ranges.push(*name_range);
                stack.extend(args);
            }
            expr::ExprKind::Member {
                target, name_range, ..
            } => {
                ranges.push(*name_range);
                stack.push(target);
            }
            expr::ExprKind::Index { target, index } => {
                stack.push(target);
                stack.push(index);
            }
            _ => {}
        }
    }
    in_bounds(text, ranges)
}

/// What must hold for any check: every location (diagnostics, related places, fix edits) is in
/// bounds of its file; and applying every fix of a file that parsed without syntax errors
/// yields text that still parses without syntax errors.
pub fn check(set: &DocumentSet, result: &CheckResult) -> Result<(), String> {
    let at = |loc: &Location| -> Result<(), String> {
        if loc.file.0 as usize >= set.len() {
            return Err(format!("location in unknown file {:?}", loc.file));
        }
        in_bounds(&set.get(loc.file).text, [loc.range])
    };
    for d in &result.diagnostics {
        at(&d.location).map_err(|e| format!("{}: {e}", d.code))?;
        for r in &d.related {
            at(&r.location).map_err(|e| format!("{} (related): {e}", d.code))?;
        }
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            at(&Location::new(edit.file, edit.range))
                .map_err(|e| format!("{} (fix): {e}", d.code))?;
        }
    }
    for (fid, doc) in set.iter() {
        let edits: Vec<_> = result
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| &f.edits)
            .filter(|e| e.file == fid)
            .collect();
        if edits.is_empty() || syntax_errors(doc.kind, &doc.text) != Some(0) {
            continue;
        }
        let fixed = apply_edits(&doc.text, &edits);
        if syntax_errors(doc.kind, &fixed) != Some(0) {
            return Err(format!(
                "applying the fixes to {} gives text with syntax errors:\n{fixed}",
                doc.name
            ));
        }
    }
    Ok(())
}

/// How many syntax errors the parser of `kind` finds in `text`; `None` for files we do not read.
pub fn syntax_errors(kind: DocumentKind, text: &str) -> Option<usize> {
    match kind {
        DocumentKind::Bicep => Some(bicep::parse(text).errors.len()),
        k if k.is_json() => Some(jsonc::parse(text).errors.len()),
        _ => None,
    }
}

/// What must hold for any Bicep input: the tokens tile the text and give it back, every range
/// of the tree is in bounds and on character boundaries. Returns the first violation.
pub fn bicep(text: &str, file: &BicepFile) -> Result<(), String> {
    tiles(text, file.tokens.iter().map(|t| t.range))?;
    let mut ranges = Vec::new();
    for s in &file.statements {
        statement_ranges(s, &mut ranges);
    }
    ranges.extend(file.errors.iter().map(|e| e.range));
    for p in &file.pragmas {
        ranges.push(p.range);
        ranges.extend(p.codes.iter().map(|c| c.1));
    }
    in_bounds(text, ranges)
}

fn statement_ranges(s: &Statement, out: &mut Vec<TextRange>) {
    out.push(s.range);
    for d in &s.decorators {
        out.push(d.range);
        expr_ranges(&d.expr, out);
    }
    match &s.kind {
        StatementKind::TargetScope { value }
        | StatementKind::Metadata { value, .. }
        | StatementKind::Assert { value, .. } => expr_ranges(value, out),
        StatementKind::Import(i) => {
            match &i.kind {
                ImportKind::Symbols(syms) => {
                    for s in syms {
                        out.push(s.range);
                        expr_ranges(&s.name, out);
                    }
                }
                ImportKind::Provider { spec, config, .. } => {
                    expr_ranges(spec, out);
                    config.iter().for_each(|c| expr_ranges(c, out));
                }
                _ => {}
            }
            if let Some(f) = &i.from {
                out.push(f.range);
            }
        }
        StatementKind::Extension(e) => {
            expr_ranges(&e.spec, out);
            e.config.iter().for_each(|c| expr_ranges(c, out));
        }
        StatementKind::Using { path, config, .. } => {
            expr_ranges(path, out);
            config.iter().for_each(|c| expr_ranges(c, out));
        }
        StatementKind::Param(p) => {
            p.ty.iter().for_each(|t| type_ranges(t, out));
            p.default.iter().for_each(|e| expr_ranges(e, out));
        }
        StatementKind::Var(v) => {
            v.ty.iter().for_each(|t| type_ranges(t, out));
            expr_ranges(&v.value, out);
        }
        StatementKind::Type(t) => type_ranges(&t.value, out),
        StatementKind::Func(f) => {
            for (n, t) in &f.params {
                out.push(n.range);
                type_ranges(t, out);
            }
            f.return_type.iter().for_each(|t| type_ranges(t, out));
            expr_ranges(&f.body, out);
        }
        StatementKind::Resource(r) => {
            out.push(r.range);
            if let Some(s) = &r.type_string {
                string_ranges(s, out);
            }
            expr_ranges(&r.body, out);
        }
        StatementKind::Module(m) => {
            out.push(m.range);
            if let Some(s) = &m.path {
                string_ranges(s, out);
            }
            expr_ranges(&m.body, out);
        }
        StatementKind::Output(o) => {
            o.ty.iter().for_each(|t| type_ranges(t, out));
            expr_ranges(&o.value, out);
        }
        StatementKind::Error => {}
    }
}

fn string_ranges(s: &StringLit, out: &mut Vec<TextRange>) {
    out.push(s.range);
    assert_eq!(
        s.segments.len(),
        s.exprs.len() + 1,
        "string segments invariant"
    );
    out.extend(s.segments.iter().map(|g| g.range));
}

fn expr_ranges(e: &Expr, out: &mut Vec<TextRange>) {
    out.push(e.range);
    match &e.kind {
        ExprKind::String(s) => string_ranges(s, out),
        ExprKind::Object(o) => {
            out.push(o.range);
            for item in &o.items {
                match item {
                    ObjectItem::Property(p) => {
                        out.push(p.range);
                        out.push(p.key.range);
                    }
                    ObjectItem::Resource(s) => statement_ranges(s, out),
                    ObjectItem::Error(r) => out.push(*r),
                    ObjectItem::Spread(_) => {}
                }
            }
        }
        _ => {}
    }
    for c in e.children() {
        expr_ranges(c, out);
    }
}

fn type_ranges(t: &TypeExpr, out: &mut Vec<TextRange>) {
    out.push(t.range);
    match &t.kind {
        TypeKind::Ref { target, name, args } => {
            out.push(name.range);
            target.iter().for_each(|x| type_ranges(x, out));
            args.iter().flatten().for_each(|x| type_ranges(x, out));
        }
        TypeKind::Literal(e) => expr_ranges(e, out),
        TypeKind::Union(m) => m.iter().for_each(|x| type_ranges(x, out)),
        TypeKind::Nullable(x) | TypeKind::NonNull(x) | TypeKind::Array(x) | TypeKind::Paren(x) => {
            type_ranges(x, out)
        }
        TypeKind::Index { base, index } => {
            type_ranges(base, out);
            index.iter().for_each(|i| expr_ranges(i, out));
        }
        TypeKind::Object(props) => {
            for p in props {
                out.push(p.range);
                p.decorators.iter().for_each(|d| expr_ranges(&d.expr, out));
                type_ranges(&p.value, out);
            }
        }
        TypeKind::Tuple(items) => {
            for i in items {
                i.decorators.iter().for_each(|d| expr_ranges(&d.expr, out));
                type_ranges(&i.value, out);
            }
        }
        TypeKind::Resource(s) => s.iter().for_each(|s| string_ranges(s, out)),
        TypeKind::Error => {}
    }
}
