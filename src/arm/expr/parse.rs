//! Parse a template expression. Never fails: junk becomes [`ExprKind::Error`] nodes and errors.

use super::lex::{lex, Tok};
use super::{Expr, ExprError, ExprKind};
use crate::arm::source_map::SourceMap;
use crate::text::TextRange;

/// Deepest nesting of calls, member accesses and indexes before the rest is an error.
pub const MAX_DEPTH: u32 = 64;

/// Parse the decoded JSON string `s` (which starts with `[` and ends with `]`); `map` maps its
/// decoded offsets to document offsets.
pub fn parse(s: &str, map: &SourceMap) -> (Expr, Vec<ExprError>) {
    let inner = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or("");
    let toks = lex(inner, 1);
    let mut p = Parser {
        toks,
        pos: 0,
        errors: Vec::new(),
        gave_up: false,
        map,
        end: 1 + inner.len() as u32,
    };
    let expr = if p.toks.is_empty() {
        let at = p.doc(TextRange::new(0, s.len() as u32));
        p.errors.push(ExprError {
            message: "empty expression: write a function call such as `parameters('name')`, or `[[` for a literal `[`".into(),
            range: at,
        });
        Expr {
            kind: ExprKind::Error,
            range: at,
        }
    } else {
        let e = p.expr(0);
        if p.pos < p.toks.len() && !p.gave_up {
            let start = p.toks[p.pos].1.start;
            let range = p.doc(TextRange::new(start, p.end));
            p.errors.push(ExprError {
                message: format!(
                    "unexpected {} after the expression",
                    describe(&p.toks[p.pos].0)
                ),
                range,
            });
        }
        e
    };
    (expr, p.errors)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Dot => "`.`".into(),
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str { .. } => "a string".into(),
        Tok::Int(s) => format!("`{s}`"),
        Tok::Junk(c) => format!("`{c}`"),
    }
}

struct Parser<'m> {
    toks: Vec<(Tok, TextRange)>,
    pos: usize,
    errors: Vec<ExprError>,
    /// Set once the depth limit is hit: one error says it, the unwinding adds none.
    gave_up: bool,
    map: &'m SourceMap,
    /// Decoded offset of the closing `]`.
    end: u32,
}

