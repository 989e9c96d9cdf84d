//! A compact, indented dump of the tree and errors, one node per line with its range: the
//! format of the snapshot tests, and handy when debugging the evaluator.

use super::tree::*;
use crate::text::{LineIndex, TextRange};
use std::fmt::Write as _;

/// The tree of `file` (parsed from `text`) followed by its errors with line and column.
pub fn dump(file: &BicepFile, text: &str) -> String {
    let mut d = Dumper {
        out: String::new(),
        text,
    };
    for s in &file.statements {
        d.statement(s, 0, "");
    }
    let index = LineIndex::new(text);
    for p in &file.pragmas {
        let codes: Vec<&str> = p.codes.iter().map(|(c, _)| c.as_str()).collect();
        let _ = writeln!(d.out, "pragma {} disable-next-line {:?}", r(p.range), codes);
    }
    for e in &file.errors {
        let lc = index.line_col(text, e.range.start);
        let _ = writeln!(
            d.out,
            "error {}:{} {} [{}] {}",
            lc.line,
            lc.column,
            r(e.range),
            e.code,
            e.message
        );
    }
    d.out
}

fn r(range: TextRange) -> String {
    format!("{}..{}", range.start, range.end)
}

struct Dumper<'a> {
    out: String,
    text: &'a str,
}

