//! Evaluation of template values and expressions: JSON values (with property `copy` loops),
//! `parameters()` and `variables()` (lazy, memoised, cycle-safe), `copyIndex()`,
//! `reference()`/`list*()` and user-defined functions. The built-in function library is in
//! [`super::functions`].

use super::expr::{self, Expr, ExprKind};
use super::ids;
use super::source_map::SourceMap;
use crate::azure::value::resid_key;
use crate::azure::{EKind, EVal, ResId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{DocumentSet, FileId, Location};
use crate::model::Unknown;
use crate::syntax::jsonc::{Value, ValueKind};
use crate::text::TextRange;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Most iterations of one `copy` loop that are expanded; a larger or unknown count gives one
/// representative that may or may not exist.
pub const MAX_COPY: i64 = 1000;
/// Deepest chain of variables, parameters and user functions evaluated through each other.
const MAX_EVAL_DEPTH: u32 = 128;
/// Work allowed for one check (expression nodes, plus string and array sizes); beyond it values
/// are unknown. A generous bound that only pathological templates reach.
const FUEL: u64 = 20_000_000;
/// Longest string or array an expression may build.
pub const MAX_LEN: usize = 1 << 20;

/// Shared evaluation state: diagnostics, the parse cache, the work budget.
pub struct Ctx<'a> {
    pub docs: &'a DocumentSet,
    pub diags: Vec<Diagnostic>,
    /// Parsed expressions by document position, and whether they had syntax errors.
    parsed: HashMap<(FileId, u32), (Rc<Expr>, bool)>,
    fuel: u64,
    depth: u32,
}

/// One template instance: the top-level template, or an inner-scope nested deployment.
pub struct Scope<'a> {
    pub file: FileId,
    params: HashMap<String, Param<'a>>,
    vars: HashMap<String, &'a Value>,
    /// Variables declared by a top-level variable `copy` entry.
    var_copies: HashMap<String, &'a Value>,
    /// Variable names as declared, for hints.
    var_decl_names: Vec<String>,
    cache: RefCell<HashMap<String, Slot>>,
    functions: HashMap<String, &'a Value>,
    /// Resources of this template by `name` (joined with `/`, lower case) and by symbolic name.
    pub by_name: RefCell<HashMap<String, ResId>>,
    pub by_symbol: RefCell<HashMap<String, ResId>>,
    /// Outputs of nested deployments, by deployment name (lower case).
    pub outputs: RefCell<HashMap<String, EVal>>,
    /// Prefix of parameter identities: empty at the top, `deploymentName.` when nested.
    pub label: String,
    /// Nested deployment depth.
    pub depth: u32,
}

struct Param<'a> {
    /// As declared (keys of `params` are lower case).
    name: String,
    decl: &'a Value,
    given: Option<EVal>,
}

#[derive(Clone)]
enum Slot {
    InProgress,
    Done(EVal),
}

/// One active `copy` loop.
#[derive(Clone, Debug)]
pub struct Copy {
    pub name: String,
    pub index: EVal,
    /// A resource loop (what `copyIndex()` without a name refers to).
    pub resource: bool,
}

/// The dynamic environment: active loops and, inside a user function, its arguments.
#[derive(Clone, Debug, Default)]
pub struct Env {
    pub copies: Vec<Copy>,
    pub args: Option<Rc<HashMap<String, EVal>>>,
}

impl Env {
    pub fn with(&self, c: Copy) -> Env {
        let mut e = self.clone();
        e.copies.push(c);
        e
    }
}

pub fn unknown(reason: impl Into<String>, identity: Option<String>, loc: Location) -> EVal {
    EVal::unknown(
        Unknown {
            reason: reason.into(),
            identity,
            label: None,
        },
        loc,
    )
}

