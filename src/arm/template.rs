//! Walk a template's resources into [`Resource`]s: `resources` arrays and (languageVersion 2.0)
//! symbolic-name objects, nested child resources, `parent/child` names, extension resources
//! (`scope`, `<type>/providers/<ext>` names), `copy` loops, `condition`, `existing`, and nested
//! deployments (inner and outer expression scope, parameters in, outputs out).

use super::eval::{ident, unknown, Copy, Ctx, Env, Scope, MAX_COPY};
use super::ids;
use crate::azure::{EKind, EVal, ResId, Resource};
use crate::diagnostic::Severity;
use crate::document::Location;
use crate::model::Suppression;
use crate::syntax::jsonc::Value;
use std::collections::HashMap;

/// Deepest chain of nested deployments followed.
const MAX_NESTING: u32 = 16;

/// Keys of a resource declaration that are not part of its body.
const NOT_BODY: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "dependsOn",
    "copy",
    "condition",
    "resources",
    "scope",
    "existing",
    "comments",
    "metadata",
];

const DEPLOYMENTS: &str = "Microsoft.Resources/deployments";

pub struct Walker<'a> {
    pub cx: Ctx<'a>,
    pub resources: Vec<Resource>,
    pub suppressions: Vec<Suppression>,
    /// Why the documents do not hold every resource deployed (the first reason found): a
    /// linked template, nesting too deep.
    pub incomplete: Option<String>,
}

/// What a child resource inherits from the resource it is nested in.
struct Parent {
    rtype: String,
    names: Vec<EVal>,
    maybe: bool,
}

/// A resource's type and names, before its body is evaluated.
struct Identity {
    rtype: String,
    names: Vec<EVal>,
    /// The scope named by a `<type>/providers/<ext>` name.
    scope: Option<EVal>,
}

