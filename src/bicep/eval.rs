//! Evaluate Bicep declarations into resources.

use super::funcs::{self, concat_strings, equals};
use crate::azure::{value::resid_key, EKind, EVal, ResId, Resource};
use crate::diagnostic::Diagnostic;
use crate::document::{DocumentSet, FileId, Location};
use crate::model::Unknown;
use crate::syntax::bicep::{
    self as syn, BicepFile, BinaryOp, Expr, ExprKind, ObjectItem, ParamDecl, ResourceDecl,
    Statement, StatementKind, UnaryOp, VarDecl,
};
use crate::text::TextRange;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// The evaluator's maps by symbol name. Their keys are short names, looked up on every
/// reference: SipHash (the standard hasher) cost about 5% of a check, this FxHash-style
/// hasher (rustc's: one rotate, xor and multiply per 8 bytes) far less. Nothing iterates
/// these maps, so their order cannot show in the output.
type Map<K, V> = HashMap<K, V, BuildHasherDefault<NameHasher>>;

#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Loops expand up to this many items; beyond, one representative stands for all.
const MAX_LOOP: usize = 1000;
/// Nested evaluation (variables through variables, modules through modules) stops here.
const MAX_NESTING: usize = 48;
/// Module instantiations per check, so a pathological fan-out stays bounded.
const MAX_INSTANCES: usize = 2000;

/// Resolve a module path relative to the file that uses it: `main.bicep` + `./mods/vnet.bicep`
/// → `mods/vnet.bicep`; `a/b.bicep` + `../c.bicep` → `c.bicep`.
pub fn module_path(from: &str, rel: &str) -> String {
    let norm_from = from.replace('\\', "/");
    let mut parts: Vec<&str> = norm_from.split('/').collect();
    parts.pop();
    let absolute = norm_from.starts_with('/');
    let rel = rel.replace('\\', "/");
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| !p.is_empty() && *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// One resource instance's identity (per loop iteration).
#[derive(Clone, Debug)]
struct ResInst {
    id: ResId,
    existing: bool,
    maybe: bool,
    /// Stands for every item of a loop over values not known before deployment: indexing it
    /// must not pick it as item 0.
    representative: bool,
    /// Loop bindings of this instance, to evaluate its body.
    locals: Vec<(String, EVal)>,
}

#[derive(Clone, Debug)]
struct ModInst {
    /// The module file's instance, when the file is in the set.
    inst: Option<usize>,
    symbol: String,
    locals: Vec<(String, EVal)>,
}

/// A declared resource: its statement, the chain of enclosing declarations and its symbol path.
#[derive(Clone, Copy)]
struct Decl<'a> {
    decl: &'a ResourceDecl,
    parent: Option<&'a ResourceDecl>,
}

struct Inst<'a> {
    file: FileId,
    ast: &'a BicepFile,
    /// Parameters passed by a calling module; `None` for a root file.
    provided: Option<Map<String, EVal>>,
    /// Identity prefix for this instance's unknown parameters.
    prefix: String,
    /// The module's deployment condition is unknown, or it is one representative of a loop
    /// over unknown values: everything it declares may or may not be deployed.
    maybe: bool,
    params: Map<String, EVal>,
    vars: Map<String, EVal>,
    /// The file's parameter and variable declarations by name (the first of a name), so that
    /// looking a name up does not scan every statement.
    param_decls: Map<&'a str, &'a ParamDecl>,
    var_decls: Map<&'a str, &'a VarDecl>,
    busy: Vec<String>,
    decls: Map<String, Decl<'a>>,
    /// Instances per resource symbol path, shared: every reference to a resource reads them.
    res: Map<String, Rc<Vec<ResInst>>>,
    mods: Map<String, Vec<ModInst>>,
}

pub struct Evaluator<'a> {
    docs: &'a DocumentSet,
    files: &'a [Option<&'a BicepFile>],
    insts: Vec<Inst<'a>>,
    resources: Vec<Resource>,
    incomplete: Option<String>,
    diags: Vec<Diagnostic>,
    depth: usize,
    stack: Vec<FileId>,
}

fn unk(loc: Location, reason: impl Into<String>) -> EVal {
    EVal::unknown(Unknown::new(reason), loc)
}

fn null(loc: Location) -> EVal {
    EVal::new(EKind::Null, loc)
}