/// A stable text for any value, for building identities (`guid(...)`, `uniqueString(...)`):
/// equal texts mean equal values. `None` when part of it has no identity.
pub fn ident(v: &EVal) -> Option<String> {
    Some(match &v.kind {
        EKind::Null => "null".into(),
        EKind::Bool(b) => b.to_string(),
        EKind::Int(i) => i.to_string(),
        EKind::Str(s) => format!("'{s}'"),
        EKind::Interp(parts) => parts
            .iter()
            .map(|p| match &p.kind {
                EKind::Str(s) => Some(s.clone()),
                _ => ident(p).map(|i| format!("{{{i}}}")),
            })
            .collect::<Option<Vec<_>>>()?
            .concat()
            .to_string(),
        EKind::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(ident)
                .collect::<Option<Vec<_>>>()?
                .join(",")
        ),
        EKind::Object(props) => format!(
            "{{{}}}",
            props
                .iter()
                .map(|(k, _, v)| ident(v).map(|i| format!("{k}:{i}")))
                .collect::<Option<Vec<_>>>()?
                .join(",")
        ),
        EKind::ResourceId(id) => id_ident(id)?,
        EKind::Property { of, path } => format!("{}.{}", id_ident(of)?, path.join(".")),
        EKind::Unknown(u) => u.identity.clone()?,
    })
}

pub fn id_ident(id: &ResId) -> Option<String> {
    Some(format!(
        "id({},{})",
        id.rtype,
        id.names
            .iter()
            .map(ident)
            .collect::<Option<Vec<_>>>()?
            .join(",")
    ))
}

/// Whether a value is fully known (no unknown, interpolated or runtime parts).
pub fn known(v: &EVal) -> bool {
    match &v.kind {
        EKind::Null | EKind::Bool(_) | EKind::Int(_) | EKind::Str(_) => true,
        EKind::Array(items) => items.iter().all(known),
        EKind::Object(props) => props.iter().all(|(_, _, v)| known(v)),
        EKind::ResourceId(id) => id.names.iter().all(known),
        EKind::Interp(_) | EKind::Property { .. } | EKind::Unknown(_) => false,
    }
}

impl<'a> Ctx<'a> {
    pub fn new(docs: &'a DocumentSet) -> Self {
        Ctx {
            docs,
            diags: Vec::new(),
            parsed: HashMap::new(),
            fuel: FUEL,
            depth: 0,
        }
    }