fn is_deployment(v: &Value) -> bool {
    v.get_ci("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case(DEPLOYMENTS))
}

/// The resource declarations of a template: `(symbolic name, declaration)`.
fn declarations(root: &Value) -> Vec<(Option<&str>, &Value)> {
    match root.get_ci("resources") {
        Some(r) => match (r.as_array(), r.as_object()) {
            (Some(items), _) => items.iter().map(|v| (None, v)).collect(),
            (_, Some(members)) => members
                .iter()
                .map(|m| (Some(m.key.name.as_str()), &m.value))
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

impl<'a> Walker<'a> {
    pub fn new(cx: Ctx<'a>) -> Self {
        Walker {
            cx,
            resources: Vec::new(),
            suppressions: Vec::new(),
            incomplete: None,
        }
    }

    fn loc(&self, sc: &Scope<'a>, v: &Value) -> Location {
        Location::new(sc.file, v.range)
    }

    /// All resources of the template `root`, evaluated in `sc`. Nested deployments are walked
    /// first so that `reference('dep').outputs` can be read by the others.
    pub fn template(&mut self, sc: &Scope<'a>, env: &Env, root: &'a Value) {
        if let Some(r) = root.get_ci("resources") {
            if r.as_array().is_none() && r.as_object().is_none() {
                let at = self.loc(sc, r);
                self.cx.report(
                    "arm-template",
                    Severity::Error,
                    at,
                    "`resources` is an array (or, with languageVersion 2.0, an object keyed by symbolic name)",
                );
            }
        }
        let decls = declarations(root);
        for (sym, v) in &decls {
            self.index(sc, env, v, *sym, None, 0);
        }
        for (sym, v) in decls.iter().filter(|d| is_deployment(d.1)) {
            self.resource(sc, env, v, *sym, None);
        }
        for (sym, v) in decls.iter().filter(|d| !is_deployment(d.1)) {
            self.resource(sc, env, v, *sym, None);
        }
    }

    /// Record a declaration (and its nested children) for `reference('name')` and symbolic
    /// references. Loops are left out: their names need `copyIndex()`.
    fn index(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        v: &'a Value,
        sym: Option<&str>,
        parent: Option<&Parent>,
        depth: u32,
    ) {
        if v.get_ci("copy").is_some() || v.as_object().is_none() || depth > 8 {
            return;
        }
        let Some(id) = self.identify(sc, env, v, parent, true) else {
            return;
        };
        let rid = ResId {
            rtype: id.rtype.clone(),
            names: id.names.clone(),
        };
        if let Some(s) = sym {
            sc.by_symbol
                .borrow_mut()
                .insert(s.to_ascii_lowercase(), rid.clone());
        }
        let joined: Option<Vec<&str>> = id.names.iter().map(EVal::as_str).collect();
        if let Some(j) = joined {
            sc.by_name
                .borrow_mut()
                .entry(j.join("/").to_ascii_lowercase())
                .or_insert(rid);
        }
        let me = Parent {
            rtype: id.rtype,
            names: id.names,
            maybe: false,
        };
        for child in v
            .get_ci("resources")
            .and_then(Value::as_array)
            .unwrap_or(&[])
        {
            self.index(sc, env, child, None, Some(&me), depth + 1);
        }
    }

    /// A resource declaration, with its `copy` loop expanded.
    fn resource(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        v: &'a Value,
        sym: Option<&str>,
        parent: Option<&Parent>,
    ) {
        if v.as_object().is_none() {
            let at = self.loc(sc, v);
            self.cx.report(
                "arm-template",
                Severity::Error,
                at,
                "a resource is an object with `type`, `apiVersion` and `name`",
            );
            return;
        }
        let Some(copy) = v.get_ci("copy") else {
            self.one(sc, env, v, sym, parent, false);
            return;
        };
        let loc = self.loc(sc, copy);
        let name = copy
            .get_ci("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let count = match copy.get_ci("count") {
            Some(c) => self.cx.value(sc, env, c),
            None => {
                self.cx.report(
                    "arm-template",
                    Severity::Error,
                    loc,
                    "a resource `copy` needs `name` and `count`",
                );
                unknown("a `copy` without `count`", None, loc)
            }
        };
        match count.kind {
            EKind::Int(n) if (0..=MAX_COPY).contains(&n) => {
                for i in 0..n {
                    let env2 = env.with(Copy {
                        name: name.clone(),
                        index: EVal::new(EKind::Int(i), loc),
                        resource: true,
                    });
                    self.one(sc, &env2, v, sym, parent, false);
                }
            }
            _ => {
                let reason = match count.kind {
                    EKind::Int(n) if n > MAX_COPY => format!(
                        "loop `{name}` has {n} iterations; topolint expands at most {MAX_COPY}"
                    ),
                    _ => format!("the count of loop `{name}` is known only at deployment"),
                };
                let index = unknown(reason, Some(format!("copyIndex({name})")), loc);
                let env2 = env.with(Copy {
                    name,
                    index,
                    resource: true,
                });
                self.one(sc, &env2, v, sym, parent, true);
            }
        }
    }

    /// The type and names of a declaration. `quiet` evaluates without reporting structure
    /// problems (the index pass; the real pass reports them).
    fn identify(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        v: &'a Value,
        parent: Option<&Parent>,
        quiet: bool,
    ) -> Option<Identity> {
        let decl = self.loc(sc, v);
        let Some(tv) = v.get_ci("type") else {
            if !quiet {
                self.cx.report(
                    "arm-template",
                    Severity::Error,
                    decl,
                    "the resource has no `type`",
                );
            }
            return None;
        };
        let t = self.cx.value(sc, env, tv);
        let Some(ty) = t.as_str().map(|s| s.trim_matches('/').to_string()) else {
            if !quiet && !t.is_unknown() {
                self.cx.report(
                    "arm-template",
                    Severity::Error,
                    t.loc,
                    "`type` is a string such as `Microsoft.Network/virtualNetworks`",
                );
            }
            return None;
        };
        let name = match v.get_ci("name") {
            Some(n) => self.cx.value(sc, env, n),
            None => {
                if !quiet {
                    self.cx.report(
                        "arm-template",
                        Severity::Error,
                        decl,
                        "the resource has no `name`",
                    );
                }
                unknown("the resource has no name", None, decl)
            }
        };
        let exact = self.cx.exact(&name);
        let split = ids::split_name(&name, exact, 0);

        // `Microsoft.ContainerRegistry/registries/providers/roleAssignments` named
        // `acr/Microsoft.Authorization/<guid>`: an extension resource on the registry.
        let lower = ty.to_ascii_lowercase();
        if let Some(p) = lower.find("/providers/") {
            let base = &ty[..p];
            let ext = &ty[p + "/providers/".len()..];
            let nb = ids::name_count(base);
            let ne = ext.split('/').count();
            let split = ids::split_name(&name, exact, nb + 1 + ne);
            if split.len() != nb + 1 + ne {
                if !quiet {
                    self.mismatch(&name, &ty, nb + 1 + ne, split.len());
                }
                return None;
            }
            let ns = split[nb]
                .as_str()
                .map_or_else(|| "?".to_string(), str::to_string);
            let scope = EVal::new(
                EKind::ResourceId(ResId {
                    rtype: base.to_string(),
                    names: split[..nb].to_vec(),
                }),
                name.loc,
            );
            return Some(Identity {
                rtype: format!("{ns}/{ext}"),
                names: split[nb + 1..].to_vec(),
                scope: Some(scope),
            });
        }

        let (rtype, names) = match parent {
            Some(p) if !ty.contains('/') => {
                let rtype = format!("{}/{ty}", p.rtype);
                let want = ids::name_count(&rtype);
                let names = if split.len() == want {
                    split
                } else {
                    let mut n = p.names.clone();
                    n.extend(ids::split_name(&name, exact, 1));
                    n
                };
                (rtype, names)
            }
            _ => {
                let want = ids::name_count(&ty);
                let names = match parent {
                    // A nested child may write its full type with its own name only.
                    Some(p)
                        if split.len() == 1
                            && p.names.len() + 1 == want
                            && ty
                                .to_ascii_lowercase()
                                .starts_with(&p.rtype.to_ascii_lowercase()) =>
                    {
                        let mut n = p.names.clone();
                        n.extend(split);
                        n
                    }
                    _ => ids::split_name(&name, exact, want),
                };
                (ty.clone(), names)
            }
        };
        let want = ids::name_count(&rtype);
        if names.len() != want {
            if !quiet {
                self.mismatch(&name, &rtype, want, names.len());
            }
            return None;
        }
        Some(Identity {
            rtype,
            names,
            scope: None,
        })
    }

    fn mismatch(&mut self, name: &EVal, rtype: &str, want: usize, got: usize) {
        self.cx.report(
            "arm-template",
            Severity::Error,
            name.loc,
            format!("type `{rtype}` needs a name of {want} segment{} separated by `/`, but this name has {got}", if want == 1 { "" } else { "s" }),
        );
    }

    /// One resource (one iteration of a loop) and its nested children.
    fn one(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        v: &'a Value,
        sym: Option<&str>,
        parent: Option<&Parent>,
        loop_maybe: bool,
    ) {
        let mut maybe = loop_maybe || parent.is_some_and(|p| p.maybe);
        if let Some(c) = v.get_ci("condition") {
            let c = self.cx.value(sc, env, c);
            match c.as_bool() {
                Some(false) => {
                    // The children of a resource that is not deployed may still deploy onto
                    // a parent that exists already.
                    self.children(sc, env, v, parent, true);
                    return;
                }
                Some(true) => {}
                None => maybe = true,
            }
        }
        let Some(id) = self.identify(sc, env, v, parent, false) else {
            return;
        };
        let decl = self.loc(sc, v);
        let type_loc = v.get_ci("type").map_or(decl, |t| self.loc(sc, t));
        let api_version = v
            .get_ci("apiVersion")
            .map(|a| self.cx.value(sc, env, a))
            .and_then(|a| a.as_str().map(str::to_string));
        let existing = v
            .get_ci("existing")
            .map(|e| self.cx.value(sc, env, e))
            .and_then(|e| e.as_bool())
            .unwrap_or(false);
        let scope = match v.get_ci("scope") {
            Some(s) => {
                let s = self.cx.value(sc, env, s);
                Some(self.scope_value(sc, s))
            }
            None => id.scope.clone(),
        };
        let deployment = id.rtype.eq_ignore_ascii_case(DEPLOYMENTS);
        let body = self.body(sc, env, v, deployment);
        self.suppression(sc, v, decl);
        let res = Resource {
            rtype: id.rtype.clone(),
            api_version,
            names: id.names.clone(),
            body,
            existing,
            maybe,
            scope,
            loc: type_loc,
            decl,
            symbol: sym.map(str::to_string),
        };
        if deployment {
            self.nested(sc, env, v, &res);
        }
        self.resources.push(res);
        let me = Parent {
            rtype: id.rtype,
            names: id.names,
            maybe,
        };
        self.children(sc, env, v, Some(&me), false);
    }

    fn children(
        &mut self,
        sc: &Scope<'a>,
        env: &Env,
        v: &'a Value,
        me: Option<&Parent>,
        parent_skipped: bool,
    ) {
        let Some(children) = v.get_ci("resources") else {
            return;
        };
        let Some(items) = children.as_array() else {
            let at = self.loc(sc, children);
            self.cx.report(
                "arm-template",
                Severity::Error,
                at,
                "nested `resources` is an array",
            );
            return;
        };
        if parent_skipped {
            // Without the parent's identity (it may not be computable) children are only
            // walked when they name their full type.
            for c in items {
                let full = c
                    .get_ci("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.contains('/'));
                if full {
                    let p = Parent {
                        rtype: String::new(),
                        names: Vec::new(),
                        maybe: true,
                    };
                    self.resource(sc, env, c, None, Some(&p));
                }
            }
            return;
        }
        for c in items {
            self.resource(sc, env, c, None, me);
        }
    }

    /// `scope`: a full id, or the relative `Microsoft.X/type/name` form ARM accepts.
    fn scope_value(&mut self, _sc: &Scope<'a>, s: EVal) -> EVal {
        match &s.kind {
            EKind::Str(_) | EKind::Interp(_) => {
                let exact = self.cx.exact(&s);
                match ids::parse_relative_id(&s, exact).or_else(|| ids::parse_id_text(&s, exact)) {
                    Some(id) => EVal::new(EKind::ResourceId(id), s.loc),
                    None => s,
                }
            }
            _ => s,
        }
    }

    /// The evaluated body: every member but the declaration keys; for a deployment, its
    /// `properties.template` is left out (it is walked as resources).
    fn body(&mut self, sc: &Scope<'a>, env: &Env, v: &'a Value, deployment: bool) -> EVal {
        let decl = self.loc(sc, v);
        let mut props = Vec::new();
        for m in v.as_object().unwrap_or(&[]) {
            if NOT_BODY.iter().any(|k| k.eq_ignore_ascii_case(&m.key.name)) {
                continue;
            }
            let kloc = Location::new(sc.file, m.key.range);
            let val = if deployment && m.key.name.eq_ignore_ascii_case("properties") {
                let mut inner = Vec::new();
                for pm in m.value.as_object().unwrap_or(&[]) {
                    if pm.key.name.eq_ignore_ascii_case("template") {
                        continue;
                    }
                    let pv = self.cx.value(sc, env, &pm.value);
                    inner.push((
                        pm.key.name.clone(),
                        Location::new(sc.file, pm.key.range),
                        pv,
                    ));
                }
                EVal::new(EKind::Object(inner), self.loc(sc, &m.value))
            } else {
                self.cx.value(sc, env, &m.value)
            };
            props.push((m.key.name.clone(), kloc, val));
        }
        EVal::new(EKind::Object(props), decl)
    }

    /// `"metadata": { "topolint": { "disable": ["rule-id", ...] } }` on a resource.
    fn suppression(&mut self, sc: &Scope<'a>, v: &Value, decl: Location) {
        let Some(d) = v
            .get_ci("metadata")
            .and_then(|m| m.get_ci("topolint"))
            .and_then(|t| t.get_ci("disable"))
        else {
            return;
        };
        let rules: Option<Vec<String>> = d.as_array().map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect()
        });
        match rules {
            Some(rules) if !rules.is_empty() => {
                if !self.suppressions.iter().any(|s| s.scope == decl) {
                    self.suppressions.push(Suppression { scope: decl, rules });
                }
            }
            _ => {
                let at = self.loc(sc, d);
                self.cx.report(
                    "arm-template",
                    Severity::Warning,
                    at,
                    "`metadata.topolint.disable` is a non-empty array of rule ids, e.g. [\"acr-pe-public-still-open\"]",
                );
            }
        }
    }

    /// A nested deployment with an inline `template`: its resources join the list, and its
    /// outputs become readable through `reference('<name>').outputs`.
    fn nested(&mut self, sc: &Scope<'a>, env: &Env, v: &'a Value, res: &Resource) {
        let Some(props) = v.get_ci("properties") else {
            return;
        };
        let dep_name = || {
            res.names
                .first()
                .and_then(EVal::as_str)
                .map_or_else(|| "?".to_string(), str::to_string)
        };
        let Some(tmpl) = props.get_ci("template").filter(|t| t.as_object().is_some()) else {
            if props.get_ci("templateLink").is_some() && self.incomplete.is_none() {
                self.incomplete = Some(format!(
                    "nested deployment `{}` links its template (`templateLink`), which is not read; its resources are not checked",
                    dep_name()
                ));
            }
            return;
        };
        let at = self.loc(sc, tmpl);
        if sc.depth >= MAX_NESTING {
            if self.incomplete.is_none() {
                self.incomplete = Some(format!(
                    "nested deployment `{}` is deeper than {MAX_NESTING} levels and is not followed",
                    dep_name()
                ));
            }
            self.cx.report(
                "arm-template",
                Severity::Warning,
                at,
                format!("nested deployments deeper than {MAX_NESTING} levels are not followed"),
            );
            return;
        }
        let inner = props
            .get_ci("expressionEvaluationOptions")
            .and_then(|o| o.get_ci("scope"))
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        let dep_name = res.names.first().and_then(EVal::as_str).map(str::to_string);
        let outputs = if inner {
            let mut given = HashMap::new();
            if let Some(EKind::Object(ps)) =
                res.prop(&["properties", "parameters"]).map(|p| &p.kind)
            {
                for (k, _, pv) in ps {
                    let val = match (pv.get("value"), pv.get("reference")) {
                        (Some(x), _) => x.clone(),
                        (None, Some(r)) => keyvault(r, pv.loc),
                        (None, None) => unknown("a parameter passed without `value`", None, pv.loc),
                    };
                    given.insert(k.to_ascii_lowercase(), val);
                }
            }
            let label = format!(
                "{}{}.",
                sc.label,
                dep_name.clone().unwrap_or_else(|| res
                    .names
                    .first()
                    .and_then(ident)
                    .unwrap_or_else(|| "?".into()))
            );
            let child = Scope::new(sc.file, tmpl, given, label, sc.depth + 1);
            self.template(&child, &Env::default(), tmpl);
            self.outputs(&child, &Env::default(), tmpl)
        } else {
            // Outer scope: the nested template's expressions see the parent's parameters and
            // variables.
            self.template(sc, env, tmpl);
            self.outputs(sc, env, tmpl)
        };
        if let (Some(n), Some(o)) = (dep_name, outputs) {
            sc.outputs.borrow_mut().insert(n.to_ascii_lowercase(), o);
        }
    }

    fn outputs(&mut self, sc: &Scope<'a>, env: &Env, tmpl: &'a Value) -> Option<EVal> {
        tmpl.get_ci("outputs").map(|o| self.cx.value(sc, env, o))
    }
}

/// A Key Vault reference (`{ "keyVault": {...}, "secretName": "x" }`): unknown.
pub fn keyvault(r: &EVal, loc: Location) -> EVal {
    let secret = r.get("secretName").and_then(EVal::as_str).unwrap_or("?");
    unknown(
        format!("secret `{secret}` is read from Key Vault at deployment"),
        Some(format!("keyvault:{secret}")),
        loc,
    )
}