impl<'a> Evaluator<'a> {
    pub fn new(docs: &'a DocumentSet, files: &'a [Option<&'a BicepFile>]) -> Self {
        Evaluator {
            docs,
            files,
            insts: Vec::new(),
            resources: Vec::new(),
            incomplete: None,
            diags: Vec::new(),
            depth: 0,
            stack: Vec::new(),
        }
    }

    pub fn finish(self) -> (Vec<Resource>, Option<String>, Vec<Diagnostic>) {
        (self.resources, self.incomplete, self.diags)
    }

    fn loc(&self, i: usize, r: TextRange) -> Location {
        Location::new(self.insts[i].file, r)
    }

    pub fn instantiate_root(&mut self, file: FileId) {
        if let Some(i) = self.new_inst(file, None, String::new(), false) {
            self.emit_all(i);
        }
    }

    fn new_inst(
        &mut self,
        file: FileId,
        provided: Option<Map<String, EVal>>,
        prefix: String,
        maybe: bool,
    ) -> Option<usize> {
        let ast = (*self.files.get(file.0 as usize)?)?;
        if self.insts.len() >= MAX_INSTANCES {
            return None;
        }
        let mut decls = Map::default();
        let (mut param_decls, mut var_decls) = (Map::default(), Map::default());
        for s in &ast.statements {
            match &s.kind {
                StatementKind::Resource(r) => collect_decls(s.range, r, None, "", &mut decls),
                StatementKind::Param(p) => {
                    if let Some(n) = &p.name {
                        param_decls.entry(n.name.as_str()).or_insert(p);
                    }
                }
                StatementKind::Var(v) => {
                    if let Some(n) = &v.name {
                        var_decls.entry(n.name.as_str()).or_insert(v);
                    }
                }
                _ => {}
            }
        }
        self.insts.push(Inst {
            file,
            ast,
            provided,
            prefix,
            maybe,
            params: Map::default(),
            vars: Map::default(),
            param_decls,
            var_decls,
            busy: Vec::new(),
            decls,
            res: Map::default(),
            mods: Map::default(),
        });
        Some(self.insts.len() - 1)
    }

    /// Emit every resource of an instance (and instantiate its modules).
    fn emit_all(&mut self, i: usize) {
        let ast = self.insts[i].ast;
        let file = self.insts[i].file;
        if self.stack.contains(&file) || self.stack.len() > 16 {
            return;
        }
        self.stack.push(file);
        for s in &ast.statements {
            match &s.kind {
                StatementKind::Resource(r) => self.emit_resource(i, s, r, None),
                StatementKind::Module(m) => {
                    if let Some(name) = &m.name {
                        self.module_sym(i, &name.name);
                    }
                }
                _ => {}
            }
        }
        self.stack.pop();
    }

    fn emit_resource(
        &mut self,
        i: usize,
        stmt: &Statement,
        decl: &'a ResourceDecl,
        parent_path: Option<&str>,
    ) {
        let Some(sym) = &decl.name else { return };
        let path = match parent_path {
            Some(p) => format!("{p}::{}", sym.name),
            None => sym.name.clone(),
        };
        let insts = self.resource_sym(i, &path);
        let api = decl
            .resource_type()
            .and_then(|t| t.api_version.map(str::to_string));
        for ri in insts.iter() {
            let mut locals = ri.locals.clone();
            let body = match decl.body_object() {
                Some(obj) if !ri.existing => self.eval_object(i, obj, &mut locals),
                Some(obj) => {
                    // `existing`: only the name and scope say anything; properties are unknown.
                    let mut props = Vec::new();
                    for p in obj.properties() {
                        if let Some(k) = &p.key.name {
                            if k == "name" {
                                props.push((
                                    k.clone(),
                                    self.loc(i, p.key.range),
                                    self.eval(i, &p.value, &mut locals),
                                ));
                            }
                        }
                    }
                    EVal::new(EKind::Object(props), self.loc(i, obj.range))
                }
                None => unk(self.loc(i, decl.body.range), "the resource body is missing"),
            };
            let scope = decl.property("scope").map(|s| self.eval(i, s, &mut locals));
            self.resources.push(Resource {
                rtype: ri.id.rtype.clone(),
                api_version: api.clone(),
                names: ri.id.names.clone(),
                body,
                existing: ri.existing,
                maybe: ri.maybe || self.insts[i].maybe,
                scope,
                loc: self.loc(i, sym.range),
                decl: self.loc(i, stmt.range),
                symbol: Some(path.clone()),
            });
        }
        if let Some(obj) = decl.body_object() {
            for item in &obj.items {
                if let ObjectItem::Resource(child_stmt) = item {
                    if let StatementKind::Resource(child) = &child_stmt.kind {
                        self.emit_resource(i, child_stmt, child, Some(&path));
                    }
                }
            }
        }
    }

    /// The instances of a resource symbol (`vnet`, `vnet::subnet`), computed once.
    fn resource_sym(&mut self, i: usize, path: &str) -> Rc<Vec<ResInst>> {
        if let Some(r) = self.insts[i].res.get(path) {
            return r.clone();
        }
        let Some(d) = self.insts[i].decls.get(path).copied() else {
            return Rc::default();
        };
        // Mark as in progress to stop cycles (`name: other.name` loops).
        self.insts[i].res.insert(path.to_string(), Rc::default());
        self.depth += 1;
        let decl = d.decl;
        let existing = decl.is_existing();
        let parent_insts = match (d.parent, path.rsplit_once("::")) {
            (Some(_), Some((pp, _))) => Some(self.resource_sym(i, pp)),
            _ => None,
        };
        let mut out = Vec::new();
        for (locals, representative) in self.bindings(i, &decl.body, &[], path) {
            let mut locals = locals;
            let mut maybe = representative;
            if let Some(cond) = decl.condition() {
                match self.eval(i, cond, &mut locals).as_bool() {
                    Some(false) => continue,
                    Some(true) => {}
                    None => maybe = true,
                }
            }
            let tstr = decl
                .resource_type()
                .map(|t| t.type_name.to_string())
                .unwrap_or_default();
            let name = decl
                .property("name")
                .map(|n| self.eval(i, n, &mut locals))
                .unwrap_or_else(|| unk(self.loc(i, decl.range), "the resource has no name"));
            // Parent: nesting, `parent:`, or a `parent/child` name.
            let parent_id = match &parent_insts {
                Some(ps) => ps.first().map(|p| p.id.clone()),
                None => {
                    decl.property("parent")
                        .and_then(|p| match self.eval(i, p, &mut locals).kind {
                            EKind::ResourceId(id) => Some(id),
                            _ => None,
                        })
                }
            };
            let (rtype, names) = match parent_id {
                Some(pid) => {
                    let rtype = if tstr.contains('/') {
                        tstr.clone()
                    } else {
                        format!("{}/{}", pid.rtype, tstr)
                    };
                    let mut names = pid.names.clone();
                    names.push(name);
                    (rtype, names)
                }
                None => (tstr.clone(), split_name(name)),
            };
            out.push(ResInst {
                id: ResId { rtype, names },
                existing,
                maybe,
                representative,
                locals,
            });
        }
        self.depth -= 1;
        let out = Rc::new(out);
        self.insts[i].res.insert(path.to_string(), Rc::clone(&out));
        out
    }

    /// Loop bindings of a declaration body: one per item (with the loop variable and index
    /// bound), or a single empty binding when there is no loop. The flag is `maybe`.
    fn bindings(
        &mut self,
        i: usize,
        body: &Expr,
        base: &[(String, EVal)],
        sym: &str,
    ) -> Vec<(Vec<(String, EVal)>, bool)> {
        let ExprKind::For(f) = &body.kind else {
            return vec![(base.to_vec(), false)];
        };
        let mut locals = base.to_vec();
        let iterable = self.eval(i, &f.iterable, &mut locals);
        let loc = self.loc(i, f.iterable.range);
        match iterable.as_array() {
            Some(items) if items.len() <= MAX_LOOP => items
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    let mut l = base.to_vec();
                    if let Some(v) = &f.item {
                        l.push((v.name.clone(), item.clone()));
                    }
                    if let Some(ix) = &f.index {
                        l.push((ix.name.clone(), EVal::new(EKind::Int(n as i64), loc)));
                    }
                    (l, false)
                })
                .collect(),
            _ => {
                // Unknown or huge: one representative, which may or may not exist.
                let prefix = self.insts[i].prefix.clone();
                let mut l = base.to_vec();
                if let Some(v) = &f.item {
                    l.push((
                        v.name.clone(),
                        EVal::unknown(
                            Unknown::with_identity(
                                "a loop item",
                                format!("loop:{prefix}{sym}:{}", v.name),
                            ),
                            loc,
                        ),
                    ));
                }
                if let Some(ix) = &f.index {
                    l.push((
                        ix.name.clone(),
                        EVal::unknown(
                            Unknown::with_identity(
                                "a loop index",
                                format!("loop:{prefix}{sym}:{}", ix.name),
                            ),
                            loc,
                        ),
                    ));
                }
                vec![(l, true)]
            }
        }
    }

    /// A module symbol's instances: evaluates its parameters and instantiates the module file
    /// once per instance.
    fn module_sym(&mut self, i: usize, name: &str) -> Vec<ModInst> {
        if let Some(m) = self.insts[i].mods.get(name) {
            return m.clone();
        }
        self.insts[i].mods.insert(name.to_string(), Vec::new());
        let ast = self.insts[i].ast;
        let Some(decl) = ast
            .modules()
            .find(|m| m.name.as_ref().is_some_and(|n| n.name == name))
        else {
            return Vec::new();
        };
        let from = self.docs.get(self.insts[i].file).name.clone();
        let target = match decl.source() {
            Some(syn::ModuleSource::Local(p)) => {
                let path = module_path(&from, p);
                let found = self.docs.find(&path);
                if found.is_none() && self.incomplete.is_none() {
                    self.incomplete = Some(format!(
                        "module `{name}` uses `{p}`, which is not among the checked files"
                    ));
                }
                let bicep =
                    found.filter(|f| self.files.get(f.0 as usize).is_some_and(Option::is_some));
                if found.is_some() && bicep.is_none() && self.incomplete.is_none() {
                    self.incomplete = Some(format!(
                        "module `{name}` uses `{p}`, which is not a Bicep file; its resources are \
                         not evaluated with the module's parameters"
                    ));
                }
                bicep
            }
            Some(_) => {
                if self.incomplete.is_none() {
                    self.incomplete = Some(format!(
                        "module `{name}` comes from a registry; its resources are not checked"
                    ));
                }
                None
            }
            None => None,
        };
        let mut out = Vec::new();
        for (locals, maybe) in self.bindings(i, &decl.body, &[], name) {
            let mut locals = locals;
            let mut maybe = maybe || self.insts[i].maybe;
            if let Some(cond) = decl.condition() {
                match self.eval(i, cond, &mut locals).as_bool() {
                    Some(false) => continue,
                    Some(true) => {}
                    None => maybe = true,
                }
            }
            let inst = match target {
                Some(f) if self.depth < MAX_NESTING && !self.stack.contains(&f) => {
                    let mut provided = Map::default();
                    if let Some(EKind::Object(props)) = decl
                        .property("params")
                        .map(|p| self.eval(i, p, &mut locals).kind)
                    {
                        for (k, _, v) in props {
                            provided.insert(k, v);
                        }
                    }
                    let prefix = format!("{}{}.", self.insts[i].prefix, name);
                    let child = self.new_inst(f, Some(provided), prefix, maybe);
                    if let Some(c) = child {
                        self.depth += 1;
                        self.emit_all(c);
                        self.depth -= 1;
                    }
                    child
                }
                _ => None,
            };
            out.push(ModInst {
                inst,
                symbol: name.to_string(),
                locals,
            });
        }
        self.insts[i].mods.insert(name.to_string(), out.clone());
        out
    }

    fn param(&mut self, i: usize, name: &str, at: Location) -> Option<EVal> {
        if let Some(v) = self.insts[i].params.get(name) {
            return Some(v.clone());
        }
        let decl = *self.insts[i].param_decls.get(name)?;
        let provided = self.insts[i]
            .provided
            .as_ref()
            .and_then(|p| p.get(name))
            .cloned();
        let v = match provided {
            Some(v) => v,
            None => match &decl.default {
                Some(_) if self.insts[i].busy.iter().any(|b| b == name) => {
                    return Some(unk(
                        decl.name.as_ref().map_or(at, |n| self.loc(i, n.range)),
                        format!("the default of parameter `{name}` refers to itself"),
                    ));
                }
                Some(d) => {
                    let key = name.to_string();
                    let Some(mut v) = self.guarded(i, &key, |ev| ev.eval(i, d, &mut Vec::new()))
                    else {
                        return Some(unk(at, "parameter defaults nested too deeply"));
                    };
                    if v.via_param.is_none() {
                        v.via_param = Some(name.to_string());
                    }
                    v
                }
                _ => EVal::unknown(
                    Unknown::with_identity(
                        format!("parameter `{name}` has no default value"),
                        format!("param:{}{name}", self.insts[i].prefix),
                    ),
                    decl.name.as_ref().map_or(at, |n| self.loc(i, n.range)),
                ),
            },
        };
        self.insts[i].params.insert(name.to_string(), v.clone());
        Some(v)
    }

    /// Evaluate `f` unless `key` is already being evaluated in instance `i` (a declaration that
    /// refers to itself) or evaluation is nested too deeply: then `None`.
    fn guarded(&mut self, i: usize, key: &str, f: impl FnOnce(&mut Self) -> EVal) -> Option<EVal> {
        if self.insts[i].busy.iter().any(|b| b == key) || self.depth > MAX_NESTING {
            return None;
        }
        self.insts[i].busy.push(key.to_string());
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        self.insts[i].busy.retain(|b| b != key);
        Some(v)
    }

    fn var(&mut self, i: usize, name: &str) -> Option<EVal> {
        if let Some(v) = self.insts[i].vars.get(name) {
            return Some(v.clone());
        }
        let decl = *self.insts[i].var_decls.get(name)?;
        let key = format!("var:{name}");
        if self.insts[i].busy.contains(&key) || self.depth > MAX_NESTING {
            return Some(unk(
                self.loc(i, decl.value.range),
                format!("variable `{name}` refers to itself"),
            ));
        }
        self.insts[i].busy.push(key.clone());
        self.depth += 1;
        let v = self.eval(i, &decl.value, &mut Vec::new());
        self.depth -= 1;
        self.insts[i].busy.retain(|b| *b != key);
        self.insts[i].vars.insert(name.to_string(), v.clone());
        Some(v)
    }

    fn eval_object(
        &mut self,
        i: usize,
        obj: &syn::Object,
        locals: &mut Vec<(String, EVal)>,
    ) -> EVal {
        // One property per item (spreads aside): sized up front, it neither grows nor keeps
        // room left over from growing in the resources that hold it.
        let mut props: Vec<(String, Location, EVal)> = Vec::with_capacity(obj.items.len());
        for item in &obj.items {
            match item {
                ObjectItem::Property(p) => {
                    let key = match (&p.key.name, &p.key.string) {
                        (Some(k), _) => k.clone(),
                        (None, Some(s)) => {
                            let v = self.eval_string(i, s, locals);
                            match &v.kind {
                                EKind::Str(x) => x.clone(),
                                EKind::ResourceId(id) => resid_key(id),
                                _ => v.identity().unwrap_or_else(|| "?".into()),
                            }
                        }
                        _ => continue,
                    };
                    let v = self.eval(i, &p.value, locals);
                    props.push((key, self.loc(i, p.key.range), v));
                }
                ObjectItem::Spread(e) => {
                    if let EKind::Object(more) = self.eval(i, e, locals).kind {
                        props.extend(more);
                    }
                }
                ObjectItem::Resource(_) | ObjectItem::Error(_) => {}
            }
        }
        EVal::new(EKind::Object(props), self.loc(i, obj.range))
    }

    fn eval_string(
        &mut self,
        i: usize,
        s: &syn::StringLit,
        locals: &mut Vec<(String, EVal)>,
    ) -> EVal {
        let loc = self.loc(i, s.range);
        let mut parts = Vec::new();
        for (n, seg) in s.segments.iter().enumerate() {
            if !seg.value.is_empty() {
                parts.push(EVal::str(seg.value.clone(), self.loc(i, seg.range)));
            }
            if let Some(e) = s.exprs.get(n) {
                parts.push(self.eval(i, e, locals));
            }
        }
        let mut v = concat_strings(loc, parts);
        v.loc = loc;
        v
    }

    pub fn eval(&mut self, i: usize, e: &Expr, locals: &mut Vec<(String, EVal)>) -> EVal {
        let loc = self.loc(i, e.range);
        match &e.kind {
            ExprKind::String(s) => self.eval_string(i, s, locals),
            ExprKind::Number { value } => match value.and_then(|v| i64::try_from(v).ok()) {
                Some(v) => EVal::new(EKind::Int(v), loc),
                None => unk(loc, "a number too large"),
            },
            ExprKind::Bool(b) => EVal::new(EKind::Bool(*b), loc),
            ExprKind::Null => null(loc),
            ExprKind::Paren(inner) | ExprKind::NonNull(inner) => {
                let mut v = self.eval(i, inner, locals);
                v.loc = loc;
                v
            }
            ExprKind::Object(o) => self.eval_object(i, o, locals),
            ExprKind::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    if let ExprKind::Spread(inner) = &it.kind {
                        match self.eval(i, inner, locals).kind {
                            EKind::Array(xs) => out.extend(xs),
                            _ => return unk(loc, "an array spread of an unknown value"),
                        }
                    } else {
                        out.push(self.eval(i, it, locals));
                    }
                }
                EVal::new(EKind::Array(out), loc)
            }
            ExprKind::Ident(id) => self.ident(i, &id.name, loc, locals),
            ExprKind::Member { .. } | ExprKind::Index { .. } | ExprKind::ResourceAccess { .. } => {
                self.access(i, e, locals)
            }
            ExprKind::Call { target, name, args } => {
                // Instance functions (`kv.getSecret()`, `stg.listKeys()`) are runtime values.
                if let Some(t) = target {
                    let is_ns =
                        matches!(&t.kind, ExprKind::Ident(n) if n.name == "sys" || n.name == "az");
                    if !is_ns {
                        return unk(
                            loc,
                            format!("`{}()` is known only at deployment", name.name),
                        );
                    }
                }
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(i, a, locals));
                }
                // User-defined functions and lambdas are not evaluated.
                let user = self.insts[i].ast.statements.iter().any(|s| matches!(&s.kind, StatementKind::Func(f) if f.name.as_ref().is_some_and(|n| n.name == name.name)));
                if user {
                    return unk(
                        loc,
                        format!("user-defined function `{}()` is not evaluated", name.name),
                    );
                }
                let mut v = funcs::call(&name.name, vals.clone(), loc);
                if v.via_param.is_none() {
                    v.via_param = vals.iter().find_map(|a| a.via_param.clone());
                }
                v
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval(i, operand, locals);
                match (op, &v.kind) {
                    (UnaryOp::Not, EKind::Bool(b)) => EVal::new(EKind::Bool(!b), loc),
                    (UnaryOp::Neg, EKind::Int(n)) => EVal::new(EKind::Int(n.saturating_neg()), loc),
                    (UnaryOp::Plus, EKind::Int(_)) => v,
                    _ => unk(loc, "an operation on an unknown value"),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.eval(i, lhs, locals);
                if *op == BinaryOp::Coalesce {
                    return match a.kind {
                        EKind::Null => self.eval(i, rhs, locals),
                        EKind::Unknown(_) => unk(loc, "`??` of an unknown value"),
                        _ => a,
                    };
                }
                if *op == BinaryOp::And && a.as_bool() == Some(false) {
                    return EVal::new(EKind::Bool(false), loc);
                }
                if *op == BinaryOp::Or && a.as_bool() == Some(true) {
                    return EVal::new(EKind::Bool(true), loc);
                }
                let b = self.eval(i, rhs, locals);
                let via = a.via_param.clone().or(b.via_param.clone());
                let mut v = binary(*op, &a, &b, loc);
                v.via_param = via;
                v
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => match self.eval(i, cond, locals).as_bool() {
                Some(true) => self.eval(i, then, locals),
                Some(false) => self.eval(i, otherwise, locals),
                None => unk(loc, "a condition that is not known before deployment"),
            },
            ExprKind::For(f) => {
                let iterable = self.eval(i, &f.iterable, locals);
                match iterable.as_array() {
                    Some(items) if items.len() <= MAX_LOOP => {
                        let items = items.to_vec();
                        let mut out = Vec::new();
                        for (n, item) in items.into_iter().enumerate() {
                            let before = locals.len();
                            if let Some(v) = &f.item {
                                locals.push((v.name.clone(), item));
                            }
                            if let Some(ix) = &f.index {
                                locals
                                    .push((ix.name.clone(), EVal::new(EKind::Int(n as i64), loc)));
                            }
                            let (body, keep) = match &f.body.kind {
                                ExprKind::If { cond, body } => {
                                    (body.as_ref(), self.eval(i, cond, locals).as_bool())
                                }
                                _ => (&f.body, Some(true)),
                            };
                            match keep {
                                Some(true) => out.push(self.eval(i, body, locals)),
                                Some(false) => {}
                                None => {
                                    locals.truncate(before);
                                    return unk(loc, "a filtered loop with an unknown condition");
                                }
                            }
                            locals.truncate(before);
                        }
                        EVal::new(EKind::Array(out), loc)
                    }
                    _ => unk(loc, "a loop over values not known before deployment"),
                }
            }
            ExprKind::Lambda { .. } => unk(loc, "a lambda"),
            ExprKind::Spread(_) | ExprKind::If { .. } | ExprKind::Error => {
                unk(loc, "an expression topolint could not read")
            }
        }
    }

    fn ident(
        &mut self,
        i: usize,
        name: &str,
        loc: Location,
        locals: &mut [(String, EVal)],
    ) -> EVal {
        // Known values keep the place they were written (a parameter's default, a variable's
        // value), so findings and fixes land where the value can be changed; unknown ones point
        // at the use.
        if let Some((_, v)) = locals.iter().rev().find(|(n, _)| n == name) {
            return v.clone();
        }
        if let Some(mut v) = self.param(i, name, loc) {
            if v.is_unknown() {
                v.loc = loc;
            }
            return v;
        }
        if let Some(mut v) = self.var(i, name) {
            if v.is_unknown() {
                v.loc = loc;
            }
            return v;
        }
        if let Some(d) = self.insts[i].decls.get(name).copied() {
            let is_loop = matches!(d.decl.body.kind, ExprKind::For(_));
            let insts = self.resource_sym(i, name);
            if insts.iter().any(|r| r.representative) {
                return unk(
                    loc,
                    format!("resource loop `{name}` over values not known before deployment"),
                );
            }
            return match insts.as_slice() {
                [] if is_loop => EVal::new(EKind::Array(Vec::new()), loc),
                [one] if !is_loop => EVal::new(EKind::ResourceId(one.id.clone()), loc),
                [] => unk(loc, format!("resource `{name}` is not deployed")),
                many => EVal::new(
                    EKind::Array(
                        many.iter()
                            .map(|r| EVal::new(EKind::ResourceId(r.id.clone()), loc))
                            .collect(),
                    ),
                    loc,
                ),
            };
        }
        unk(loc, format!("`{name}` is not evaluated by topolint"))
    }

    /// Member, index and `::` chains; resources and modules get their own semantics.
    fn access(&mut self, i: usize, e: &Expr, locals: &mut Vec<(String, EVal)>) -> EVal {
        let loc = self.loc(i, e.range);
        // Flatten the chain.
        let mut segs: Vec<Seg> = Vec::new();
        let mut cur = e;
        loop {
            match &cur.kind {
                ExprKind::Member { base, name, .. } => {
                    segs.push(Seg::Name(name.name.clone()));
                    cur = base;
                }
                ExprKind::Index { base, index, .. } => {
                    let ix = self.eval(i, index, locals);
                    segs.push(Seg::Index(ix));
                    cur = base;
                }
                ExprKind::ResourceAccess { base, name } => {
                    segs.push(Seg::Child(name.name.clone()));
                    cur = base;
                }
                ExprKind::Paren(inner) => cur = inner,
                _ => break,
            }
        }
        segs.reverse();
        // A resource symbol or module symbol at the root.
        if let ExprKind::Ident(root) = &cur.kind {
            let shadowed = locals.iter().any(|(n, _)| *n == root.name);
            if !shadowed
                && self.param(i, &root.name, loc).is_none()
                && self.var(i, &root.name).is_none()
            {
                if self.insts[i].decls.contains_key(root.name.as_str()) {
                    return self.resource_access(i, root.name.clone(), &segs, loc);
                }
                let is_module = self.insts[i]
                    .ast
                    .modules()
                    .any(|m| m.name.as_ref().is_some_and(|n| n.name == root.name));
                if is_module {
                    return self.module_access(i, &root.name, &segs, loc);
                }
            }
        }
        let mut v = self.eval(i, cur, locals);
        for s in &segs {
            v = step(v, s, loc);
        }
        v.loc = loc;
        v
    }

    fn resource_access(&mut self, i: usize, root: String, segs: &[Seg], loc: Location) -> EVal {
        let mut path = root;
        let mut k = 0;
        while let Some(Seg::Child(c)) = segs.get(k) {
            path = format!("{path}::{c}");
            k += 1;
        }
        let insts = self.resource_sym(i, &path);
        let is_loop = self.insts[i]
            .decls
            .get(&path)
            .is_some_and(|d| matches!(d.decl.body.kind, ExprKind::For(_)));
        let mut pick: Option<ResInst> = if insts.len() == 1 && !is_loop {
            insts.first().cloned()
        } else {
            None
        };
        if let Some(Seg::Index(ix)) = segs.get(k) {
            if insts.iter().any(|r| r.representative) {
                return unk(
                    loc,
                    format!(
                        "an item of resource loop `{path}` over values not known before deployment"
                    ),
                );
            }
            if let EKind::Int(n) = ix.kind {
                pick = usize::try_from(n).ok().and_then(|n| insts.get(n)).cloned();
                k += 1;
            } else if insts.len() > 1 || is_loop {
                return unk(
                    loc,
                    format!("an item of resource loop `{path}` not known before deployment"),
                );
            }
        }
        let Some(ri) = pick else {
            return unk(
                loc,
                format!("resource `{path}` is not deployed or is a loop"),
            );
        };
        let rest = &segs[k..];
        let names = |s: &[Seg]| {
            s.iter()
                .map(|x| match x {
                    Seg::Name(n) => n.clone(),
                    Seg::Index(v) => v.identity().unwrap_or_else(|| "?".into()),
                    Seg::Child(c) => c.clone(),
                })
                .collect::<Vec<_>>()
        };
        let id_val = EVal::new(EKind::ResourceId(ri.id.clone()), loc);
        match rest.first() {
            None => id_val,
            Some(Seg::Name(n)) if n == "id" => step_all(id_val, &rest[1..], loc),
            Some(Seg::Name(n)) if n == "name" => {
                let mut v = ri
                    .id
                    .names
                    .last()
                    .cloned()
                    .unwrap_or_else(|| unk(loc, "no name"));
                v.loc = loc;
                step_all(v, &rest[1..], loc)
            }
            Some(Seg::Name(n)) if n == "type" => EVal::str(ri.id.rtype.clone(), loc),
            Some(Seg::Name(n)) if n == "properties" && !ri.existing => {
                // `vnet.properties.subnets[0].id`: inline subnets from the declared body.
                if let (Some(Seg::Name(sub)), Some(Seg::Index(ix)), Some(Seg::Name(last))) =
                    (rest.get(1), rest.get(2), rest.get(3))
                {
                    if sub == "subnets" && (last == "id" || last == "name") {
                        if let Some(d) = self.insts[i].decls.get(&path).copied() {
                            if let Some(items) = d
                                .decl
                                .body_object()
                                .and_then(|o| o.get("properties"))
                                .and_then(|p| p.get("subnets"))
                            {
                                let mut l = ri.locals.clone();
                                // `subnets` may mention `vnet.properties.subnets[0]` itself.
                                let key = format!("subnets:{path}");
                                let arr = self
                                    .guarded(i, &key, |ev| ev.eval(i, items, &mut l))
                                    .unwrap_or_else(|| null(loc));
                                let item = match (&arr.kind, &ix.kind) {
                                    (EKind::Array(xs), EKind::Int(n)) => {
                                        usize::try_from(*n).ok().and_then(|n| xs.get(n)).cloned()
                                    }
                                    _ => None,
                                };
                                if let Some(name) =
                                    item.as_ref().and_then(|it| it.get("name")).cloned()
                                {
                                    if last == "name" {
                                        return name;
                                    }
                                    let mut names = ri.id.names.clone();
                                    names.push(name);
                                    return EVal::new(
                                        EKind::ResourceId(ResId {
                                            rtype: format!("{}/subnets", ri.id.rtype),
                                            names,
                                        }),
                                        loc,
                                    );
                                }
                            }
                        }
                    }
                }
                EVal::new(
                    EKind::Property {
                        of: ri.id.clone(),
                        path: names(rest),
                    },
                    loc,
                )
            }
            Some(Seg::Name(n)) if n == "location" && !ri.existing => {
                let body = self.insts[i]
                    .decls
                    .get(&path)
                    .and_then(|d| d.decl.property("location"));
                match body {
                    Some(b) => {
                        let mut l = ri.locals.clone();
                        let key = format!("location:{path}");
                        self.guarded(i, &key, |ev| ev.eval(i, b, &mut l))
                            .unwrap_or_else(|| {
                                unk(loc, format!("the location of `{path}` refers to itself"))
                            })
                    }
                    None => EVal::new(
                        EKind::Property {
                            of: ri.id.clone(),
                            path: names(rest),
                        },
                        loc,
                    ),
                }
            }
            Some(_) => EVal::new(
                EKind::Property {
                    of: ri.id.clone(),
                    path: names(rest),
                },
                loc,
            ),
        }
    }

    fn module_access(&mut self, i: usize, name: &str, segs: &[Seg], loc: Location) -> EVal {
        let mods = self.module_sym(i, name);
        let mut k = 0;
        let m = match segs.first() {
            Some(Seg::Index(ix)) => {
                k = 1;
                match ix.kind {
                    EKind::Int(n) => usize::try_from(n).ok().and_then(|n| mods.get(n)).cloned(),
                    _ => None,
                }
            }
            _ if mods.len() == 1 => mods.first().cloned(),
            _ => None,
        };
        let Some(m) = m else {
            return unk(
                loc,
                format!("an instance of module `{name}` not known before deployment"),
            );
        };
        match (segs.get(k), segs.get(k + 1)) {
            (Some(Seg::Name(o)), Some(Seg::Name(out))) if o == "outputs" => {
                let Some(inst) = m.inst else {
                    let ident =
                        format!("module:{}{}.outputs.{out}", self.insts[i].prefix, m.symbol);
                    return step_all(
                        EVal::unknown(
                            Unknown::with_identity(
                                format!("output `{out}` of module `{name}`, which is not checked"),
                                ident,
                            ),
                            loc,
                        ),
                        &segs[k + 2..],
                        loc,
                    );
                };
                let ast = self.insts[inst].ast;
                let decl = ast.statements.iter().find_map(|s| match &s.kind {
                    StatementKind::Output(d) if d.name.as_ref().is_some_and(|n| n.name == *out) => {
                        Some(d)
                    }
                    _ => None,
                });
                let Some(decl) = decl else {
                    return unk(loc, format!("module `{name}` has no output `{out}`"));
                };
                if self.depth > MAX_NESTING {
                    return unk(loc, "outputs nested too deeply");
                }
                self.depth += 1;
                let v = self.eval(inst, &decl.value, &mut Vec::new());
                self.depth -= 1;
                step_all(v, &segs[k + 2..], loc)
            }
            (Some(Seg::Name(n)), _) if n == "name" => {
                let mut l = m.locals.clone();
                let decl = self.insts[i]
                    .ast
                    .modules()
                    .find(|d| d.name.as_ref().is_some_and(|x| x.name == name));
                match decl.and_then(|d| d.property("name")) {
                    Some(e) => self.eval(i, e, &mut l),
                    None => unk(loc, "the module's deployment name"),
                }
            }
            _ => unk(loc, format!("a property of module `{name}`")),
        }
    }
}