    pub fn report(
        &mut self,
        code: &str,
        severity: Severity,
        loc: Location,
        msg: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::new(code, severity, loc, msg));
    }
    pub fn error(&mut self, loc: Location, msg: impl Into<String>) {
        self.report("arm-expression", Severity::Error, loc, msg);
    }

    /// Spend work; false when the budget is exhausted (reported once).
    pub fn spend(&mut self, amount: u64, loc: Location) -> bool {
        if self.fuel == 0 {
            return false;
        }
        if self.fuel <= amount {
            self.fuel = 0;
            self.report(
                "arm-expression",
                Severity::Warning,
                loc,
                "topolint stopped evaluating this template here: it needs more work than a check allows; later values are unknown",
            );
            return false;
        }
        self.fuel -= amount;
        true
    }

    /// Document offset of a known string's first character when `loc` is exactly the string
    /// in quotes (so parts of it can be located precisely).
    pub fn exact(&self, v: &EVal) -> ids::Exact {
        let s = v.as_str()?;
        let doc = self.docs.get(v.loc.file);
        let raw = v.loc.range.slice(&doc.text);
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))?;
        (inner == s).then_some(v.loc.range.start + 1)
    }

    /// Evaluate a JSON value of the template.
    pub fn value(&mut self, sc: &Scope<'a>, env: &Env, v: &'a Value) -> EVal {
        let loc = Location::new(sc.file, v.range);
        match &v.kind {
            ValueKind::Object(members) => {
                let mut props = Vec::with_capacity(members.len());
                for m in members {
                    let kloc = Location::new(sc.file, m.key.range);
                    if m.key.name.eq_ignore_ascii_case("copy") {
                        if let Some(entries) = property_copies(&m.value) {
                            for e in entries {
                                if let Some((name, nloc, arr)) = self.copy_entry(sc, env, e) {
                                    props.push((name, nloc, arr));
                                }
                            }
                            continue;
                        }
                    }
                    let val = self.value(sc, env, &m.value);
                    let key = if expr::is_expression(&m.key.name) {
                        self.key(sc, env, &m.key.name, m.key.range)
                    } else {
                        m.key.name.clone()
                    };
                    props.push((key, kloc, val));
                }
                EVal::new(EKind::Object(props), loc)
            }
            ValueKind::Array(items) => EVal::new(
                EKind::Array(items.iter().map(|i| self.value(sc, env, i)).collect()),
                loc,
            ),
            ValueKind::String(s) => self.string(sc, env, v, s),
            ValueKind::Number(n) => number(n, loc),
            ValueKind::Bool(b) => EVal::new(EKind::Bool(*b), loc),
            ValueKind::Null => EVal::new(EKind::Null, loc),
            ValueKind::Error => unknown("a syntax error is here", None, loc),
        }
    }

    /// An object key written as an expression (`"[resourceId(...)]": {}` in
    /// `userAssignedIdentities`): its text, a resource id as [`resid_key`] writes it, or the
    /// identity of an unknown.
    fn key(&mut self, sc: &Scope<'a>, env: &Env, name: &str, range: TextRange) -> String {
        let (e, broken) = self.parse(sc.file, name, range);
        if broken {
            return name.to_string();
        }
        let v = self.expr(sc, env, &e);
        match &v.kind {
            EKind::Str(s) => s.clone(),
            EKind::ResourceId(id) => resid_key(id),
            _ => v
                .identity()
                .or_else(|| ident(&v))
                .unwrap_or_else(|| name.to_string()),
        }
    }

    /// A JSON string: an expression, or a literal (which may be a resource id).
    fn string(&mut self, sc: &Scope<'a>, env: &Env, v: &'a Value, s: &str) -> EVal {
        let loc = Location::new(sc.file, v.range);
        if expr::is_expression(s) {
            let (e, broken) = self.parse(sc.file, s, v.range);
            if broken {
                // ARM rejects the template; a value read from a broken expression is a guess.
                return unknown("the expression has a syntax error", None, loc);
            }
            let mut r = self.expr(sc, env, &e);
            place(&mut r, loc);
            return r;
        }
        if s.starts_with('[') && !s.starts_with("[[") && !s.trim_end().ends_with(']') {
            self.report(
                "arm-expression",
                Severity::Warning,
                loc,
                "this string starts with `[` but does not end with `]`, so ARM reads it as text, not as an expression: close the expression, or write `[[` for a literal `[`",
            );
        }
        literal_string(expr::unescape_literal(s), s.len(), loc)
    }

    /// The parsed expression of a JSON string value, parsed once per document position (so
    /// that its syntax errors are reported once however often it is evaluated).
    fn parse(&mut self, file: FileId, decoded: &str, range: TextRange) -> (Rc<Expr>, bool) {
        if let Some(e) = self.parsed.get(&(file, range.start)) {
            return e.clone();
        }
        let text = &self.docs.get(file).text;
        let (s, map) = SourceMap::of_string(decoded, range, text);
        let (e, errors) = expr::parse(&s, &map);
        let broken = !errors.is_empty();
        for err in errors {
            self.error(Location::new(file, err.range), err.message);
        }
        let e = (Rc::new(e), broken);
        self.parsed.insert((file, range.start), e.clone());
        e
    }

    /// Evaluate an expression node; the result is located at the node.
    pub fn expr(&mut self, sc: &Scope<'a>, env: &Env, e: &Expr) -> EVal {
        let loc = Location::new(sc.file, e.range);
        if !self.spend(1, loc) {
            return unknown("evaluation budget exhausted", None, loc);
        }
        let mut r = match &e.kind {
            ExprKind::Str(s) => EVal::str(s.clone(), loc),
            ExprKind::Int(i) => EVal::new(EKind::Int(*i), loc),
            ExprKind::Bool(b) => EVal::new(EKind::Bool(*b), loc),
            ExprKind::Null => EVal::new(EKind::Null, loc),
            ExprKind::Error => unknown("the expression has an error", None, loc),
            ExprKind::Member {
                target,
                name,
                name_range: _,
            } => {
                let t = self.expr(sc, env, target);
                member(t, name, loc)
            }
            ExprKind::Index { target, index } => {
                let t = self.expr(sc, env, target);
                let i = self.expr(sc, env, index);
                index_of(t, &i, loc)
            }
            ExprKind::Call {
                namespace,
                name,
                name_range,
                args,
            } => self.call(sc, env, namespace.as_deref(), name, *name_range, args, loc),
        };
        place(&mut r, loc);
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        namespace: Option<&str>,
        name: &str,
        name_range: TextRange,
        args: &[Expr],
        loc: Location,
    ) -> EVal {
        let lname = name.to_ascii_lowercase();
        if let Some(ns) = namespace {
            return self.user_function(sc, env, ns, name, args, loc);
        }
        // `if` evaluates only the branch it takes, as ARM does.
        if lname == "if" {
            if args.len() != 3 {
                self.error(
                    loc,
                    "`if` takes 3 arguments: condition, value if true, value if false",
                );
                return unknown("`if` with the wrong number of arguments", None, loc);
            }
            let c = self.expr(sc, env, &args[0]);
            return match c.as_bool() {
                Some(b) => {
                    let mut v = self.expr(sc, env, &args[if b { 1 } else { 2 }]);
                    if v.via_param.is_none() {
                        v.via_param.clone_from(&c.via_param);
                    }
                    v
                }
                None => {
                    let a = self.expr(sc, env, &args[1]);
                    let b = self.expr(sc, env, &args[2]);
                    if a.kind == b.kind {
                        return a;
                    }
                    let id = match (ident(&c), ident(&a), ident(&b)) {
                        (Some(c), Some(a), Some(b)) => Some(format!("if({c},{a},{b})")),
                        _ => None,
                    };
                    unknown("`if()` with a condition known only at deployment", id, loc)
                }
            };
        }
        let vals: Vec<EVal> = args.iter().map(|a| self.expr(sc, env, a)).collect();
        let via = vals.iter().find_map(|v| v.via_param.clone());
        let name_loc = Location::new(sc.file, name_range);
        let mut r = match lname.as_str() {
            "parameters" => self.parameter(sc, env, &vals, loc),
            "variables" => self.variable(sc, &vals, loc),
            "copyindex" => self.copy_index(env, &vals, loc),
            "reference" => self.reference(sc, &vals, loc, None),
            l if l.starts_with("list") && l.len() > 4 => {
                self.reference(sc, &vals, loc, Some(format!("{name}()")))
            }
            _ => match super::functions::builtin(self, sc, &lname, &vals, loc) {
                Some(v) => v,
                None => {
                    let id = vals
                        .iter()
                        .map(ident)
                        .collect::<Option<Vec<_>>>()
                        .map(|a| format!("{lname}({})", a.join(",")));
                    let _ = name_loc;
                    unknown(
                        format!("topolint does not evaluate the function `{name}`"),
                        id,
                        loc,
                    )
                }
            },
        };
        if r.via_param.is_none() {
            r.via_param = via;
        }
        r
    }

    fn name_arg(&mut self, what: &str, vals: &[EVal], loc: Location) -> Option<String> {
        match vals {
            [n] => match n.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    if !n.is_unknown() {
                        self.error(n.loc, format!("`{what}()` takes a name (a string)"));
                    }
                    None
                }
            },
            _ => {
                self.error(
                    loc,
                    format!("`{what}()` takes exactly one argument, the name"),
                );
                None
            }
        }
    }

    /// Run `f` one level deeper, or give an unknown when the chain is too deep.
    fn deeper(&mut self, loc: Location, f: impl FnOnce(&mut Self) -> EVal) -> EVal {
        if self.depth >= MAX_EVAL_DEPTH {
            return unknown(
                "variables, parameters or functions nested too deeply to evaluate",
                None,
                loc,
            );
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn parameter(&mut self, sc: &Scope<'a>, env: &Env, vals: &[EVal], loc: Location) -> EVal {
        let Some(name) = self.name_arg("parameters", vals, loc) else {
            return unknown("a parameter whose name is not known", None, loc);
        };
        let key = name.to_ascii_lowercase();
        if let Some(args) = &env.args {
            if let Some(v) = args.get(&key) {
                return v.clone();
            }
        }
        let Some(p) = sc.params.get(&key) else {
            let mut known: Vec<&str> = sc.params.values().map(|p| p.name.as_str()).collect();
            known.sort_unstable();
            self.error(
                vals.first().map_or(loc, |v| v.loc),
                format!("parameter `{name}` is not declared{}", list_names(&known)),
            );
            return unknown(format!("parameter `{name}` is not declared"), None, loc);
        };
        let slot = format!("p:{key}");
        if let Some(v) = self.cached(sc, &slot, loc) {
            return v;
        }
        let v = if let Some(g) = &p.given {
            g.clone()
        } else if let Some(d) = p.decl.get_ci("defaultValue") {
            let mut v = self.deeper(loc, |cx| cx.value(sc, &Env::default(), d));
            v.via_param = Some(name.clone());
            v
        } else {
            unknown(
                format!("parameter `{name}` has no default value"),
                Some(format!("param:{}{name}", sc.label)),
                loc,
            )
        };
        sc.cache.borrow_mut().insert(slot, Slot::Done(v.clone()));
        v
    }

    /// A memoised value, or `None` after marking the slot in progress; a cycle gives an
    /// unknown.
    fn cached(&mut self, sc: &Scope<'a>, slot: &str, loc: Location) -> Option<EVal> {
        let prev = sc.cache.borrow().get(slot).cloned();
        match prev {
            Some(Slot::Done(v)) => Some(v),
            Some(Slot::InProgress) => {
                self.error(loc, format!("`{}` refers to itself", &slot[2..]));
                Some(unknown("a circular reference", None, loc))
            }
            None => {
                sc.cache
                    .borrow_mut()
                    .insert(slot.to_string(), Slot::InProgress);
                None
            }
        }
    }

    fn variable(&mut self, sc: &Scope<'a>, vals: &[EVal], loc: Location) -> EVal {
        let Some(name) = self.name_arg("variables", vals, loc) else {
            return unknown("a variable whose name is not known", None, loc);
        };
        let key = name.to_ascii_lowercase();
        let decl = sc.vars.get(&key).copied();
        let copy = sc.var_copies.get(&key).copied();
        if decl.is_none() && copy.is_none() {
            let mut known: Vec<&str> = sc.var_names();
            known.sort_unstable();
            self.error(
                vals.first().map_or(loc, |v| v.loc),
                format!("variable `{name}` is not declared{}", list_names(&known)),
            );
            return unknown(format!("variable `{name}` is not declared"), None, loc);
        }
        let slot = format!("v:{key}");
        if let Some(v) = self.cached(sc, &slot, loc) {
            return v;
        }
        let v = self.deeper(loc, |cx| match (decl, copy) {
            (Some(d), _) => cx.value(sc, &Env::default(), d),
            (None, Some(entry)) => cx.copy_entry(sc, &Env::default(), entry).map_or_else(
                || unknown("a malformed variable `copy`", None, loc),
                |t| t.2,
            ),
            (None, None) => unknown("no such variable", None, loc),
        });
        sc.cache.borrow_mut().insert(slot, Slot::Done(v.clone()));
        v
    }

    /// A property or variable `copy` entry `{ name, count, input }`: its name and the array.
    pub fn copy_entry(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        e: &'a Value,
    ) -> Option<(String, Location, EVal)> {
        let name_v = e.get_ci("name")?;
        let name = name_v.as_str()?.to_string();
        let nloc = Location::new(sc.file, name_v.range);
        let loc = Location::new(sc.file, e.range);
        let count = e
            .get_ci("count")
            .map(|c| self.value(sc, env, c))
            .unwrap_or_else(|| unknown("a `copy` without `count`", None, loc));
        let input = e.get_ci("input");
        let arr = match (&count.kind, input) {
            (EKind::Int(n), Some(input)) if (0..=MAX_COPY).contains(n) => {
                let mut items = Vec::new();
                for i in 0..*n {
                    let env2 = env.with(Copy {
                        name: name.clone(),
                        index: EVal::new(EKind::Int(i), loc),
                        resource: false,
                    });
                    items.push(self.value(sc, &env2, input));
                }
                let mut v = EVal::new(EKind::Array(items), loc);
                v.via_param = count.via_param.clone();
                v
            }
            (EKind::Int(n), Some(_)) => unknown(
                format!("`copy` `{name}` has {n} iterations; topolint expands at most {MAX_COPY}"),
                None,
                loc,
            ),
            (_, None) => unknown(format!("`copy` `{name}` has no `input`"), None, loc),
            _ => unknown(
                format!("the count of `copy` `{name}` is known only at deployment"),
                ident(&count).map(|c| format!("copy({name},{c})")),
                loc,
            ),
        };
        Some((name, nloc, arr))
    }

    fn copy_index(&mut self, env: &Env, vals: &[EVal], loc: Location) -> EVal {
        let (loop_name, offset) = match vals {
            [] => (None, None),
            [a] if a.as_str().is_some() => (a.as_str(), None),
            [a] => (None, Some(a)),
            [a, b] => (a.as_str(), Some(b)),
            _ => {
                self.error(
                    loc,
                    "`copyIndex` takes at most 2 arguments: loop name and offset",
                );
                return unknown("`copyIndex()` with too many arguments", None, loc);
            }
        };
        let found = match loop_name {
            Some(n) => env
                .copies
                .iter()
                .rev()
                .find(|c| c.name.eq_ignore_ascii_case(n)),
            None => env.copies.iter().rev().find(|c| c.resource),
        };
        let Some(c) = found else {
            let what = loop_name.map_or("a resource `copy` loop".to_string(), |n| {
                format!("a `copy` loop named `{n}`")
            });
            self.error(loc, format!("`copyIndex()` is used outside {what}"));
            return unknown("`copyIndex()` outside its loop", None, loc);
        };
        let offset = match offset.map(|o| &o.kind) {
            None => 0,
            Some(EKind::Int(o)) => *o,
            Some(_) => {
                return unknown("a `copyIndex()` offset known only at deployment", None, loc)
            }
        };
        match &c.index.kind {
            EKind::Int(i) => EVal::new(EKind::Int(i.saturating_add(offset)), loc),
            EKind::Unknown(u) => unknown(
                u.reason.clone(),
                u.identity.as_ref().map(|i| match offset {
                    0 => i.clone(),
                    o => format!("{i}+{o}"),
                }),
                loc,
            ),
            _ => unknown("an unknown loop index", None, loc),
        }
    }

    /// `reference(x, ...)` (and `listKeys(x, ...)` with `list` the function's name): a runtime
    /// property of `x`. Whether `x` is declared in the documents is decided once all resources
    /// are known (see `resolve`).
    fn reference(
        &mut self,
        sc: &Scope<'a>,
        vals: &[EVal],
        loc: Location,
        list: Option<String>,
    ) -> EVal {
        let what = list.as_deref().unwrap_or("reference()");
        let Some(target) = vals.first() else {
            self.error(
                loc,
                format!("`{what}` needs the resource as its first argument"),
            );
            return unknown("a reference without a target", None, loc);
        };
        let full = vals
            .get(2)
            .and_then(EVal::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("full"));
        let id = match &target.kind {
            EKind::ResourceId(id) => Some(id.clone()),
            EKind::Str(s) => {
                let key = s.to_ascii_lowercase();
                let by_sym = sc.by_symbol.borrow().get(&key).cloned();
                let by_name = sc.by_name.borrow().get(&key).cloned();
                by_sym.or(by_name)
            }
            EKind::Interp(_) => ids::parse_id_text(target, None),
            _ => None,
        };
        let Some(id) = id else {
            return unknown(
                format!("`{what}` of a resource topolint cannot identify"),
                ident(target).map(|t| format!("{what}:{t}")),
                loc,
            );
        };
        if list.is_none()
            && id
                .rtype
                .eq_ignore_ascii_case("Microsoft.Resources/deployments")
        {
            if let Some(name) = id.names.first().and_then(EVal::as_str) {
                let outputs = sc.outputs.borrow().get(&name.to_ascii_lowercase()).cloned();
                if let Some(o) = outputs {
                    return EVal::new(EKind::Object(vec![("outputs".into(), loc, o)]), loc);
                }
            }
        }
        let path = match list {
            Some(f) => vec![f],
            None if full => Vec::new(),
            None => vec!["properties".to_string()],
        };
        EVal::new(EKind::Property { of: id, path }, loc)
    }

    fn user_function(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        ns: &str,
        name: &str,
        args: &[Expr],
        loc: Location,
    ) -> EVal {
        let key = format!("{ns}.{name}").to_ascii_lowercase();
        let Some(def) = sc.functions.get(&key).copied() else {
            self.error(
                loc,
                format!("function `{ns}.{name}` is not declared in `functions`"),
            );
            return unknown(format!("function `{ns}.{name}` is not declared"), None, loc);
        };
        let vals: Vec<EVal> = args.iter().map(|a| self.expr(sc, env, a)).collect();
        let params = def
            .get_ci("parameters")
            .and_then(Value::as_array)
            .unwrap_or(&[]);
        if params.len() != vals.len() {
            self.error(
                loc,
                format!(
                    "`{ns}.{name}` takes {} arguments, not {}",
                    params.len(),
                    vals.len()
                ),
            );
        }
        let mut bound = HashMap::new();
        for (p, v) in params.iter().zip(vals) {
            if let Some(n) = p.get_ci("name").and_then(Value::as_str) {
                bound.insert(n.to_ascii_lowercase(), v);
            }
        }
        let Some(out) = def.get_ci("output").and_then(|o| o.get_ci("value")) else {
            return unknown(format!("`{ns}.{name}` has no output value"), None, loc);
        };
        let fenv = Env {
            copies: Vec::new(),
            args: Some(Rc::new(bound)),
        };
        self.deeper(loc, |cx| cx.value(sc, &fenv, out))
    }
}

fn list_names(names: &[&str]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    format!(
        " (declared: {}{})",
        shown.join(", "),
        if names.len() > 12 { ", ..." } else { "" }
    )
}

/// The entries of a property `copy` array, when it has that shape.
fn property_copies(v: &Value) -> Option<&[Value]> {
    let items = v.as_array()?;
    items
        .iter()
        .all(|e| e.get_ci("name").is_some() && e.get_ci("input").is_some())
        .then_some(items)
}

/// A JSON number: an integer, or unknown (ARM numbers are integers).
fn number(n: &str, loc: Location) -> EVal {
    match n.parse::<i64>() {
        Ok(i) => EVal::new(EKind::Int(i), loc),
        Err(_) => unknown(format!("`{n}` is not an integer"), None, loc),
    }
}

/// A literal string (not an expression): a resource id when it reads as one. `raw_len` is the
/// decoded length before `[[` unescaping.
pub fn literal_string(s: &str, raw_len: usize, loc: Location) -> EVal {
    let v = EVal::str(s, loc);
    // The characters are exactly in the quotes when nothing was escaped.
    let exact = (s.len() == raw_len && loc.range.len() as usize == s.len() + 2)
        .then_some(loc.range.start + 1);
    match ids::parse_id_text(&v, exact) {
        Some(id) => EVal::new(EKind::ResourceId(id), loc),
        None => v,
    }
}

/// A literal JSON value (parameter files: strings are never expressions).
pub fn literal(file: FileId, v: &Value) -> EVal {
    let loc = Location::new(file, v.range);
    match &v.kind {
        ValueKind::Object(members) => EVal::new(
            EKind::Object(
                members
                    .iter()
                    .map(|m| {
                        (
                            m.key.name.clone(),
                            Location::new(file, m.key.range),
                            literal(file, &m.value),
                        )
                    })
                    .collect(),
            ),
            loc,
        ),
        ValueKind::Array(items) => EVal::new(
            EKind::Array(items.iter().map(|i| literal(file, i)).collect()),
            loc,
        ),
        ValueKind::String(s) => literal_string(s, s.len(), loc),
        ValueKind::Number(n) => number(n, loc),
        ValueKind::Bool(b) => EVal::new(EKind::Bool(*b), loc),
        ValueKind::Null => EVal::new(EKind::Null, loc),
        ValueKind::Error => unknown("a syntax error is here", None, loc),
    }
}

/// `v.name`
pub fn member(v: EVal, name: &str, loc: Location) -> EVal {
    match v.kind {
        EKind::Object(props) => match props
            .into_iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
        {
            Some((_, _, mut val)) => {
                if val.via_param.is_none() {
                    val.via_param = v.via_param;
                }
                val
            }
            None => unknown(format!("the object has no property `{name}`"), None, loc),
        },
        EKind::Property { of, mut path } => {
            path.push(name.to_string());
            EVal::new(EKind::Property { of, path }, loc)
        }
        EKind::Unknown(u) => unknown(u.reason, u.identity.map(|i| format!("{i}.{name}")), loc),
        _ => unknown(
            format!("`.{name}` of a value that is not an object"),
            None,
            loc,
        ),
    }
}

/// `v[i]`
pub fn index_of(v: EVal, i: &EVal, loc: Location) -> EVal {
    match (v.kind, &i.kind) {
        (EKind::Array(items), EKind::Int(n)) => usize::try_from(*n)
            .ok()
            .and_then(|n| items.into_iter().nth(n))
            .unwrap_or_else(|| unknown(format!("index {n} is outside the array"), None, loc)),
        (k @ EKind::Object(_), EKind::Str(s)) => member(EVal::new(k, v.loc), s, loc),
        (EKind::Property { of, mut path }, EKind::Int(_) | EKind::Str(_)) => {
            path.push(match &i.kind {
                EKind::Str(s) => s.clone(),
                EKind::Int(n) => n.to_string(),
                _ => String::new(),
            });
            EVal::new(EKind::Property { of, path }, loc)
        }
        (EKind::Unknown(u), _) => {
            let id = u
                .identity
                .and_then(|b| ident(i).map(|x| format!("{b}[{x}]")));
            unknown(u.reason, id, loc)
        }
        _ => unknown("an index known only at deployment", None, loc),
    }
}

impl<'a> Scope<'a> {
    /// A scope for `root` (a template object). `given` are parameter values fixed from outside
    /// (a parameters file, or a nested deployment's `parameters`), by lower-case name.
    pub fn new(
        file: FileId,
        root: &'a Value,
        mut given: HashMap<String, EVal>,
        label: String,
        depth: u32,
    ) -> Scope<'a> {
        let mut params = HashMap::new();
        for m in root
            .get_ci("parameters")
            .and_then(Value::as_object)
            .unwrap_or(&[])
        {
            let key = m.key.name.to_ascii_lowercase();
            let g = given.remove(&key);
            params.insert(
                key,
                Param {
                    name: m.key.name.clone(),
                    decl: &m.value,
                    given: g,
                },
            );
        }
        let mut vars = HashMap::new();
        let mut var_copies = HashMap::new();
        let mut var_decl_names = Vec::new();
        for m in root
            .get_ci("variables")
            .and_then(Value::as_object)
            .unwrap_or(&[])
        {
            if m.key.name.eq_ignore_ascii_case("copy") {
                if let Some(entries) = m.value.as_array() {
                    for e in entries {
                        if let Some(n) = e.get_ci("name").and_then(Value::as_str) {
                            var_decl_names.push(n.to_string());
                            var_copies.insert(n.to_ascii_lowercase(), e);
                        }
                    }
                    continue;
                }
            }
            var_decl_names.push(m.key.name.clone());
            vars.insert(m.key.name.to_ascii_lowercase(), &m.value);
        }
        let mut functions = HashMap::new();
        for ns in root
            .get_ci("functions")
            .and_then(Value::as_array)
            .unwrap_or(&[])
        {
            let Some(n) = ns.get_ci("namespace").and_then(Value::as_str) else {
                continue;
            };
            for m in ns
                .get_ci("members")
                .and_then(Value::as_object)
                .unwrap_or(&[])
            {
                functions.insert(format!("{n}.{}", m.key.name).to_ascii_lowercase(), &m.value);
            }
        }
        Scope {
            file,
            params,
            vars,
            var_copies,
            var_decl_names,
            cache: RefCell::new(HashMap::new()),
            functions,
            by_name: RefCell::new(HashMap::new()),
            by_symbol: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
            label,
            depth,
        }
    }

    fn var_names(&self) -> Vec<&str> {
        self.var_decl_names.iter().map(String::as_str).collect()
    }
}

/// Locate a value evaluated at `loc`. As in Bicep, a known string, number or boolean keeps the
/// place it was written in the same template (a parameter's default, a variable's value), so
/// findings and fixes land where the value can be changed; computed values, references (resource
/// ids) and unknowns point at the use.
fn place(r: &mut EVal, loc: Location) {
    let scalar = matches!(r.kind, EKind::Str(_) | EKind::Int(_) | EKind::Bool(_));
    let written_elsewhere = r.loc.file == loc.file && !loc.range.contains_range(r.loc.range);
    if !(scalar && written_elsewhere) {
        r.loc = loc;
    }
}