impl Dumper<'_> {
    fn line(&mut self, depth: usize, label: &str, head: &str, range: TextRange) {
        let _ = writeln!(
            self.out,
            "{:indent$}{label}{head} @{}",
            "",
            r(range),
            indent = depth * 2
        );
    }

    fn ident(i: &Option<Ident>) -> String {
        match i {
            Some(i) => format!("{}@{}", i.name, r(i.range)),
            None => "<missing>".into(),
        }
    }

    fn statement(&mut self, s: &Statement, depth: usize, label: &str) {
        let head = match &s.kind {
            StatementKind::TargetScope { .. } => "targetScope".to_string(),
            StatementKind::Metadata { name, .. } => format!("metadata {}", Self::ident(name)),
            StatementKind::Import(i) => match &i.kind {
                ImportKind::Symbols(_) => "import symbols".into(),
                ImportKind::Wildcard { alias } => format!("import * as {}", Self::ident(alias)),
                ImportKind::Provider { alias, .. } => {
                    format!("import provider as {}", Self::ident(alias))
                }
                ImportKind::Error => "import <error>".into(),
            },
            StatementKind::Extension(e) => {
                format!("{} as {}", e.keyword.name, Self::ident(&e.alias))
            }
            StatementKind::Using { keyword, .. } => keyword.name.clone(),
            StatementKind::Param(p) => format!("param {}", Self::ident(&p.name)),
            StatementKind::Var(v) => format!("var {}", Self::ident(&v.name)),
            StatementKind::Type(t) => format!("type {}", Self::ident(&t.name)),
            StatementKind::Func(f) => format!("func {}", Self::ident(&f.name)),
            StatementKind::Resource(res) => {
                let ty = match res.resource_type() {
                    Some(t) => format!(" {}@{}", t.type_name, t.api_version.unwrap_or("?")),
                    None => String::new(),
                };
                let existing = if res.is_existing() { " existing" } else { "" };
                format!("resource {}{ty}{existing}", Self::ident(&res.name))
            }
            StatementKind::Module(m) => {
                let src = match m.source() {
                    Some(ModuleSource::Local(p)) => format!(" local {p:?}"),
                    Some(ModuleSource::Registry { alias, reference }) => {
                        format!(" registry alias={alias:?} {reference:?}")
                    }
                    Some(ModuleSource::TemplateSpec { alias, reference }) => {
                        format!(" template-spec alias={alias:?} {reference:?}")
                    }
                    None => String::new(),
                };
                format!("{} {}{src}", m.keyword.name, Self::ident(&m.name))
            }
            StatementKind::Output(o) => format!("output {}", Self::ident(&o.name)),
            StatementKind::Assert { name, .. } => format!("assert {}", Self::ident(name)),
            StatementKind::Error => "<error statement>".into(),
        };
        self.line(depth, label, &head, s.range);
        let d = depth + 1;
        for dec in &s.decorators {
            self.expr(&dec.expr, d, "@");
        }
        match &s.kind {
            StatementKind::TargetScope { value } => self.expr(value, d, "value: "),
            StatementKind::Metadata { value, .. } | StatementKind::Assert { value, .. } => {
                self.expr(value, d, "value: ")
            }
            StatementKind::Import(i) => {
                match &i.kind {
                    ImportKind::Symbols(syms) => {
                        for s in syms {
                            self.expr(&s.name, d, "symbol: ");
                            if let Some(a) = &s.alias {
                                self.line(d + 1, "as ", &a.name, a.range);
                            }
                        }
                    }
                    ImportKind::Provider { spec, config, .. } => {
                        self.expr(spec, d, "spec: ");
                        if let Some(c) = config {
                            self.expr(c, d, "with: ");
                        }
                    }
                    _ => {}
                }
                if let Some(f) = &i.from {
                    self.string(f, d, "from: ");
                }
            }
            StatementKind::Extension(e) => {
                self.expr(&e.spec, d, "spec: ");
                if let Some(c) = &e.config {
                    self.expr(c, d, "with: ");
                }
            }
            StatementKind::Using { path, config, .. } => {
                self.expr(path, d, "path: ");
                if let Some(c) = config {
                    self.expr(c, d, "with: ");
                }
            }
            StatementKind::Param(p) => {
                if let Some(t) = &p.ty {
                    self.ty(t, d, "type: ");
                }
                if let Some(v) = &p.default {
                    self.expr(v, d, "default: ");
                }
            }
            StatementKind::Var(v) => {
                if let Some(t) = &v.ty {
                    self.ty(t, d, "type: ");
                }
                self.expr(&v.value, d, "value: ");
            }
            StatementKind::Type(t) => self.ty(&t.value, d, "value: "),
            StatementKind::Func(f) => {
                for (n, t) in &f.params {
                    self.ty(t, d, &format!("param {}: ", n.name));
                }
                if let Some(t) = &f.return_type {
                    self.ty(t, d, "returns: ");
                }
                self.expr(&f.body, d, "body: ");
            }
            StatementKind::Resource(res) => {
                if let Some(s) = &res.type_string {
                    self.string(s, d, "type: ");
                }
                self.expr(&res.body, d, "body: ");
            }
            StatementKind::Module(m) => {
                if let Some(s) = &m.path {
                    self.string(s, d, "path: ");
                }
                self.expr(&m.body, d, "body: ");
            }
            StatementKind::Output(o) => {
                if let Some(t) = &o.ty {
                    self.ty(t, d, "type: ");
                }
                self.expr(&o.value, d, "value: ");
            }
            StatementKind::Error => {}
        }
    }

    fn string(&mut self, s: &StringLit, depth: usize, label: &str) {
        if let Some(v) = s.as_literal() {
            let kind = if s.multiline { "multiline " } else { "" };
            self.line(depth, label, &format!("{kind}string {v:?}"), s.range);
            return;
        }
        self.line(depth, label, "string", s.range);
        for (i, seg) in s.segments.iter().enumerate() {
            self.line(depth + 1, "", &format!("{:?}", seg.value), seg.range);
            if let Some(e) = s.exprs.get(i) {
                self.expr(e, depth + 1, "${ ");
            }
        }
    }

    fn expr(&mut self, e: &Expr, depth: usize, label: &str) {
        let d = depth + 1;
        match &e.kind {
            ExprKind::String(s) => self.string(s, depth, label),
            ExprKind::Number { .. } => {
                let head = format!("number {}", e.range.slice(self.text));
                self.line(depth, label, &head, e.range)
            }
            ExprKind::Bool(b) => self.line(depth, label, &format!("bool {b}"), e.range),
            ExprKind::Null => self.line(depth, label, "null", e.range),
            ExprKind::Ident(i) => self.line(depth, label, &format!("ident {}", i.name), e.range),
            ExprKind::Object(o) => {
                self.line(depth, label, "object", e.range);
                for item in &o.items {
                    match item {
                        ObjectItem::Property(p) => {
                            let key = match &p.key.name {
                                Some(n) => format!("{n:?}"),
                                None => "<interpolated>".into(),
                            };
                            self.line(d, "prop ", &format!("{key}@{}", r(p.key.range)), p.range);
                            if let Some(s) = &p.key.string {
                                if s.as_literal().is_none() {
                                    self.string(s, d + 1, "key: ");
                                }
                            }
                            self.expr(&p.value, d + 1, "");
                        }
                        ObjectItem::Spread(x) => self.expr(x, d, "..."),
                        ObjectItem::Resource(s) => self.statement(s, d, "nested "),
                        ObjectItem::Error(range) => self.line(d, "", "<error item>", *range),
                    }
                }
            }
            ExprKind::Array(items) => {
                self.line(depth, label, "array", e.range);
                for it in items {
                    self.expr(it, d, "");
                }
            }
            ExprKind::Paren(x) => {
                self.line(depth, label, "paren", e.range);
                self.expr(x, d, "");
            }
            ExprKind::Member { base, name, safe } => {
                let op = if *safe { ".?" } else { "." };
                self.line(depth, label, &format!("member {op}{}", name.name), e.range);
                self.expr(base, d, "");
            }
            ExprKind::Index {
                base,
                index,
                safe,
                from_end,
            } => {
                let head = format!(
                    "index{}{}",
                    if *safe { " safe" } else { "" },
                    if *from_end { " from-end" } else { "" }
                );
                self.line(depth, label, &head, e.range);
                self.expr(base, d, "");
                self.expr(index, d, "[] ");
            }
            ExprKind::Call { target, name, args } => {
                self.line(depth, label, &format!("call {}", name.name), e.range);
                if let Some(t) = target {
                    self.expr(t, d, "target: ");
                }
                for a in args {
                    self.expr(a, d, "arg: ");
                }
            }
            ExprKind::Unary { op, operand } => {
                let op = match op {
                    UnaryOp::Not => "!",
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                };
                self.line(depth, label, &format!("unary {op}"), e.range);
                self.expr(operand, d, "");
            }
            ExprKind::NonNull(x) => {
                self.line(depth, label, "non-null !", e.range);
                self.expr(x, d, "");
            }
            ExprKind::Binary { op, lhs, rhs } => {
                self.line(depth, label, &format!("binary {}", op.as_str()), e.range);
                self.expr(lhs, d, "");
                self.expr(rhs, d, "");
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                self.line(depth, label, "ternary", e.range);
                self.expr(cond, d, "if: ");
                self.expr(then, d, "then: ");
                self.expr(otherwise, d, "else: ");
            }
            ExprKind::Lambda { params, body } => {
                let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                self.line(depth, label, &format!("lambda {names:?}"), e.range);
                self.expr(body, d, "");
            }
            ExprKind::ResourceAccess { base, name } => {
                self.line(
                    depth,
                    label,
                    &format!("resource-access ::{}", name.name),
                    e.range,
                );
                self.expr(base, d, "");
            }
            ExprKind::Spread(x) => {
                self.line(depth, label, "spread", e.range);
                self.expr(x, d, "");
            }
            ExprKind::For(f) => {
                let head = format!(
                    "for item={} index={}",
                    Self::ident(&f.item),
                    Self::ident(&f.index)
                );
                self.line(depth, label, &head, e.range);
                self.expr(&f.iterable, d, "in: ");
                self.expr(&f.body, d, "body: ");
            }
            ExprKind::If { cond, body } => {
                self.line(depth, label, "if", e.range);
                self.expr(cond, d, "cond: ");
                self.expr(body, d, "body: ");
            }
            ExprKind::Error => self.line(depth, label, "<error>", e.range),
        }
    }

    fn ty(&mut self, t: &TypeExpr, depth: usize, label: &str) {
        let d = depth + 1;
        match &t.kind {
            TypeKind::Ref { target, name, args } => {
                self.line(depth, label, &format!("type-ref {}", name.name), t.range);
                if let Some(x) = target {
                    self.ty(x, d, "target: ");
                }
                for a in args.iter().flatten() {
                    self.ty(a, d, "arg: ");
                }
            }
            TypeKind::Literal(e) => self.expr(e, depth, &format!("{label}literal ")),
            TypeKind::Union(m) => {
                self.line(depth, label, "union", t.range);
                for x in m {
                    self.ty(x, d, "| ");
                }
            }
            TypeKind::Nullable(x) => {
                self.line(depth, label, "nullable ?", t.range);
                self.ty(x, d, "");
            }
            TypeKind::NonNull(x) => {
                self.line(depth, label, "non-null !", t.range);
                self.ty(x, d, "");
            }
            TypeKind::Array(x) => {
                self.line(depth, label, "array-of []", t.range);
                self.ty(x, d, "");
            }
            TypeKind::Index { base, index } => {
                self.line(depth, label, "type-index", t.range);
                self.ty(base, d, "");
                match index {
                    Some(i) => self.expr(i, d, "[] "),
                    None => self.line(d, "[] ", "*", t.range),
                }
            }
            TypeKind::Object(props) => {
                self.line(depth, label, "object-type", t.range);
                for p in props {
                    let key = match &p.key {
                        Some(k) => format!("{:?}", k.name.as_deref().unwrap_or("<interpolated>")),
                        None => "*".into(),
                    };
                    self.line(d, "prop ", &key, p.range);
                    for dec in &p.decorators {
                        self.expr(&dec.expr, d + 1, "@");
                    }
                    self.ty(&p.value, d + 1, "");
                }
            }
            TypeKind::Tuple(items) => {
                self.line(depth, label, "tuple-type", t.range);
                for it in items {
                    for dec in &it.decorators {
                        self.expr(&dec.expr, d, "@");
                    }
                    self.ty(&it.value, d, "");
                }
            }
            TypeKind::Paren(x) => {
                self.line(depth, label, "paren-type", t.range);
                self.ty(x, d, "");
            }
            TypeKind::Resource(s) => {
                self.line(depth, label, "resource-type", t.range);
                if let Some(s) = s {
                    self.string(s, d, "");
                }
            }
            TypeKind::Error => self.line(depth, label, "<error type>", t.range),
        }
    }
}