#[derive(Clone, Debug)]
enum Seg {
    Name(String),
    Index(EVal),
    Child(String),
}

fn step_all(mut v: EVal, segs: &[Seg], loc: Location) -> EVal {
    for s in segs {
        v = step(v, s, loc);
    }
    v
}

/// One member or index step on a value.
fn step(v: EVal, s: &Seg, loc: Location) -> EVal {
    match (&v.kind, s) {
        (EKind::Object(_), Seg::Name(n)) => v.get(n).cloned().unwrap_or_else(|| null(loc)),
        (EKind::Object(_), Seg::Index(ix)) => match ix.as_str() {
            Some(k) => v.get(k).cloned().unwrap_or_else(|| null(loc)),
            None => unk(loc, "an unknown property name"),
        },
        (EKind::Array(items), Seg::Index(ix)) => match ix.kind {
            EKind::Int(n) => usize::try_from(n)
                .ok()
                .and_then(|n| items.get(n))
                .cloned()
                .unwrap_or_else(|| null(loc)),
            _ => unk(loc, "an unknown index"),
        },
        (EKind::Property { of, path }, Seg::Name(n)) => {
            let mut p = path.clone();
            p.push(n.clone());
            EVal::new(
                EKind::Property {
                    of: of.clone(),
                    path: p,
                },
                loc,
            )
        }
        (EKind::Property { of, path }, Seg::Index(ix)) => {
            let mut p = path.clone();
            p.push(ix.identity().unwrap_or_else(|| "?".into()));
            EVal::new(
                EKind::Property {
                    of: of.clone(),
                    path: p,
                },
                loc,
            )
        }
        (EKind::ResourceId(id), Seg::Name(n)) if n == "id" => {
            EVal::new(EKind::ResourceId(id.clone()), loc)
        }
        (EKind::ResourceId(id), Seg::Name(n)) if n == "name" => id
            .names
            .last()
            .cloned()
            .unwrap_or_else(|| unk(loc, "no name")),
        (EKind::ResourceId(id), Seg::Name(n)) => EVal::new(
            EKind::Property {
                of: id.clone(),
                path: vec![n.clone()],
            },
            loc,
        ),
        (EKind::Unknown(u), Seg::Name(n)) => {
            let identity = u.identity.as_ref().map(|i| format!("{i}.{n}"));
            EVal::unknown(
                Unknown {
                    reason: u.reason.clone(),
                    identity,
                    label: None,
                },
                loc,
            )
        }
        (EKind::Null, _) => null(loc),
        _ => unk(loc, "a property of a value not known before deployment"),
    }
}

