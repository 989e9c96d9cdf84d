use super::lexer::{decode_segment, lex_full, Token, TokenKind as K};
use super::tree::*;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// Nesting deeper than this (expressions, types, objects, member chains, operator chains) is
/// skipped with one `too-deep` error, so that no input can overflow the stack here, in tree
/// walkers or when the tree is dropped.
pub const MAX_DEPTH: usize = 100;

/// Parse Bicep. Never fails: errors are collected, and parsing recovers at the next line, the
/// next property or item, a closing bracket, or a line that starts a declaration.
pub fn parse(text: &str) -> BicepFile {
    // Offsets are u32; a larger text is parsed up to what fits (and reported).
    let lexed = lex_full(text);
    let toks: Vec<Token> = lexed
        .tokens
        .iter()
        .copied()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut p = Parser {
        text,
        toks,
        pos: 0,
        last_end: 0,
        depth: 0,
        too_deep_reported: false,
        errors: Vec::new(),
    };
    for e in lexed.errors {
        p.errors.push(SyntaxError {
            code: e.code,
            message: e.message,
            range: e.range,
        });
    }
    let statements = p.program();
    let mut errors = p.errors;
    // One error per position (the lexer's, which come first, win): a bad token otherwise
    // also shows up as whatever the parser expected there.
    errors.sort_by_key(|e| e.range.start);
    errors.dedup_by(|a, b| a.range.start == b.range.start);
    // The lexer sized its token list for the densest text; the tree keeps only what it used.
    let mut tokens = lexed.tokens;
    tokens.shrink_to_fit();
    BicepFile {
        statements,
        errors,
        tokens,
        pragmas: lexed.pragmas,
    }
}

const DECL_KEYWORDS: &[&str] = &[
    "param", "var", "output", "module", "type", "func", "metadata", "assert", "test",
];

struct Parser<'a> {
    text: &'a str,
    /// Tokens without trivia; line breaks stay.
    toks: Vec<Token>,
    pos: usize,
    /// End of the last consumed token that is not a line break.
    last_end: u32,
    depth: usize,
    too_deep_reported: bool,
    errors: Vec<SyntaxError>,
}

/// Binary operators and their precedence (higher binds tighter), as in the Bicep compiler.
fn binary_op(k: K) -> Option<(BinaryOp, u8)> {
    Some(match k {
        K::Star => (BinaryOp::Mul, 100),
        K::Slash => (BinaryOp::Div, 100),
        K::Percent => (BinaryOp::Mod, 100),
        K::Plus => (BinaryOp::Add, 90),
        K::Minus => (BinaryOp::Sub, 90),
        K::Gt => (BinaryOp::Gt, 80),
        K::Ge => (BinaryOp::Ge, 80),
        K::Lt => (BinaryOp::Lt, 80),
        K::Le => (BinaryOp::Le, 80),
        K::EqEq => (BinaryOp::Eq, 70),
        K::NotEq => (BinaryOp::Ne, 70),
        K::EqTilde => (BinaryOp::EqI, 70),
        K::NotTilde => (BinaryOp::NeI, 70),
        K::AndAnd => (BinaryOp::And, 50),
        K::OrOr => (BinaryOp::Or, 40),
        K::DoubleQuestion => (BinaryOp::Coalesce, 30),
        _ => return None,
    })
}

fn is_string_start(k: K) -> bool {
    matches!(
        k,
        K::StringComplete { .. } | K::StringLeft | K::MultilineString { .. }
    )
}

impl<'a> Parser<'a> {
    // ---- token access ------------------------------------------------------------------

