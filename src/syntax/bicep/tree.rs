//! The typed syntax tree. Every node has a byte range; missing pieces are `None` (or an
//! `ExprKind::Error` / `TypeKind::Error` node with an empty range where a value is required), and
//! a syntax error says what was expected there.

use super::lexer::{Pragma, Token, TokenKind};
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// A parsed `.bicep` (or `.bicepparam`) file.
#[derive(Clone, Debug)]
pub struct BicepFile {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// Every token, trivia included: concatenated, they give back the input.
    pub tokens: Vec<Token>,
    /// `#disable-next-line` pragmas in document order.
    pub pragmas: Vec<Pragma>,
}

impl BicepFile {
    /// Comments (line and block) in document order.
    pub fn comments(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| t.kind.is_comment())
    }

    /// The top-level declaration that declares `name` (parameters, variables, resources,
    /// modules, types, functions, outputs, imported symbols and aliases). Bicep identifiers are
    /// case-sensitive.
    pub fn declaration(&self, name: &str) -> Option<&Statement> {
        self.statements
            .iter()
            .find(|s| s.declared_names().any(|n| n.name == name))
    }

    /// Every resource declaration, top-level and nested, depth first, with the chain of
    /// enclosing resources (outermost first) for nested ones.
    pub fn resources(&self) -> Vec<(Vec<&ResourceDecl>, &ResourceDecl)> {
        let mut out = Vec::new();
        for s in &self.statements {
            if let StatementKind::Resource(r) = &s.kind {
                collect_resources(r, &mut Vec::new(), &mut out);
            }
        }
        out
    }

    pub fn modules(&self) -> impl Iterator<Item = &ModuleDecl> {
        self.statements.iter().filter_map(|s| match &s.kind {
            StatementKind::Module(m) => Some(m),
            _ => None,
        })
    }

    /// `targetScope` value when it is a plain string (`'resourceGroup'` is the default).
    pub fn target_scope(&self) -> Option<&str> {
        self.statements.iter().find_map(|s| match &s.kind {
            StatementKind::TargetScope { value } => value.as_str(),
            _ => None,
        })
    }

    /// The pragma (if any) on the line just before the line holding `offset`, i.e. the pragma
    /// that suppresses diagnostics at `offset`.
    pub fn pragma_for(&self, text: &str, offset: u32) -> Option<&Pragma> {
        let line_start = text
            .get(..offset as usize)?
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let before = text.get(..line_start)?;
        let prev_line_start = before
            .trim_end_matches(['\n', '\r'])
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1) as u32;
        self.pragmas
            .iter()
            .find(|p| p.range.start >= prev_line_start && (p.range.start as usize) < line_start)
    }

    /// Tokens that are not trivia nor line breaks, for tools that want the raw stream.
    pub fn significant_tokens(&self) -> impl Iterator<Item = &Token> {
        self.tokens
            .iter()
            .filter(|t| !t.kind.is_trivia() && t.kind != TokenKind::Newline)
    }
}

fn collect_resources<'a>(
    r: &'a ResourceDecl,
    chain: &mut Vec<&'a ResourceDecl>,
    out: &mut Vec<(Vec<&'a ResourceDecl>, &'a ResourceDecl)>,
) {
    out.push((chain.clone(), r));
    chain.push(r);
    for child in r.nested_resources() {
        collect_resources(child, chain, out);
    }
    chain.pop();
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub range: TextRange,
}

/// A declaration with its decorators. `range` covers the decorators too.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub decorators: Vec<Decorator>,
    pub kind: StatementKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    /// `targetScope = 'subscription'`
    TargetScope {
        value: Expr,
    },
    /// `metadata name = value`
    Metadata {
        name: Option<Ident>,
        value: Expr,
    },
    Import(ImportDecl),
    /// `extension name` / `extension 'br:...' with {...} as alias` (`provider` is the old
    /// spelling).
    Extension(ExtensionDecl),
    /// `using './main.bicep'` / `using none` (`.bicepparam`), `extends '...'`.
    Using {
        keyword: Ident,
        path: Expr,
        config: Option<Expr>,
    },
    Param(ParamDecl),
    Var(VarDecl),
    Type(TypeDecl),
    Func(FuncDecl),
    Resource(ResourceDecl),
    Module(ModuleDecl),
    Output(OutputDecl),
    /// `assert name = condition` (and `test name 'path' = {...}` is kept as a module-like
    /// `Module` with keyword `test`).
    Assert {
        name: Option<Ident>,
        value: Expr,
    },
    /// Decorators with no declaration after them, or a line that is not a declaration.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    pub name: Option<Ident>,
    /// `None` in `.bicepparam` files (`param x = 1`) or when missing.
    pub ty: Option<TypeExpr>,
    pub default: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarDecl {
    pub name: Option<Ident>,
    /// `var x string = ...` (typed variables).
    pub ty: Option<TypeExpr>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    pub name: Option<Ident>,
    pub value: TypeExpr,
}