fn binary(op: BinaryOp, a: &EVal, b: &EVal, loc: Location) -> EVal {
    use BinaryOp::*;
    let bool_val = |x: bool| EVal::new(EKind::Bool(x), loc);
    match op {
        Eq | Ne | EqI | NeI => match equals(a, b, matches!(op, EqI | NeI)) {
            Some(x) => bool_val(if matches!(op, Eq | EqI) { x } else { !x }),
            None => unk(loc, "a comparison with a value not known before deployment"),
        },
        And | Or => match (a.as_bool(), b.as_bool()) {
            (Some(x), Some(y)) => bool_val(if op == And { x && y } else { x || y }),
            (_, Some(false)) if op == And => bool_val(false),
            (_, Some(true)) if op == Or => bool_val(true),
            _ => unk(loc, "a condition not known before deployment"),
        },
        _ => match (&a.kind, &b.kind) {
            (EKind::Int(x), EKind::Int(y)) => {
                let (x, y) = (*x, *y);
                match op {
                    Add => EVal::new(EKind::Int(x.saturating_add(y)), loc),
                    Sub => EVal::new(EKind::Int(x.saturating_sub(y)), loc),
                    Mul => EVal::new(EKind::Int(x.saturating_mul(y)), loc),
                    Div if y != 0 => match x.checked_div(y) {
                        Some(q) => EVal::new(EKind::Int(q), loc),
                        None => unk(loc, "an arithmetic overflow"),
                    },
                    Mod if y != 0 => match x.checked_rem(y) {
                        Some(r) => EVal::new(EKind::Int(r), loc),
                        None => unk(loc, "an arithmetic overflow"),
                    },
                    Gt => bool_val(x > y),
                    Ge => bool_val(x >= y),
                    Lt => bool_val(x < y),
                    Le => bool_val(x <= y),
                    _ => unk(loc, "an arithmetic error"),
                }
            }
            (EKind::Str(x), EKind::Str(y)) => match op {
                Gt => bool_val(x > y),
                Ge => bool_val(x >= y),
                Lt => bool_val(x < y),
                Le => bool_val(x <= y),
                _ => unk(loc, "an operation Bicep does not allow on strings"),
            },
            _ => unk(loc, "an operation on a value not known before deployment"),
        },
    }
}