impl Parser<'_> {
    fn doc(&self, r: TextRange) -> TextRange {
        self.map.range(r)
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.0)
    }
    /// Decoded range of the current token, or an empty range at the end.
    fn here(&self) -> TextRange {
        self.toks
            .get(self.pos)
            .map_or(TextRange::new(self.end, self.end + 1), |t| t.1)
    }
    fn prev_end(&self) -> u32 {
        self.pos
            .checked_sub(1)
            .and_then(|p| self.toks.get(p))
            .map_or(1, |t| t.1.end)
    }
    fn error(&mut self, message: impl Into<String>, r: TextRange) {
        if self.gave_up {
            return;
        }
        let range = self.doc(r);
        self.errors.push(ExprError {
            message: message.into(),
            range,
        });
    }
    fn node(&self, kind: ExprKind, start: u32) -> Expr {
        let end = self.prev_end().max(start);
        Expr {
            kind,
            range: self.doc(TextRange::new(start, end)),
        }
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self, depth: u32) -> Expr {
        let start = self.here().start;
        if depth > MAX_DEPTH {
            return self.too_deep(start);
        }
        let mut e = self.primary(depth);
        // Each `.name` and `[index]` nests the expression one level deeper (a chain is a tree
        // as deep as it is long, and evaluating it recurses that deep).
        let mut depth = depth;
        loop {
            if matches!(self.peek(), Some(Tok::Dot | Tok::LBracket)) {
                depth += 1;
                if depth > MAX_DEPTH {
                    return self.too_deep(start);
                }
            }
            match self.peek() {
                Some(Tok::Dot) => {
                    self.pos += 1;
                    let r = self.here();
                    match self.peek().cloned() {
                        Some(Tok::Ident(name)) => {
                            self.pos += 1;
                            let name_range = self.doc(r);
                            e = self.node(
                                ExprKind::Member {
                                    target: Box::new(e),
                                    name,
                                    name_range,
                                },
                                start,
                            );
                        }
                        _ => {
                            self.error("expected a property name after `.`", r);
                            return self.node(ExprKind::Error, start);
                        }
                    }
                }
                Some(Tok::LBracket) => {
                    self.pos += 1;
                    let index = self.expr(depth + 1);
                    if !self.eat(&Tok::RBracket) {
                        let r = self.here();
                        self.error("expected `]` to close the index", r);
                    }
                    e = self.node(
                        ExprKind::Index {
                            target: Box::new(e),
                            index: Box::new(index),
                        },
                        start,
                    );
                }
                _ => return e,
            }
        }
    }

    /// Nested beyond [`MAX_DEPTH`]: one error, and the rest of the expression is not read.
    fn too_deep(&mut self, start: u32) -> Expr {
        self.error(
            format!("expression nested more than {MAX_DEPTH} levels deep"),
            self.here(),
        );
        self.skip_to_end();
        self.gave_up = true;
        self.node(ExprKind::Error, start)
    }

    fn primary(&mut self, depth: u32) -> Expr {
        let r = self.here();
        let Some(tok) = self.peek().cloned() else {
            self.error("expected an expression", r);
            return Expr {
                kind: ExprKind::Error,
                range: self.doc(r),
            };
        };
        match tok {
            Tok::Str { value, terminated } => {
                self.pos += 1;
                if !terminated {
                    self.error("unterminated string: add the closing `'`", r);
                    // The rest was swallowed by the string: nothing more to say about it.
                    self.gave_up = true;
                }
                Expr {
                    kind: ExprKind::Str(value),
                    range: self.doc(r),
                }
            }
            Tok::Int(text) => {
                self.pos += 1;
                let kind = match text.parse::<i64>() {
                    Ok(i) => ExprKind::Int(i),
                    Err(_) => {
                        self.error(format!("`{text}` is not an integer ARM can read"), r);
                        ExprKind::Error
                    }
                };
                Expr {
                    kind,
                    range: self.doc(r),
                }
            }
            Tok::Ident(name) => {
                self.pos += 1;
                // `namespace.function(...)`: a user-defined function.
                let (namespace, name, name_r) =
                    match (self.peek(), self.peek_at(1), self.peek_at(2)) {
                        (Some(Tok::Dot), Some(Tok::Ident(f)), Some(Tok::LParen)) => {
                            let f = f.clone();
                            let fr = self.toks[self.pos + 1].1;
                            self.pos += 2;
                            (Some(name), f, fr)
                        }
                        _ => (None, name, r),
                    };
                if !self.eat(&Tok::LParen) {
                    let kind = match name.to_ascii_lowercase().as_str() {
                        "true" if namespace.is_none() => ExprKind::Bool(true),
                        "false" if namespace.is_none() => ExprKind::Bool(false),
                        "null" if namespace.is_none() => ExprKind::Null,
                        _ => {
                            self.error(
                                format!("`{name}` is not a function call: write `{name}(...)`, or quote a string with `'`"),
                                r,
                            );
                            ExprKind::Error
                        }
                    };
                    return Expr {
                        kind,
                        range: self.doc(r),
                    };
                }
                let args = self.args(depth);
                let name_range = self.doc(name_r);
                self.node(
                    ExprKind::Call {
                        namespace,
                        name,
                        name_range,
                        args,
                    },
                    r.start,
                )
            }
            other => {
                self.error(
                    format!("expected an expression, found {}", describe(&other)),
                    r,
                );
                self.pos += 1;
                Expr {
                    kind: ExprKind::Error,
                    range: self.doc(r),
                }
            }
        }
    }

    /// Arguments after `(`, through the closing `)`.
    fn args(&mut self, depth: u32) -> Vec<Expr> {
        let mut args = Vec::new();
        if self.eat(&Tok::RParen) {
            return args;
        }
        loop {
            if self.peek().is_none() {
                let r = self.here();
                self.error("expected `)` to close the call", r);
                return args;
            }
            let before = self.pos;
            args.push(self.expr(depth + 1));
            match self.peek() {
                Some(Tok::Comma) => {
                    self.pos += 1;
                }
                Some(Tok::RParen) => {
                    self.pos += 1;
                    return args;
                }
                None => {
                    let r = self.here();
                    self.error("expected `)` to close the call", r);
                    return args;
                }
                Some(other) => {
                    let msg = format!("expected `,` or `)`, found {}", describe(other));
                    let r = self.here();
                    self.error(msg, r);
                    // Resynchronise at the next `,` or `)` of this call.
                    self.recover();
                    if self.pos == before {
                        self.pos += 1;
                    }
                    if self.eat(&Tok::RParen) {
                        return args;
                    }
                    self.eat(&Tok::Comma);
                }
            }
        }
    }

    /// Skip to the next `,` or `)` at this nesting level.
    fn recover(&mut self) {
        let mut level = 0i32;
        while let Some(t) = self.peek() {
            match t {
                Tok::LParen | Tok::LBracket => level += 1,
                Tok::RParen | Tok::RBracket if level > 0 => level -= 1,
                Tok::RParen | Tok::Comma if level == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn skip_to_end(&mut self) {
        self.pos = self.toks.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (Expr, Vec<ExprError>) {
        parse(s, &SourceMap::identity(0, s.len() as u32))
    }

    #[test]
    fn calls_members_indexes() {
        let (e, errs) =
            p("[reference(parameters('x'), '2020-01-01', 'Full').identity['principalId'][0]]");
        assert!(errs.is_empty(), "{errs:?}");
        assert!(matches!(e.kind, ExprKind::Index { .. }));
    }

    #[test]
    fn errors_have_ranges_and_never_panic() {
        for s in [
            "[",
            "[]",
            "[concat(",
            "[concat('a'",
            "[concat('a' 'b')]",
            "[a.]",
            "['x]",
            "[)]",
            "[concat(,)]",
            "[1 2]",
            "[x]",
            "[99999999999999999999]",
            "[f()[]",
        ] {
            let (_, errs) = p(s);
            assert!(!errs.is_empty(), "{s}");
            for e in errs {
                assert!(e.range.end as usize <= s.len(), "{s}: {e:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let s = format!("[{}1{}]", "f(".repeat(10_000), ")".repeat(10_000));
        let (_, errs) = p(&s);
        assert!(!errs.is_empty());
        // A chain of member accesses and indexes is as deep as it is long.
        let s = format!("[f(){}]", ".a[0]".repeat(10_000));
        let (e, errs) = p(&s);
        assert!(
            errs.iter().any(|e| e.message.contains("nested more than")),
            "{errs:?}"
        );
        fn tree_depth(e: &Expr) -> u32 {
            1 + match &e.kind {
                ExprKind::Call { args, .. } => args.iter().map(tree_depth).max().unwrap_or(0),
                ExprKind::Member { target, .. } => tree_depth(target),
                ExprKind::Index { target, index } => tree_depth(target).max(tree_depth(index)),
                _ => 0,
            }
        }
        assert!(tree_depth(&e) <= MAX_DEPTH + 2, "{}", tree_depth(&e));
        // Up to the limit it is read.
        let s = format!("[f(){}]", ".a".repeat(MAX_DEPTH as usize));
        let (e, errs) = p(&s);
        assert!(errs.is_empty(), "{errs:?}");
        assert!(matches!(e.kind, ExprKind::Member { .. }));
    }

    #[test]
    fn namespaced_function() {
        let (e, errs) = p("[contoso.name('a')]");
        assert!(errs.is_empty());
        assert!(matches!(
            e.kind,
            ExprKind::Call {
                namespace: Some(_),
                ..
            }
        ));
    }
}