    fn nth(&self, n: usize) -> Option<K> {
        self.toks.get(self.pos + n).map(|t| t.kind)
    }
    fn kind(&self) -> Option<K> {
        self.nth(0)
    }
    fn at(&self, k: K) -> bool {
        self.kind() == Some(k)
    }
    fn tok_text(&self, t: Token) -> &'a str {
        t.range.slice(self.text)
    }
    fn nth_text(&self, n: usize) -> &'a str {
        self.toks
            .get(self.pos + n)
            .map_or("", |t| t.range.slice(self.text))
    }
    fn at_kw(&self, kw: &str) -> bool {
        self.at(K::Ident) && self.nth_text(0) == kw
    }
    fn bump(&mut self) -> Option<Token> {
        let t = *self.toks.get(self.pos)?;
        self.pos += 1;
        if t.kind != K::Newline {
            self.last_end = t.range.end;
        }
        Some(t)
    }
    fn eat(&mut self, k: K) -> Option<Token> {
        if self.at(k) {
            self.bump()
        } else {
            None
        }
    }
    fn skip_newlines(&mut self) -> bool {
        let mut any = false;
        while self.at(K::Newline) {
            self.bump();
            any = true;
        }
        any
    }
    /// The kind of the next token that is not a line break, and how many line breaks come
    /// before it.
    fn peek_past_newlines(&self) -> (Option<K>, usize) {
        let mut n = 0;
        while self.nth(n) == Some(K::Newline) {
            n += 1;
        }
        (self.nth(n), n)
    }
    fn start(&self) -> u32 {
        self.toks
            .get(self.pos)
            .map_or(self.text.len() as u32, |t| t.range.start)
    }
    fn range_from(&self, start: u32) -> TextRange {
        TextRange::new(start, self.last_end.max(start))
    }
    fn prev_is_newline(&self) -> bool {
        self.pos == 0 || self.toks.get(self.pos - 1).map(|t| t.kind) == Some(K::Newline)
    }
    fn at_line_end(&self) -> bool {
        matches!(self.kind(), None | Some(K::Newline))
    }

    // ---- errors ------------------------------------------------------------------------

    fn error(&mut self, code: &'static str, message: impl Into<String>, range: TextRange) {
        // One error per position: recovery can otherwise report the same spot twice.
        if self
            .errors
            .iter()
            .rev()
            .take(4)
            .any(|e| e.range.start == range.start)
        {
            return;
        }
        self.errors.push(SyntaxError {
            code,
            message: message.into(),
            range,
        });
    }

    fn describe_current(&self) -> String {
        match self.toks.get(self.pos) {
            None => "the end of the file".into(),
            Some(t) if t.kind == K::Newline => "the end of the line".into(),
            Some(t) => {
                let s = self.tok_text(*t);
                if s.chars().count() > 24 {
                    format!("`{}…`", s.chars().take(24).collect::<String>())
                } else {
                    format!("`{s}`")
                }
            }
        }
    }

    /// Where to point an "expected ..." error: the current token, or just after the previous
    /// one when the line (or file) ends here.
    fn here(&self) -> TextRange {
        match self.toks.get(self.pos) {
            Some(t) if t.kind != K::Newline => t.range,
            _ => TextRange::empty(self.last_end),
        }
    }

    fn expected(&mut self, what: &str) {
        let msg = format!("expected {what}, found {}", self.describe_current());
        let r = self.here();
        self.error("expected-token", msg, r);
    }

    fn expect(&mut self, k: K, what: &str) -> bool {
        if self.eat(k).is_some() {
            true
        } else {
            self.expected(what);
            false
        }
    }

    fn expect_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.bump();
            true
        } else {
            self.expected(&format!("`{kw}`"));
            false
        }
    }

    /// Skip tokens until one of `stop` (not consumed), the end of the line or the file.
    fn skip_until(&mut self, stop: &[K]) -> Option<TextRange> {
        let start = self.start();
        let mut end = None;
        while let Some(k) = self.kind() {
            if k == K::Newline || stop.contains(&k) {
                break;
            }
            end = self.bump().map(|t| t.range.end);
        }
        end.map(|e| TextRange::new(start, e))
    }

    /// Enter one nesting level; false (and one error) when too deep.
    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                let r = self.here();
                self.error(
                    "too-deep",
                    format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                    r,
                );
            }
            return false;
        }
        self.depth += 1;
        true
    }
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// When too deep: skip the current token, and the whole bracketed group when it opens one.
    fn skip_balanced(&mut self) {
        let mut level = 0usize;
        while let Some(t) = self.bump() {
            match t.kind {
                K::LBrace | K::LBracket | K::LParen | K::StringLeft => level += 1,
                K::RBrace | K::RBracket | K::RParen | K::StringRight { .. } => {
                    level = level.saturating_sub(1)
                }
                _ => {}
            }
            if level == 0 {
                break;
            }
        }
    }

    /// True at the first token of a line that starts a declaration, e.g. `param x` or `var y`:
    /// an unclosed bracket before it is missing its closing bracket.
    fn at_declaration_line(&self) -> bool {
        let Some(t) = self.toks.get(self.pos) else {
            return false;
        };
        if !self.prev_is_newline() {
            return false;
        }
        let column0 = t.range.start == 0
            || matches!(
                self.text.as_bytes().get(t.range.start as usize - 1),
                Some(b'\n' | b'\r')
            );
        let next = self.nth(1);
        match t.kind {
            K::At => column0,
            K::Ident => match self.tok_text(*t) {
                "resource" => column0 && next == Some(K::Ident),
                "targetScope" => next == Some(K::Assign),
                "import" => matches!(
                    next,
                    Some(K::LBrace | K::Star | K::StringComplete { .. } | K::StringLeft)
                ),
                "extension" | "provider" | "using" | "extends" => {
                    matches!(next, Some(K::Ident | K::StringComplete { .. }))
                }
                kw => DECL_KEYWORDS.contains(&kw) && next == Some(K::Ident),
            },
            _ => false,
        }
    }

    // ---- statements --------------------------------------------------------------------

    fn program(&mut self) -> Vec<Statement> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            if self.kind().is_none() {
                break;
            }
            let before = self.pos;
            let s = self.statement();
            out.push(s);
            if !self.at_line_end() && !self.prev_is_newline() {
                let msg = format!(
                    "expected a line break after the declaration, found {}",
                    self.describe_current()
                );
                let r = self.here();
                self.error("expected-token", msg, r);
                self.skip_until(&[]);
            }
            if self.pos == before {
                self.bump();
            }
        }
        out
    }

    fn ident(&mut self, what: &str) -> Option<Ident> {
        if let Some(t) = self.eat(K::Ident) {
            Some(Ident {
                name: self.tok_text(t).to_string(),
                range: t.range,
            })
        } else {
            self.expected(what);
            None
        }
    }

    fn decorators(&mut self) -> Vec<Decorator> {
        let mut out = Vec::new();
        while self.at(K::At) {
            out.push(self.decorator());
            if !self.at_line_end() && !self.prev_is_newline() {
                self.expected("a line break after the decorator");
                self.skip_until(&[]);
            }
            self.skip_newlines();
        }
        out
    }

    fn decorator(&mut self) -> Decorator {
        let start = self.start();
        self.bump(); // @
        let expr = if self.at(K::Ident) {
            let mut e = self.ident_or_call();
            while self.at(K::Dot) {
                self.bump();
                let Some(name) = self.ident("a decorator name after `.`") else {
                    break;
                };
                e = self.member_or_call(e, name, false);
            }
            e
        } else {
            self.expected("a decorator name after `@`");
            Expr::error(self.here())
        };
        Decorator {
            expr,
            range: self.range_from(start),
        }
    }

    fn statement(&mut self) -> Statement {
        let start = self.start();
        let decorators = self.decorators();
        let kw = if self.at(K::Ident) {
            self.nth_text(0)
        } else {
            ""
        };
        let kind = match kw {
            "targetScope" => {
                self.bump();
                self.expect(K::Assign, "`=`");
                StatementKind::TargetScope {
                    value: self.value_expr(),
                }
            }
            "metadata" => {
                self.bump();
                let name = self.ident("a metadata name");
                self.expect(K::Assign, "`=`");
                StatementKind::Metadata {
                    name,
                    value: self.value_expr(),
                }
            }
            "param" => {
                self.bump();
                let name = self.ident("a parameter name");
                let ty = if self.at(K::Assign) || self.at_line_end() && name.is_none() {
                    None
                } else {
                    Some(self.type_expr(true))
                };
                let default = if self.eat(K::Assign).is_some() {
                    Some(self.value_expr())
                } else {
                    if !self.at_line_end() && !self.prev_is_newline() {
                        self.expected("`=` or a line break");
                    }
                    None
                };
                StatementKind::Param(ParamDecl { name, ty, default })
            }
            "var" => {
                self.bump();
                let name = self.ident("a variable name");
                let ty = if self.at(K::Assign) || self.at_line_end() {
                    None
                } else {
                    Some(self.type_expr(false))
                };
                self.expect(K::Assign, "`=`");
                StatementKind::Var(VarDecl {
                    name,
                    ty,
                    value: self.value_expr(),
                })
            }
            "type" => {
                self.bump();
                let name = self.ident("a type name");
                self.expect(K::Assign, "`=`");
                StatementKind::Type(TypeDecl {
                    name,
                    value: self.type_expr(true),
                })
            }
            "func" => {
                self.bump();
                StatementKind::Func(self.func_decl())
            }
            "output" => {
                self.bump();
                let name = self.ident("an output name");
                let ty = if self.at(K::Assign) || self.at_line_end() {
                    self.expected("an output type");
                    None
                } else {
                    Some(self.type_expr(true))
                };
                self.expect(K::Assign, "`=`");
                StatementKind::Output(OutputDecl {
                    name,
                    ty,
                    value: self.value_expr(),
                })
            }
            "resource" => StatementKind::Resource(self.resource_decl()),
            "module" | "test" => StatementKind::Module(self.module_decl()),
            "import" => {
                self.bump();
                StatementKind::Import(self.import_decl())
            }
            "extension" | "provider" => StatementKind::Extension(self.extension_decl()),
            "using" | "extends" => {
                let keyword = self.ident("`using`").unwrap_or(Ident {
                    name: String::new(),
                    range: TextRange::empty(start),
                });
                let path = self.value_expr();
                let config = if self.at_kw("with") {
                    self.bump();
                    Some(self.value_expr())
                } else {
                    None
                };
                StatementKind::Using {
                    keyword,
                    path,
                    config,
                }
            }
            "assert" => {
                self.bump();
                let name = self.ident("an assertion name");
                self.expect(K::Assign, "`=`");
                StatementKind::Assert {
                    name,
                    value: self.value_expr(),
                }
            }
            _ => {
                if decorators.is_empty() {
                    self.expected(
                        "a declaration (`param`, `var`, `resource`, `module`, `output`, `type`, \
                         `func`, `import`, ...)",
                    );
                    self.skip_until(&[]);
                } else {
                    self.expected("a declaration after the decorators");
                }
                StatementKind::Error
            }
        };
        Statement {
            decorators,
            kind,
            range: self.range_from(start),
        }
    }

    /// An expression where a complete value is required (after `=`, `:`); line breaks before
    /// it are not allowed, so a missing value is reported at the end of the line.
    fn value_expr(&mut self) -> Expr {
        self.expr()
    }

    fn string_operand(&mut self, what: &str) -> Option<StringLit> {
        match self.kind() {
            Some(k) if is_string_start(k) => match self.string().kind {
                ExprKind::String(s) => Some(s),
                _ => None,
            },
            _ => {
                self.expected(what);
                None
            }
        }
    }

    fn resource_decl(&mut self) -> ResourceDecl {
        let start = self.start();
        self.bump(); // resource
        let name = self.ident("a resource name");
        let type_string =
            self.string_operand("the resource type string (`'Namespace/type@api-version'`)");
        let existing = if self.at_kw("existing") {
            self.bump().map(|t| t.range)
        } else {
            None
        };
        let body = self.decl_assign_and_body();
        ResourceDecl {
            name,
            type_string,
            existing,
            body,
            range: self.range_from(start),
        }
    }

    fn module_decl(&mut self) -> ModuleDecl {
        let start = self.start();
        let keyword = self.ident("`module`").unwrap_or(Ident {
            name: String::new(),
            range: TextRange::empty(start),
        });
        let name = self.ident("a module name");
        let path =
            self.string_operand("the module path (`'./file.bicep'`, `'br:...'`, `'ts:...'`)");
        let body = self.decl_assign_and_body();
        ModuleDecl {
            keyword,
            name,
            path,
            body,
            range: self.range_from(start),
        }
    }

    /// `= { ... }`, `= if (cond) { ... }` or `= [for ...]`.
    fn decl_assign_and_body(&mut self) -> Expr {
        let assigned = self.expect(K::Assign, "`=`");
        if assigned {
            let (next, n) = self.peek_past_newlines();
            if n > 0
                && next == Some(K::Ident)
                && self
                    .toks
                    .get(self.pos + n)
                    .is_some_and(|t| self.tok_text(*t) == "if")
            {
                self.skip_newlines();
            }
        }
        match self.kind() {
            Some(K::LBrace) => self.object(),
            Some(K::LBracket) => self.array_or_for(),
            Some(K::Ident) if self.at_kw("if") => self.if_expr(),
            _ => {
                if assigned {
                    self.expected("`{`, `if (...)` or `[for ...]`");
                }
                Expr::error(self.here())
            }
        }
    }

    fn if_expr(&mut self) -> Expr {
        let start = self.start();
        self.bump(); // if
        let cond = if self.at(K::LParen) {
            match self.paren_or_lambda() {
                Expr {
                    kind: ExprKind::Paren(inner),
                    ..
                } => *inner,
                other => other,
            }
        } else {
            self.expected("`(` and a condition after `if`");
            Expr::error(self.here())
        };
        let body = if self.at(K::LBrace) {
            self.object()
        } else {
            self.expected("`{` after the condition");
            Expr::error(self.here())
        };
        Expr {
            kind: ExprKind::If {
                cond: Box::new(cond),
                body: Box::new(body),
            },
            range: self.range_from(start),
        }
    }

    fn func_decl(&mut self) -> FuncDecl {
        let name = self.ident("a function name");
        let mut params = Vec::new();
        if self.expect(K::LParen, "`(` and the function's parameters") {
            loop {
                self.skip_newlines();
                match self.kind() {
                    Some(K::RParen) => {
                        self.bump();
                        break;
                    }
                    Some(K::Ident) if !self.at_declaration_line() => {}
                    _ => {
                        self.expected("a parameter name or `)`");
                        break;
                    }
                }
                let before = self.pos;
                if let Some(n) = self.ident("a parameter name") {
                    let ty = self.type_expr(false);
                    params.push((n, ty));
                }
                self.skip_newlines();
                if self.eat(K::Comma).is_none() && !self.at(K::RParen) {
                    self.expected("`,` or `)`");
                    break;
                }
                if self.pos == before {
                    break;
                }
            }
        }
        if self.at_declaration_line() {
            // `func f(` on its own line, then the next declaration: the signature is cut short.
            return FuncDecl {
                name,
                params,
                return_type: None,
                body: Expr::error(self.here()),
            };
        }
        let return_type = if self.at(K::Arrow) || self.at_line_end() {
            self.expected("the function's return type");
            None
        } else {
            Some(self.type_expr(false))
        };
        let body = if self.expect(K::Arrow, "`=>`") {
            self.newlines_before_body();
            self.expr()
        } else {
            Expr::error(self.here())
        };
        FuncDecl {
            name,
            params,
            return_type,
            body,
        }
    }

    fn import_decl(&mut self) -> ImportDecl {
        let kind = match self.kind() {
            Some(K::LBrace) => ImportKind::Symbols(self.import_symbols()),
            Some(K::Star) => {
                self.bump();
                let alias = if self.expect_kw("as") {
                    self.ident("a namespace name")
                } else {
                    None
                };
                ImportKind::Wildcard { alias }
            }
            Some(k) if is_string_start(k) => {
                let spec = self.string();
                let (config, alias) = self.with_and_as();
                return ImportDecl {
                    kind: ImportKind::Provider {
                        spec,
                        config,
                        alias,
                    },
                    from: None,
                };
            }
            _ => {
                self.expected("`{` and the symbols to import, or `* as name`");
                return ImportDecl {
                    kind: ImportKind::Error,
                    from: None,
                };
            }
        };
        let from = if self.expect_kw("from") {
            self.string_operand("the path to import from")
        } else {
            None
        };
        ImportDecl { kind, from }
    }

    fn import_symbols(&mut self) -> Vec<ImportedSymbol> {
        self.bump(); // {
        self.delimited(
            K::RBrace,
            "symbol",
            |p| {
                let start = p.start();
                let name = match p.kind() {
                    Some(K::Ident) => p.primary(),
                    Some(k) if is_string_start(k) => p.string(),
                    _ => {
                        p.expected("the name of a symbol to import");
                        return None;
                    }
                };
                let alias = if p.at_kw("as") {
                    p.bump();
                    p.ident("an alias after `as`")
                } else {
                    None
                };
                Some(ImportedSymbol {
                    name,
                    alias,
                    range: p.range_from(start),
                })
            },
            |_| None,
        )
    }

    fn with_and_as(&mut self) -> (Option<Expr>, Option<Ident>) {
        let config = if self.at_kw("with") {
            self.bump();
            Some(self.expr())
        } else {
            None
        };
        let alias = if self.at_kw("as") {
            self.bump();
            self.ident("an alias after `as`")
        } else {
            None
        };
        (config, alias)
    }

    fn extension_decl(&mut self) -> ExtensionDecl {
        let keyword = self.ident("`extension`").unwrap_or(Ident {
            name: String::new(),
            range: TextRange::empty(self.start()),
        });
        let spec = match self.kind() {
            Some(K::Ident) => self.primary(),
            Some(k) if is_string_start(k) => self.string(),
            _ => {
                self.expected("an extension name or `'br:...'` reference");
                Expr::error(self.here())
            }
        };
        let (config, alias) = self.with_and_as();
        ExtensionDecl {
            keyword,
            spec,
            config,
            alias,
        }
    }

    // ---- expressions -------------------------------------------------------------------

    fn expr(&mut self) -> Expr {
        if !self.enter() {
            let r = self.here();
            self.skip_balanced();
            return Expr::error(r);
        }
        let e = self.ternary();
        self.leave();
        e
    }

    fn ternary(&mut self) -> Expr {
        let cond = self.binary(0);
        let (next, n) = self.peek_past_newlines();
        if next != Some(K::Question) {
            return cond;
        }
        for _ in 0..n {
            self.bump();
        }
        self.bump(); // ?
        self.newlines_before_operand();
        let then = self.expr();
        let (next, n) = self.peek_past_newlines();
        let otherwise = if next == Some(K::Colon) {
            for _ in 0..n {
                self.bump();
            }
            self.bump();
            self.newlines_before_operand();
            self.expr()
        } else {
            self.expected("`:` and the value when the condition is false");
            Expr::error(self.here())
        };
        let range = cond.range.cover(otherwise.range).cover(then.range);
        Expr {
            kind: ExprKind::Ternary {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            },
            range: TextRange::new(range.start, range.end.max(self.last_end)),
        }
    }

    /// Line breaks after an operator are skipped (an operand must follow), unless the next
    /// line starts a declaration: then the operand is missing.
    fn newlines_before_operand(&mut self) {
        let save = self.pos;
        if self.skip_newlines() && self.at_declaration_line() {
            self.pos = save;
        }
    }
    /// After `=>`, as after an operator.
    fn newlines_before_body(&mut self) {
        self.newlines_before_operand();
    }

    fn binary(&mut self, min_prec: u8) -> Expr {
        let mut lhs = self.unary();
        let mut chain = 0usize;
        while let Some((op, prec)) = self.kind().and_then(binary_op) {
            if prec <= min_prec {
                break;
            }
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                self.enter_failed();
                break;
            }
            self.bump();
            self.newlines_before_operand();
            let rhs = self.binary_rhs(prec);
            let range = lhs.range.cover(rhs.range);
            let range = TextRange::new(range.start, range.end.max(self.last_end));
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                range,
            };
        }
        lhs
    }

    fn binary_rhs(&mut self, prec: u8) -> Expr {
        if !self.enter() {
            let r = self.here();
            self.skip_balanced();
            return Expr::error(r);
        }
        let e = self.binary(prec);
        self.leave();
        e
    }

    /// Report `too-deep` (once) without consuming.
    fn enter_failed(&mut self) {
        let save = self.depth;
        self.depth = MAX_DEPTH;
        self.enter();
        self.depth = save;
    }

    fn unary(&mut self) -> Expr {
        let op = match self.kind() {
            Some(K::Bang) => UnaryOp::Not,
            Some(K::Minus) => UnaryOp::Neg,
            Some(K::Plus) => UnaryOp::Plus,
            _ => return self.postfix(),
        };
        let start = self.start();
        self.bump();
        if !self.enter() {
            let r = self.here();
            self.skip_balanced();
            return Expr::error(r);
        }
        let operand = self.unary();
        self.leave();
        Expr {
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            range: self.range_from(start),
        }
    }

    fn postfix(&mut self) -> Expr {
        let start = self.start();
        let mut e = self.primary();
        let mut chain = 0usize;
        while let Some(k @ (K::LBracket | K::Dot | K::DoubleColon | K::Bang)) = self.kind() {
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                self.enter_failed();
                break;
            }
            self.bump();
            e = match k {
                K::LBracket => {
                    let safe = self.eat(K::Question).is_some();
                    let from_end = self.eat(K::Caret).is_some();
                    let index = if self.at(K::RBracket) {
                        self.expected("an index expression");
                        Expr::error(self.here())
                    } else {
                        self.expr()
                    };
                    if !self.expect(K::RBracket, "`]`") {
                        self.skip_until(&[K::RBracket, K::RBrace, K::RParen]);
                        self.eat(K::RBracket);
                    }
                    Expr {
                        kind: ExprKind::Index {
                            base: Box::new(e),
                            index: Box::new(index),
                            safe,
                            from_end,
                        },
                        range: self.range_from(start),
                    }
                }
                K::Dot => {
                    let safe = self.eat(K::Question).is_some();
                    match self.ident("a property or function name after `.`") {
                        Some(name) => self.member_or_call(e, name, safe),
                        None => Expr {
                            kind: ExprKind::Member {
                                base: Box::new(e),
                                name: Ident {
                                    name: String::new(),
                                    range: TextRange::empty(self.last_end),
                                },
                                safe,
                            },
                            range: self.range_from(start),
                        },
                    }
                }
                K::DoubleColon => {
                    let name = self
                        .ident("a child resource name after `::`")
                        .unwrap_or(Ident {
                            name: String::new(),
                            range: TextRange::empty(self.last_end),
                        });
                    Expr {
                        kind: ExprKind::ResourceAccess {
                            base: Box::new(e),
                            name,
                        },
                        range: self.range_from(start),
                    }
                }
                _ => Expr {
                    kind: ExprKind::NonNull(Box::new(e)),
                    range: self.range_from(start),
                },
            };
        }
        e
    }

    /// After `base.name`: a property access, or an instance/namespace function call.
    fn member_or_call(&mut self, base: Expr, name: Ident, safe: bool) -> Expr {
        let start = base.range.start;
        if self.at(K::LParen) {
            let args = self.call_args();
            Expr {
                kind: ExprKind::Call {
                    target: Some(Box::new(base)),
                    name,
                    args,
                },
                range: self.range_from(start),
            }
        } else {
            Expr {
                kind: ExprKind::Member {
                    base: Box::new(base),
                    name,
                    safe,
                },
                range: self.range_from(start),
            }
        }
    }

    /// An identifier, a call `name(...)`, or a lambda `x => ...`.
    fn ident_or_call(&mut self) -> Expr {
        let Some(t) = self.bump() else {
            return Expr::error(self.here());
        };
        let name = Ident {
            name: self.tok_text(t).to_string(),
            range: t.range,
        };
        if self.at(K::LParen) {
            let args = self.call_args();
            return Expr {
                kind: ExprKind::Call {
                    target: None,
                    name,
                    args,
                },
                range: self.range_from(t.range.start),
            };
        }
        if self.at(K::Arrow) {
            self.bump();
            self.newlines_before_body();
            let body = self.expr();
            return Expr {
                kind: ExprKind::Lambda {
                    params: vec![name],
                    body: Box::new(body),
                },
                range: self.range_from(t.range.start),
            };
        }
        Expr {
            kind: ExprKind::Ident(name),
            range: t.range,
        }
    }

    /// `( a, b )`: expressions separated by commas; line breaks are allowed around them.
    /// Used for call arguments, parenthesized expressions and lambda parameters.
    fn call_args(&mut self) -> Vec<Expr> {
        self.bump(); // (
        let mut args = Vec::new();
        loop {
            let newline = self.skip_newlines();
            match self.kind() {
                Some(K::RParen) => {
                    self.bump();
                    break;
                }
                None | Some(K::RBrace | K::RBracket) => {
                    self.expected("`)`");
                    break;
                }
                _ if newline && self.at_declaration_line() => {
                    self.expected("`)`");
                    break;
                }
                _ => {}
            }
            let before = self.pos;
            args.push(self.expr());
            let newline = self.skip_newlines();
            match self.kind() {
                Some(K::Comma) => {
                    self.bump();
                }
                Some(K::RParen) | None | Some(K::RBrace | K::RBracket) => {}
                _ if newline && self.at_declaration_line() => {
                    self.expected("`)`");
                    break;
                }
                _ if newline => self.expected("`,` between arguments"),
                _ => {
                    self.expected("`,` or `)`");
                    self.skip_until(&[K::RParen, K::Comma, K::RBrace, K::RBracket]);
                    self.eat(K::Comma);
                }
            }
            if self.pos == before {
                break;
            }
        }
        args
    }

    fn primary(&mut self) -> Expr {
        let Some(t) = self.toks.get(self.pos).copied() else {
            self.expected("an expression");
            return Expr::error(self.here());
        };
        let simple = |kind| Expr {
            kind,
            range: t.range,
        };
        match t.kind {
            K::Integer => {
                self.bump();
                simple(ExprKind::Number {
                    value: self.tok_text(t).parse().ok(),
                })
            }
            K::True => {
                self.bump();
                simple(ExprKind::Bool(true))
            }
            K::False => {
                self.bump();
                simple(ExprKind::Bool(false))
            }
            K::Null => {
                self.bump();
                simple(ExprKind::Null)
            }
            K::StringComplete { .. } | K::StringLeft | K::MultilineString { .. } => self.string(),
            K::LBrace => self.object(),
            K::LBracket => self.array_or_for(),
            K::LParen => self.paren_or_lambda(),
            K::Ident => self.ident_or_call(),
            _ => {
                self.expected("an expression");
                Expr::error(self.here())
            }
        }
    }

    fn string(&mut self) -> Expr {
        let Some(first) = self.bump() else {
            return Expr::error(self.here());
        };
        let r = first.range;
        let seg = |start: u32, end: u32, text: &str| {
            let range = TextRange::new(start.min(end), end);
            StringSegment {
                value: decode_segment(range.slice(text)),
                range,
            }
        };
        let mut lit = StringLit {
            segments: Vec::new(),
            exprs: Vec::new(),
            multiline: false,
            range: r,
        };
        match first.kind {
            K::MultilineString { terminated } => {
                let raw = r.slice(self.text);
                let mut start = r.start + 3;
                let body = raw.get(3..).unwrap_or("");
                if body.starts_with("\r\n") {
                    start += 2;
                } else if body.starts_with('\n') {
                    start += 1;
                }
                let end = if terminated { r.end - 3 } else { r.end };
                let range = TextRange::new(start.min(end), end);
                lit.multiline = true;
                lit.segments.push(StringSegment {
                    value: range.slice(self.text).to_string(),
                    range,
                });
            }
            K::StringComplete { terminated } => {
                let end = if terminated { r.end - 1 } else { r.end };
                lit.segments.push(seg(r.start + 1, end, self.text));
            }
            K::StringLeft => {
                lit.segments.push(seg(r.start + 1, r.end - 2, self.text));
                loop {
                    if self.at_line_end() {
                        self.expected("an expression and `}` to close the interpolation");
                        lit.exprs.push(Expr::error(self.here()));
                        break;
                    }
                    let e = self.expr();
                    lit.exprs.push(e);
                    if !matches!(self.kind(), Some(K::StringMiddle | K::StringRight { .. })) {
                        self.expected("`}` to close the interpolation");
                        self.skip_until(&[
                            K::StringMiddle,
                            K::StringRight { terminated: true },
                            K::StringRight { terminated: false },
                        ]);
                    }
                    match self.kind() {
                        Some(K::StringMiddle) => {
                            let Some(t) = self.bump() else { break };
                            lit.segments
                                .push(seg(t.range.start + 1, t.range.end - 2, self.text));
                        }
                        Some(K::StringRight { terminated }) => {
                            let Some(t) = self.bump() else { break };
                            let end = if terminated {
                                t.range.end - 1
                            } else {
                                t.range.end
                            };
                            lit.segments.push(seg(t.range.start + 1, end, self.text));
                            break;
                        }
                        _ => break,
                    }
                }
                // Keep the invariant segments = exprs + 1 even when the string is cut short.
                while lit.segments.len() < lit.exprs.len() + 1 {
                    lit.segments.push(StringSegment {
                        value: String::new(),
                        range: TextRange::empty(self.last_end),
                    });
                }
            }
            _ => {}
        }
        lit.range = self.range_from(r.start);
        let range = lit.range;
        Expr {
            kind: ExprKind::String(lit),
            range,
        }
    }

    fn object(&mut self) -> Expr {
        let start = self.start();
        if !self.enter() {
            self.skip_balanced();
            return Expr::error(self.range_from(start));
        }
        self.bump(); // {
        let items = self.delimited(
            K::RBrace,
            "property",
            |p| Some(p.object_item()),
            |r| Some(ObjectItem::Error(r)),
        );
        self.leave();
        let range = self.range_from(start);
        Expr {
            kind: ExprKind::Object(Object { items, range }),
            range,
        }
    }

    /// The items of `{ ... }` or `[ ... ]` after the opening bracket, up to and including the
    /// closing one. Items are separated by line breaks or commas. Stops without consuming at the
    /// end of the file, at a mismatched closing bracket, or at a line that starts a
    /// declaration; `junk` turns a skipped stretch of tokens into an item, if the list keeps
    /// them.
    fn delimited<T>(
        &mut self,
        close: K,
        what: &str,
        mut item: impl FnMut(&mut Self) -> Option<T>,
        junk: impl Fn(TextRange) -> Option<T>,
    ) -> Vec<T> {
        let close_text = if close == K::RBrace { "`}`" } else { "`]`" };
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match self.kind() {
                Some(k) if k == close => {
                    self.bump();
                    break;
                }
                None | Some(K::RBrace | K::RBracket | K::RParen) => {
                    self.expected(close_text);
                    break;
                }
                _ if self.at_declaration_line() => {
                    self.expected(&format!("{close_text} before this declaration"));
                    break;
                }
                _ => {}
            }
            let before = self.pos;
            match item(self) {
                Some(x) => items.push(x),
                None => {
                    if let Some(x) = self.skip_until(&[close, K::Comma]).and_then(&junk) {
                        items.push(x);
                    }
                }
            }
            // After an item: a line break, a comma or the closing bracket.
            let separated = self.prev_is_newline()
                || matches!(
                    self.kind(),
                    None | Some(K::Newline | K::RBrace | K::RBracket | K::RParen)
                )
                || self.eat(K::Comma).is_some();
            if !separated {
                self.expected(&format!("a line break or `,` after the {what}"));
                if let Some(x) = self.skip_until(&[close, K::Comma]).and_then(&junk) {
                    items.push(x);
                }
                self.eat(K::Comma);
            }
            if self.pos == before {
                let r = self.here();
                let msg = format!("unexpected {}", self.describe_current());
                self.error("unexpected-token", msg, r);
                self.bump();
            }
        }
        // The tree is kept with its document: no room left over from growing.
        items.shrink_to_fit();
        items
    }

    fn object_item(&mut self) -> ObjectItem {
        let start = self.start();
        match self.kind() {
            Some(K::At) => return ObjectItem::Resource(Box::new(self.statement())),
            Some(K::Ident) if self.at_kw("resource") && self.nth(1) == Some(K::Ident) => {
                return ObjectItem::Resource(Box::new(self.statement()))
            }
            Some(K::Ellipsis) => {
                self.bump();
                return ObjectItem::Spread(self.expr());
            }
            _ => {}
        }
        let Some(key) = self.property_key() else {
            self.expected("a property name");
            let r = self.skip_until(&[K::RBrace, K::Comma]);
            return ObjectItem::Error(r.unwrap_or(TextRange::empty(start)));
        };
        let value = if self.expect(K::Colon, "`:` after the property name") {
            self.expr()
        } else {
            self.skip_until(&[K::RBrace, K::Comma]);
            Expr::error(TextRange::empty(self.last_end))
        };
        ObjectItem::Property(Property {
            key,
            value,
            range: self.range_from(start),
        })
    }

    fn property_key(&mut self) -> Option<PropertyKey> {
        let t = self.toks.get(self.pos).copied()?;
        match t.kind {
            K::Ident => {
                self.bump();
                Some(PropertyKey {
                    name: Some(self.tok_text(t).to_string()),
                    string: None,
                    range: t.range,
                })
            }
            k if is_string_start(k) => {
                let e = self.string();
                let range = e.range;
                let ExprKind::String(s) = e.kind else {
                    return None;
                };
                Some(PropertyKey {
                    name: s.as_literal().map(str::to_string),
                    string: Some(s),
                    range,
                })
            }
            _ => None,
        }
    }

    fn array_or_for(&mut self) -> Expr {
        let start = self.start();
        // `[` then (line breaks) `for`
        let mut k = 1;
        while self.nth(k) == Some(K::Newline) {
            k += 1;
        }
        let for_kw = self.nth(k) == Some(K::Ident) && self.nth_text(k) == "for";
        if !self.enter() {
            self.skip_balanced();
            return Expr::error(self.range_from(start));
        }
        let e = if for_kw {
            self.for_expr(start)
        } else {
            self.array(start)
        };
        self.leave();
        e
    }

    fn array(&mut self, start: u32) -> Expr {
        self.bump(); // [
        let items = self.delimited(
            K::RBracket,
            "array item",
            |p| {
                Some(if p.at(K::Ellipsis) {
                    let s = p.start();
                    p.bump();
                    let inner = p.expr();
                    Expr {
                        kind: ExprKind::Spread(Box::new(inner)),
                        range: p.range_from(s),
                    }
                } else {
                    p.expr()
                })
            },
            |_| None,
        );
        Expr {
            kind: ExprKind::Array(items),
            range: self.range_from(start),
        }
    }

    fn for_expr(&mut self, start: u32) -> Expr {
        self.bump(); // [
        self.skip_newlines();
        self.bump(); // for
        let (mut item, mut index) = (None, None);
        match self.kind() {
            Some(K::Ident) => item = self.ident("a loop variable"),
            Some(K::LParen) => {
                self.bump();
                item = self.ident("the item variable");
                if self.expect(K::Comma, "`,` and the index variable") {
                    index = self.ident("the index variable");
                }
                if !self.expect(K::RParen, "`)`") {
                    self.skip_until(&[K::RParen, K::RBracket]);
                    self.eat(K::RParen);
                }
            }
            _ => self.expected("a loop variable or `(item, index)`"),
        }
        let iterable = if self.expect_kw("in") {
            self.expr()
        } else {
            Expr::error(self.here())
        };
        let body = if self.expect(K::Colon, "`:` and the loop body") {
            if self.at_kw("if") && self.nth(1) == Some(K::LParen) {
                self.if_expr()
            } else {
                self.expr()
            }
        } else {
            Expr::error(self.here())
        };
        let save = self.pos;
        self.skip_newlines();
        if self.eat(K::RBracket).is_none() {
            self.pos = save;
            self.expected("`]` to close the loop");
            if self.skip_until(&[K::RBracket, K::RBrace]).is_some() {
                self.eat(K::RBracket);
            }
        }
        Expr {
            kind: ExprKind::For(Box::new(ForExpr {
                item,
                index,
                iterable,
                body,
            })),
            range: self.range_from(start),
        }
    }

    fn paren_or_lambda(&mut self) -> Expr {
        let start = self.start();
        let mut items = self.call_args();
        if self.at(K::Arrow) {
            self.bump();
            let mut params = Vec::new();
            for it in items {
                match it.kind {
                    ExprKind::Ident(i) => params.push(i),
                    _ => self.error(
                        "expected-token",
                        "a lambda parameter must be a plain name",
                        it.range,
                    ),
                }
            }
            self.newlines_before_body();
            let body = self.expr();
            return Expr {
                kind: ExprKind::Lambda {
                    params,
                    body: Box::new(body),
                },
                range: self.range_from(start),
            };
        }
        let range = self.range_from(start);
        let inner = match items.len() {
            1 => items.pop().unwrap_or_else(|| Expr::error(range)),
            n => {
                self.error(
                    "expected-token",
                    format!("parentheses must hold exactly one expression, found {n}"),
                    range,
                );
                Expr::error(range)
            }
        };
        Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            range,
        }
    }

    // ---- types -------------------------------------------------------------------------

    /// A type. `allow_resource`: `resource 'T@v'` (and bare `resource` for outputs).
    fn type_expr(&mut self, allow_resource: bool) -> TypeExpr {
        let start = self.start();
        if !self.enter() {
            self.skip_balanced();
            return TypeExpr {
                kind: TypeKind::Error,
                range: self.range_from(start),
            };
        }
        let t = self.union_type(allow_resource);
        self.leave();
        t
    }

    fn at_pipe_past_newlines(&self) -> bool {
        self.peek_past_newlines().0 == Some(K::Pipe)
    }

    fn union_type(&mut self, allow_resource: bool) -> TypeExpr {
        let leading = self.at_pipe_past_newlines();
        if leading {
            self.skip_newlines();
        }
        let start = self.start();
        if leading {
            self.bump();
        }
        let first = self.unary_type(allow_resource);
        if !leading && !self.at_pipe_past_newlines() {
            return first;
        }
        let mut members = vec![first];
        while self.at_pipe_past_newlines() {
            if members.len() > MAX_DEPTH * 10 {
                self.enter_failed();
                break;
            }
            self.skip_newlines();
            self.bump(); // |
            if self.at_line_end() {
                self.expected("a type after `|`");
                break;
            }
            members.push(self.unary_type(false));
        }
        TypeExpr {
            kind: TypeKind::Union(members),
            range: self.range_from(start),
        }
    }

    fn unary_type(&mut self, allow_resource: bool) -> TypeExpr {
        let start = self.start();
        let mut t = if matches!(self.kind(), Some(K::Minus | K::Plus | K::Bang)) {
            // `-1` as a literal type.
            let e = self.unary();
            let range = e.range;
            TypeExpr {
                kind: TypeKind::Literal(e),
                range,
            }
        } else {
            self.member_type(allow_resource)
        };
        let mut chain = 0;
        loop {
            let wrap: fn(Box<TypeExpr>) -> TypeKind = match self.kind() {
                Some(K::Question) => TypeKind::Nullable,
                Some(K::Bang) => TypeKind::NonNull,
                _ => break,
            };
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                self.enter_failed();
                break;
            }
            self.bump();
            t = TypeExpr {
                kind: wrap(Box::new(t)),
                range: self.range_from(start),
            };
        }
        t
    }

    fn member_type(&mut self, allow_resource: bool) -> TypeExpr {
        let start = self.start();
        let mut t = self.primary_type(allow_resource);
        let mut chain = 0;
        loop {
            if !matches!(self.kind(), Some(K::LBracket | K::Dot)) {
                break;
            }
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                self.enter_failed();
                break;
            }
            let Some(op) = self.bump() else { break };
            let kind = if op.kind == K::LBracket {
                if self.eat(K::RBracket).is_some() {
                    TypeKind::Array(Box::new(t))
                } else if self.at(K::Star) {
                    self.bump();
                    self.expect(K::RBracket, "`]`");
                    TypeKind::Index {
                        base: Box::new(t),
                        index: None,
                    }
                } else {
                    let index = self.expr();
                    self.expect(K::RBracket, "`]`");
                    TypeKind::Index {
                        base: Box::new(t),
                        index: Some(Box::new(index)),
                    }
                }
            } else if let Some(star) = self.eat(K::Star) {
                TypeKind::Ref {
                    target: Some(Box::new(t)),
                    name: Ident {
                        name: "*".into(),
                        range: star.range,
                    },
                    args: None,
                }
            } else {
                let name = self.ident("a property name after `.`").unwrap_or(Ident {
                    name: String::new(),
                    range: TextRange::empty(self.last_end),
                });
                let args = self.type_args();
                TypeKind::Ref {
                    target: Some(Box::new(t)),
                    name,
                    args,
                }
            };
            t = TypeExpr {
                kind,
                range: self.range_from(start),
            };
        }
        t
    }

    fn type_args(&mut self) -> Option<Vec<TypeExpr>> {
        self.eat(K::Lt)?;
        let mut args = Vec::new();
        loop {
            if self.eat(K::Gt).is_some() {
                break;
            }
            if self.at_line_end() {
                self.expected("`>`");
                break;
            }
            let before = self.pos;
            args.push(self.type_expr(false));
            if self.eat(K::Comma).is_none() && !self.at(K::Gt) {
                self.expected("`,` or `>`");
                break;
            }
            if self.pos == before {
                break;
            }
        }
        Some(args)
    }

    fn primary_type(&mut self, allow_resource: bool) -> TypeExpr {
        let start = self.start();
        let kind = match self.kind() {
            Some(K::Integer | K::True | K::False | K::Null) => TypeKind::Literal(self.primary()),
            Some(k) if is_string_start(k) => TypeKind::Literal(self.string()),
            Some(K::LBrace) => self.object_type(),
            Some(K::LBracket) => self.tuple_type(),
            Some(K::LParen) => {
                self.bump();
                let inner = self.type_expr(false);
                self.expect(K::RParen, "`)`");
                TypeKind::Paren(Box::new(inner))
            }
            Some(K::Ident) if self.at_kw("resource") && self.nth(1) != Some(K::Lt) => {
                self.bump();
                if !allow_resource {
                    self.error(
                        "expected-token",
                        "a resource type is not allowed here",
                        TextRange::new(start, self.last_end),
                    );
                }
                let s = match self.kind() {
                    Some(k) if is_string_start(k) => match self.string().kind {
                        ExprKind::String(s) => Some(s),
                        _ => None,
                    },
                    _ => None,
                };
                TypeKind::Resource(s)
            }
            Some(K::Ident) => {
                let name = self.ident("a type").unwrap_or(Ident {
                    name: String::new(),
                    range: TextRange::empty(start),
                });
                let args = self.type_args();
                TypeKind::Ref {
                    target: None,
                    name,
                    args,
                }
            }
            _ => {
                self.expected("a type");
                TypeKind::Error
            }
        };
        TypeExpr {
            kind,
            range: self.range_from(start),
        }
    }

    fn object_type(&mut self) -> TypeKind {
        self.bump(); // {
        TypeKind::Object(self.delimited(
            K::RBrace,
            "property",
            |p| {
                let start = p.start();
                let decorators = p.decorators();
                // `*` (additional properties) has no key.
                let key = if p.eat(K::Star).is_some() {
                    None
                } else {
                    let Some(k) = p.property_key() else {
                        p.expected("a property name or `*`");
                        return None;
                    };
                    Some(k)
                };
                let value = if p.expect(K::Colon, "`:` after the property name") {
                    p.type_expr(false)
                } else {
                    TypeExpr {
                        kind: TypeKind::Error,
                        range: TextRange::empty(p.last_end),
                    }
                };
                Some(ObjectTypeProperty {
                    decorators,
                    key,
                    value,
                    range: p.range_from(start),
                })
            },
            |_| None,
        ))
    }

    fn tuple_type(&mut self) -> TypeKind {
        self.bump(); // [
        TypeKind::Tuple(self.delimited(
            K::RBracket,
            "item",
            |p| {
                let decorators = p.decorators();
                let value = p.type_expr(false);
                Some(TupleTypeItem { decorators, value })
            },
            |_| None,
        ))
    }
}