/// Split a `parent/child` name into segments (keeping unknown parts whole).
fn split_name(name: EVal) -> Vec<EVal> {
    match &name.kind {
        EKind::Str(s) if s.contains('/') => s
            .split('/')
            .map(|p| EVal {
                kind: EKind::Str(p.to_string()),
                loc: name.loc,
                via_param: name.via_param.clone(),
            })
            .collect(),
        EKind::Interp(parts) => {
            let mut out: Vec<Vec<EVal>> = vec![Vec::new()];
            for p in parts {
                match &p.kind {
                    EKind::Str(s) => {
                        let mut pieces = s.split('/');
                        if let Some(first) = pieces.next() {
                            if !first.is_empty() {
                                out.last_mut()
                                    .unwrap_or(&mut Vec::new())
                                    .push(EVal::str(first, p.loc));
                            }
                        }
                        for piece in pieces {
                            out.push(Vec::new());
                            if !piece.is_empty() {
                                if let Some(last) = out.last_mut() {
                                    last.push(EVal::str(piece, p.loc));
                                }
                            }
                        }
                    }
                    _ => {
                        if let Some(last) = out.last_mut() {
                            last.push(p.clone());
                        }
                    }
                }
            }
            out.into_iter()
                .map(|parts| match parts.len() {
                    1 => parts.into_iter().next().unwrap_or_else(|| name.clone()),
                    _ => concat_strings(name.loc, parts),
                })
                .collect()
        }
        _ => vec![name],
    }
}