/// `func name(a string, b int) string => body`
#[derive(Clone, Debug, PartialEq)]
pub struct FuncDecl {
    pub name: Option<Ident>,
    pub params: Vec<(Ident, TypeExpr)>,
    pub return_type: Option<TypeExpr>,
    pub body: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputDecl {
    pub name: Option<Ident>,
    /// `TypeKind::Resource` for `output x resource = ...` / `output x resource 'T@v' = ...`.
    pub ty: Option<TypeExpr>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDecl {
    pub name: Option<Ident>,
    /// `'Microsoft.Network/virtualNetworks@2024-05-01'`; see [`ResourceDecl::resource_type`].
    pub type_string: Option<StringLit>,
    /// Range of the `existing` keyword.
    pub existing: Option<TextRange>,
    /// `ExprKind::Object`, `ExprKind::If` (conditional) or `ExprKind::For` (loop, whose body may
    /// itself be an `If`); `ExprKind::Error` when missing.
    pub body: Expr,
    /// From the `resource` keyword to the end of the body (no decorators).
    pub range: TextRange,
}

/// `Namespace/type@api-version`, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceType<'a> {
    /// `Microsoft.Network/virtualNetworks/subnets` (or `subnets` for a nested child, whose
    /// full type is the parent's plus this).
    pub type_name: &'a str,
    pub api_version: Option<&'a str>,
}

impl ResourceDecl {
    /// The type string split at `@`, when it has no interpolation.
    pub fn resource_type(&self) -> Option<ResourceType<'_>> {
        let s = self.type_string.as_ref()?.as_literal()?;
        Some(match s.split_once('@') {
            Some((t, v)) => ResourceType {
                type_name: t,
                api_version: Some(v),
            },
            None => ResourceType {
                type_name: s,
                api_version: None,
            },
        })
    }
    pub fn is_existing(&self) -> bool {
        self.existing.is_some()
    }
    /// The object body, looking through `if` and `for`.
    pub fn body_object(&self) -> Option<&Object> {
        self.body.body_object()
    }
    /// The `if (...)` condition (inside a loop too).
    pub fn condition(&self) -> Option<&Expr> {
        self.body.body_condition()
    }
    pub fn for_loop(&self) -> Option<&ForExpr> {
        match &self.body.kind {
            ExprKind::For(f) => Some(f),
            _ => None,
        }
    }
    /// A top-level property of the body (`name`, `location`, `parent`, `scope`, `properties`,
    /// ...), matched exactly.
    pub fn property(&self, key: &str) -> Option<&Expr> {
        self.body_object()?.get(key)
    }
    /// Child resources declared inside the body.
    pub fn nested_resources(&self) -> impl Iterator<Item = &ResourceDecl> {
        self.body_object()
            .into_iter()
            .flat_map(|o| o.nested_resources())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModuleDecl {
    /// `module`, or `test` for a test declaration.
    pub keyword: Ident,
    pub name: Option<Ident>,
    /// `'./vnet.bicep'`, `'br/public:avm/res/network/virtual-network:0.5.1'`, `'ts:...'`.
    pub path: Option<StringLit>,
    /// As for resources: object, `if` or `for`.
    pub body: Expr,
    pub range: TextRange,
}

/// Where a module comes from, from its path string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleSource<'a> {
    /// A relative path (`./x.bicep`, `../modules/y.json`).
    Local(&'a str),
    /// `br:registry/repo:tag` (alias `None`) or `br/alias:repo:tag`.
    Registry {
        alias: Option<&'a str>,
        reference: &'a str,
    },
    /// `ts:sub/rg/name:version` or `ts/alias:name:version`.
    TemplateSpec {
        alias: Option<&'a str>,
        reference: &'a str,
    },
}

impl ModuleDecl {
    pub fn source(&self) -> Option<ModuleSource<'_>> {
        let p = self.path.as_ref()?.as_literal()?;
        for (scheme, registry) in [("br", true), ("ts", false)] {
            let Some(rest) = p.strip_prefix(scheme) else {
                continue;
            };
            let parsed = if let Some(r) = rest.strip_prefix(':') {
                Some((None, r))
            } else if let Some(r) = rest.strip_prefix('/') {
                r.split_once(':').map(|(a, r)| (Some(a), r))
            } else {
                None
            };
            if let Some((alias, reference)) = parsed {
                return Some(if registry {
                    ModuleSource::Registry { alias, reference }
                } else {
                    ModuleSource::TemplateSpec { alias, reference }
                });
            }
        }
        Some(ModuleSource::Local(p))
    }
    pub fn body_object(&self) -> Option<&Object> {
        self.body.body_object()
    }
    pub fn condition(&self) -> Option<&Expr> {
        self.body.body_condition()
    }
    pub fn property(&self, key: &str) -> Option<&Expr> {
        self.body_object()?.get(key)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecl {
    pub kind: ImportKind,
    /// The `from '...'` path of compile-time imports.
    pub from: Option<StringLit>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportKind {
    /// `import { a, b as c } from '...'`
    Symbols(Vec<ImportedSymbol>),
    /// `import * as ns from '...'`
    Wildcard {
        alias: Option<Ident>,
    },
    /// Legacy provider import: `import 'az@1.0.0' with {...} as az`.
    Provider {
        spec: Expr,
        config: Option<Expr>,
        alias: Option<Ident>,
    },
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportedSymbol {
    /// An identifier or a string (a string needs an alias).
    pub name: Expr,
    pub alias: Option<Ident>,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExtensionDecl {
    pub keyword: Ident,
    /// An identifier (alias from bicepconfig) or a string (`'br:...'`).
    pub spec: Expr,
    pub config: Option<Expr>,
    pub alias: Option<Ident>,
}

/// `@name`, `@name(args)`, `@sys.name(args)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Decorator {
    /// `ExprKind::Call`, `ExprKind::Ident` or `ExprKind::Member` (or `Error`).
    pub expr: Expr,
    /// From `@` to the end of the expression.
    pub range: TextRange,
}

impl Decorator {
    /// The decorator's own name (`description` for `@sys.description(...)`).
    pub fn name(&self) -> Option<&str> {
        match &self.expr.kind {
            ExprKind::Call { name, .. } => Some(&name.name),
            ExprKind::Ident(i) => Some(&i.name),
            ExprKind::Member { name, .. } => Some(&name.name),
            _ => None,
        }
    }
    pub fn args(&self) -> &[Expr] {
        match &self.expr.kind {
            ExprKind::Call { args, .. } => args,
            _ => &[],
        }
    }
}

impl Statement {
    /// The names this statement declares (one for most declarations; imports may declare many).
    pub fn declared_names(&self) -> impl Iterator<Item = &Ident> {
        let mut v: Vec<&Ident> = Vec::new();
        match &self.kind {
            StatementKind::Param(d) => v.extend(&d.name),
            StatementKind::Var(d) => v.extend(&d.name),
            StatementKind::Type(d) => v.extend(&d.name),
            StatementKind::Func(d) => v.extend(&d.name),
            StatementKind::Resource(d) => v.extend(&d.name),
            StatementKind::Module(d) => v.extend(&d.name),
            StatementKind::Output(d) => v.extend(&d.name),
            StatementKind::Metadata { name, .. } | StatementKind::Assert { name, .. } => {
                v.extend(name)
            }
            StatementKind::Import(d) => match &d.kind {
                ImportKind::Symbols(syms) => {
                    for s in syms {
                        match (&s.alias, &s.name.kind) {
                            (Some(a), _) => v.push(a),
                            (None, ExprKind::Ident(i)) => v.push(i),
                            _ => {}
                        }
                    }
                }
                ImportKind::Wildcard { alias } | ImportKind::Provider { alias, .. } => {
                    v.extend(alias)
                }
                ImportKind::Error => {}
            },
            StatementKind::Extension(d) => v.extend(&d.alias),
            _ => {}
        }
        v.into_iter()
    }
    pub fn decorator(&self, name: &str) -> Option<&Decorator> {
        self.decorators.iter().find(|d| d.name() == Some(name))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Mod,
    Add,
    Sub,
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
    /// `=~`
    EqI,
    /// `!~`
    NeI,
    And,
    Or,
    /// `??`
    Coalesce,
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::EqI => "=~",
            BinaryOp::NeI => "!~",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::Coalesce => "??",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    String(StringLit),
    /// An integer; `value` is `None` when it does not fit `u64`.
    Number {
        value: Option<u64>,
    },
    Bool(bool),
    Null,
    /// A reference to a symbol (parameter, variable, resource, loop variable, namespace...).
    Ident(Ident),
    Object(Object),
    /// Items may be `ExprKind::Spread`.
    Array(Vec<Expr>),
    Paren(Box<Expr>),
    /// `base.name`, or `base.?name` when `safe`.
    Member {
        base: Box<Expr>,
        name: Ident,
        safe: bool,
    },
    /// `base[index]`; `base[?index]` when `safe`; `base[^index]` when `from_end`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        safe: bool,
        from_end: bool,
    },
    /// `name(args)`; with `target` for `ns.name(args)` (`sys.concat`, `az.resourceGroup`) and
    /// instance calls (`vnet.getSecret('x')`).
    Call {
        target: Option<Box<Expr>>,
        name: Ident,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `expr!`
    NonNull(Box<Expr>),
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `x => body`, `(a, b) => body`, `() => body`.
    Lambda {
        params: Vec<Ident>,
        body: Box<Expr>,
    },
    /// `parent::child`
    ResourceAccess {
        base: Box<Expr>,
        name: Ident,
    },
    /// `...expr` in an array (in objects, see [`ObjectItem::Spread`]).
    Spread(Box<Expr>),
    For(Box<ForExpr>),
    /// `if (cond) { ... }`: only as a resource/module body or a loop body.
    If {
        cond: Box<Expr>,
        body: Box<Expr>,
    },
    /// Something that is not an expression (a syntax error covers it), or a missing one (empty
    /// range).
    Error,
}

/// `[for item in iterable: body]`, `[for (item, index) in iterable: body]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForExpr {
    pub item: Option<Ident>,
    pub index: Option<Ident>,
    pub iterable: Expr,
    /// Any expression; for resources and modules an object or `ExprKind::If` (a filter).
    pub body: Expr,
}

/// A string: `segments.len() == exprs.len() + 1`; segment 0, then `${exprs[0]}`, then segment
/// 1... Multi-line strings have one segment and no expressions.
#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    pub segments: Vec<StringSegment>,
    pub exprs: Vec<Expr>,
    pub multiline: bool,
    /// Quotes included.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringSegment {
    /// Escapes decoded.
    pub value: String,
    /// The raw text of the segment, without quotes and `${` / `}`.
    pub range: TextRange,
}

impl StringLit {
    /// The value when the string has no interpolation.
    pub fn as_literal(&self) -> Option<&str> {
        match (self.segments.as_slice(), self.exprs.is_empty()) {
            ([only], true) => Some(&only.value),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub items: Vec<ObjectItem>,
    /// Braces included (to the last item when `}` is missing).
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectItem {
    Property(Property),
    /// `...expr`
    Spread(Expr),
    /// A nested (child) resource declaration, with its decorators.
    Resource(Box<Statement>),
    /// A line that is not a property; a syntax error covers it.
    Error(TextRange),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub key: PropertyKey,
    /// `ExprKind::Error` with an empty range when the value is missing.
    pub value: Expr,
    /// Key to end of value.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PropertyKey {
    /// The key's name: the identifier, or the string's value when it has no interpolation.
    pub name: Option<String>,
    /// Present when the key is a string (possibly interpolated).
    pub string: Option<StringLit>,
    pub range: TextRange,
}

impl Object {
    pub fn properties(&self) -> impl Iterator<Item = &Property> {
        self.items.iter().filter_map(|i| match i {
            ObjectItem::Property(p) => Some(p),
            _ => None,
        })
    }
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties()
            .find(|p| p.key.name.as_deref() == Some(key))
    }
    /// ARM property names are case-insensitive.
    pub fn property_ci(&self, key: &str) -> Option<&Property> {
        self.properties().find(|p| {
            p.key
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(key))
        })
    }
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.property(key).map(|p| &p.value)
    }
    pub fn get_ci(&self, key: &str) -> Option<&Expr> {
        self.property_ci(key).map(|p| &p.value)
    }
    pub fn nested_resources(&self) -> impl Iterator<Item = &ResourceDecl> {
        self.items.iter().filter_map(|i| match i {
            ObjectItem::Resource(s) => match &s.kind {
                StatementKind::Resource(r) => Some(r),
                _ => None,
            },
            _ => None,
        })
    }
}

impl Expr {
    pub(crate) fn error(range: TextRange) -> Expr {
        Expr {
            kind: ExprKind::Error,
            range,
        }
    }
    pub fn is_error(&self) -> bool {
        matches!(self.kind, ExprKind::Error)
    }
    /// A string without interpolation.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::String(s) => s.as_literal(),
            _ => None,
        }
    }
    pub fn as_string(&self) -> Option<&StringLit> {
        match &self.kind {
            ExprKind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Object> {
        match &self.kind {
            ExprKind::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Expr]> {
        match &self.kind {
            ExprKind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_ident(&self) -> Option<&Ident> {
        match &self.kind {
            ExprKind::Ident(i) => Some(i),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            ExprKind::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// A property of an object expression.
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.as_object()?.get(key)
    }
    /// Follow a path of object keys: `body.path(&["properties", "subnets"])`.
    pub fn path(&self, keys: &[&str]) -> Option<&Expr> {
        let mut e = self;
        for k in keys {
            e = e.get(k)?;
        }
        Some(e)
    }
    /// Look through parentheses.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }
    /// For a declaration body (object / `if` / `for`): the object.
    pub fn body_object(&self) -> Option<&Object> {
        match &self.kind {
            ExprKind::Object(o) => Some(o),
            ExprKind::If { body, .. } => body.body_object(),
            ExprKind::For(f) => f.body.body_object(),
            _ => None,
        }
    }
    /// For a declaration body: the `if` condition (inside a loop too).
    pub fn body_condition(&self) -> Option<&Expr> {
        match &self.kind {
            ExprKind::If { cond, .. } => Some(cond),
            ExprKind::For(f) => f.body.body_condition(),
            _ => None,
        }
    }
    /// The direct sub-expressions, in source order (not into types or nested statements'
    /// decorators). Recursion over the tree is bounded by the parser's depth limit.
    pub fn children(&self) -> Vec<&Expr> {
        let mut v: Vec<&Expr> = Vec::new();
        match &self.kind {
            ExprKind::String(s) => v.extend(&s.exprs),
            ExprKind::Object(o) => {
                for item in &o.items {
                    match item {
                        ObjectItem::Property(p) => {
                            if let Some(s) = &p.key.string {
                                v.extend(&s.exprs);
                            }
                            v.push(&p.value)
                        }
                        ObjectItem::Spread(e) => v.push(e),
                        ObjectItem::Resource(_) | ObjectItem::Error(_) => {}
                    }
                }
            }
            ExprKind::Array(items) => v.extend(items),
            ExprKind::Paren(e) | ExprKind::NonNull(e) | ExprKind::Spread(e) => v.push(e),
            ExprKind::Member { base, .. } | ExprKind::ResourceAccess { base, .. } => v.push(base),
            ExprKind::Index { base, index, .. } => {
                v.push(base);
                v.push(index);
            }
            ExprKind::Call { target, args, .. } => {
                v.extend(target.as_deref());
                v.extend(args);
            }
            ExprKind::Unary { operand, .. } => v.push(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                v.push(lhs);
                v.push(rhs);
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => {
                v.push(cond);
                v.push(then);
                v.push(otherwise);
            }
            ExprKind::Lambda { body, .. } => v.push(body),
            ExprKind::For(f) => {
                v.push(&f.iterable);
                v.push(&f.body);
            }
            ExprKind::If { cond, body } => {
                v.push(cond);
                v.push(body);
            }
            ExprKind::Number { .. }
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Ident(_)
            | ExprKind::Error => {}
        }
        v
    }
}

/// A type expression (parameter, output, variable and `type` declarations, function
/// signatures).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `string`, `myType`, `sys.string`, `types.foo`; `args` for `resourceInput<'T@v'>`.
    Ref {
        target: Option<Box<TypeExpr>>,
        name: Ident,
        args: Option<Vec<TypeExpr>>,
    },
    /// `'a'`, `1`, `-1`, `true`, `null`: the literal as an expression.
    Literal(Expr),
    /// `'a' | 'b'`
    Union(Vec<TypeExpr>),
    /// `string?`
    Nullable(Box<TypeExpr>),
    /// `T!`
    NonNull(Box<TypeExpr>),
    /// `string[]`
    Array(Box<TypeExpr>),
    /// `T[0]`, `T[*]` (index `None`), `T.*` is `Ref` with name `*`.
    Index {
        base: Box<TypeExpr>,
        index: Option<Box<Expr>>,
    },
    /// `{ a: string, @description('x') b: int?, *: string }`
    Object(Vec<ObjectTypeProperty>),
    /// `[string, int]`
    Tuple(Vec<TupleTypeItem>),
    Paren(Box<TypeExpr>),
    /// `resource 'T@v'` (parameters, outputs) or bare `resource` (outputs).
    Resource(Option<StringLit>),
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectTypeProperty {
    pub decorators: Vec<Decorator>,
    /// `None` for `*` (additional properties).
    pub key: Option<PropertyKey>,
    pub value: TypeExpr,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TupleTypeItem {
    pub decorators: Vec<Decorator>,
    pub value: TypeExpr,
}