fn collect_decls<'a>(
    _range: TextRange,
    r: &'a ResourceDecl,
    parent: Option<(&'a ResourceDecl, &str)>,
    _prefix: &str,
    out: &mut Map<String, Decl<'a>>,
) {
    let Some(name) = &r.name else { return };
    let path = match parent {
        Some((_, p)) => format!("{p}::{}", name.name),
        None => name.name.clone(),
    };
    out.entry(path.clone()).or_insert(Decl {
        decl: r,
        parent: parent.map(|p| p.0),
    });
    if let Some(obj) = r.body_object() {
        for item in &obj.items {
            if let ObjectItem::Resource(s) = item {
                if let StatementKind::Resource(child) = &s.kind {
                    collect_decls(s.range, child, Some((r, &path)), "", out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_maps_find_each_name_and_tell_prefixes_apart() {
        let names = [
            "a",
            "b",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "vnet",
            "vnet::subnet",
            "",
        ];
        let mut m: Map<String, usize> = Map::default();
        for (n, name) in names.iter().enumerate() {
            m.insert(name.to_string(), n);
        }
        assert_eq!(m.len(), names.len());
        for (n, name) in names.iter().enumerate() {
            assert_eq!(m.get(*name), Some(&n), "{name:?}");
        }
        assert_eq!(m.get("abcdefg"), None);
        let hash = |s: &str| {
            let mut h = NameHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("vnet"), hash("vnes"));
        assert_ne!(hash("abcdefgh"), hash("abcdefghi"));
    }
}
