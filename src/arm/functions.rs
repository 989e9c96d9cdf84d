//! The built-in template functions topolint evaluates. A function whose arguments are not all
//! known gives an unknown value whose identity is built from the arguments' identities, so
//! that two uses of `uniqueString(resourceGroup().id)` still compare equal.

use super::eval::{ident, known, literal_string, unknown, Ctx, Scope, MAX_LEN};
use super::ids::{self, Exact};
use crate::azure::{EKind, EVal, ResId};
use crate::document::Location;

/// Evaluate built-in function `name` (lower case); `None` when topolint does not know it.
pub fn builtin(cx: &mut Ctx, sc: &Scope, name: &str, a: &[EVal], loc: Location) -> Option<EVal> {
    let _ = sc;
    let arity = |cx: &mut Ctx, min: usize, max: usize| -> bool {
        if a.len() < min || a.len() > max {
            let want = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            cx.error(
                loc,
                format!(
                    "`{name}` takes {want} argument{}, not {}",
                    if max == 1 || (min == 1 && max == usize::MAX) {
                        ""
                    } else {
                        "s"
                    },
                    a.len()
                ),
            );
            return false;
        }
        true
    };
    macro_rules! args {
        ($min:expr, $max:expr) => {
            if !arity(cx, $min, $max) {
                return Some(invalid(name, loc));
            }
        };
    }
    let r = match name {
        "concat" => {
            args!(0, usize::MAX);
            concat(cx, name, a, loc)
        }
        "format" => {
            args!(1, usize::MAX);
            format(cx, a, loc)
        }
        "resourceid"
        | "subscriptionresourceid"
        | "tenantresourceid"
        | "extensionresourceid"
        | "managementgroupresourceid" => {
            args!(2, usize::MAX);
            resource_id(cx, name, a, loc)
        }
        "resourcegroup" => virtual_root("resourceGroup()", "the resource group", loc),
        "subscription" => virtual_root("subscription()", "the subscription", loc),
        "tenant" => virtual_root("tenant()", "the tenant", loc),
        "managementgroup" => virtual_root("managementGroup()", "the management group", loc),
        "deployment" => virtual_root("deployment()", "the deployment", loc),
        "environment" => virtual_root("environment()", "the Azure cloud (environment)", loc),
        "guid" | "uniquestring" => {
            args!(1, usize::MAX);
            let f = if name == "guid" {
                "guid"
            } else {
                "uniqueString"
            };
            let id = a
                .iter()
                .map(ident)
                .collect::<Option<Vec<_>>>()
                .map(|v| format!("{f}({})", v.join(",")));
            unknown(format!("`{f}()` is computed at deployment"), id, loc)
        }
        "newguid" => unknown("`newGuid()` differs at each deployment", None, loc),
        "utcnow" => unknown("`utcNow()` differs at each deployment", None, loc),
        "true" => EVal::new(EKind::Bool(true), loc),
        "false" => EVal::new(EKind::Bool(false), loc),
        "null" => EVal::new(EKind::Null, loc),
        "equals" => {
            args!(2, 2);
            if known(&a[0]) && known(&a[1]) {
                EVal::new(EKind::Bool(same(&a[0], &a[1])), loc)
            } else if ident(&a[0]).is_some() && ident(&a[0]) == ident(&a[1]) {
                EVal::new(EKind::Bool(true), loc)
            } else {
                opaque(name, a, loc)
            }
        }
        "not" => {
            args!(1, 1);
            match a[0].as_bool() {
                Some(b) => EVal::new(EKind::Bool(!b), loc),
                None => opaque(name, a, loc),
            }
        }
        "and" | "or" => {
            args!(1, usize::MAX);
            let decisive = name == "or";
            let bools: Vec<Option<bool>> = a.iter().map(EVal::as_bool).collect();
            if bools.contains(&Some(decisive)) {
                EVal::new(EKind::Bool(decisive), loc)
            } else if bools.iter().all(Option::is_some) {
                EVal::new(EKind::Bool(!decisive), loc)
            } else {
                opaque(name, a, loc)
            }
        }
        "greater" | "greaterorequals" | "less" | "lessorequals" => {
            args!(2, 2);
            let ord = match (&a[0].kind, &a[1].kind) {
                (EKind::Int(x), EKind::Int(y)) => Some(x.cmp(y)),
                (EKind::Str(x), EKind::Str(y)) => Some(x.cmp(y)),
                _ => None,
            };
            match ord {
                Some(o) => {
                    use std::cmp::Ordering::*;
                    let b = match name {
                        "greater" => o == Greater,
                        "greaterorequals" => o != Less,
                        "less" => o == Less,
                        _ => o != Greater,
                    };
                    EVal::new(EKind::Bool(b), loc)
                }
                None => opaque(name, a, loc),
            }
        }
        "coalesce" => {
            args!(1, usize::MAX);
            let mut r = EVal::new(EKind::Null, loc);
            for v in a {
                match &v.kind {
                    EKind::Null => continue,
                    EKind::Unknown(_) | EKind::Property { .. } => {
                        r = opaque(name, a, loc);
                        break;
                    }
                    _ => {
                        r = v.clone();
                        break;
                    }
                }
            }
            r
        }
        "union" => {
            args!(1, usize::MAX);
            union(name, a, loc)
        }
        "createarray" => EVal::new(EKind::Array(a.to_vec()), loc),
        "array" => {
            args!(1, 1);
            match &a[0].kind {
                EKind::Array(_) => a[0].clone(),
                EKind::Unknown(_) => opaque(name, a, loc),
                _ => EVal::new(EKind::Array(a.to_vec()), loc),
            }
        }
        "createobject" => {
            if a.len() % 2 != 0 {
                cx.error(loc, "`createObject` takes pairs of key and value");
                return Some(invalid(name, loc));
            }
            let mut props = Vec::new();
            for kv in a.chunks(2) {
                let [k, v] = kv else { continue };
                let Some(key) = k.as_str() else {
                    return Some(opaque(name, a, loc));
                };
                props.push((key.to_string(), k.loc, v.clone()));
            }
            EVal::new(EKind::Object(props), loc)
        }
        "json" => {
            args!(1, 1);
            match a[0].as_str() {
                Some(s) => match serde_json::from_str::<serde_json::Value>(s) {
                    Ok(j) => from_json(&j, loc, 0),
                    Err(e) => {
                        cx.error(a[0].loc, format!("`json()` of text that is not JSON: {e}"));
                        unknown("`json()` of text that is not JSON", None, loc)
                    }
                },
                None => opaque(name, a, loc),
            }
        }
        "string" => {
            args!(1, 1);
            match &a[0].kind {
                EKind::Str(_) => a[0].clone(),
                _ if known(&a[0]) => EVal::str(to_text(&a[0]), loc),
                _ => opaque(name, a, loc),
            }
        }
        "int" => {
            args!(1, 1);
            match &a[0].kind {
                EKind::Int(_) => a[0].clone(),
                EKind::Str(s) => match s.trim().parse::<i64>() {
                    Ok(i) => EVal::new(EKind::Int(i), loc),
                    Err(_) => {
                        cx.error(
                            a[0].loc,
                            format!("`int()` of `{s}`, which is not an integer"),
                        );
                        invalid(name, loc)
                    }
                },
                _ => opaque(name, a, loc),
            }
        }
        "bool" => {
            args!(1, 1);
            match (&a[0].kind, a[0].as_bool()) {
                (_, Some(b)) => EVal::new(EKind::Bool(b), loc),
                (EKind::Int(i), _) => EVal::new(EKind::Bool(*i != 0), loc),
                _ => opaque(name, a, loc),
            }
        }
        "split" => {
            args!(2, 2);
            let delims: Option<Vec<&str>> = match &a[1].kind {
                EKind::Str(d) => Some(vec![d.as_str()]),
                EKind::Array(items) => items.iter().map(EVal::as_str).collect(),
                _ => None,
            };
            match (a[0].as_str(), delims) {
                (Some(s), Some(ds)) if ds.iter().all(|d| !d.is_empty()) => {
                    let mut parts = vec![s.to_string()];
                    for d in ds {
                        parts = parts
                            .iter()
                            .flat_map(|p| p.split(d).map(str::to_string).collect::<Vec<_>>())
                            .collect();
                    }
                    EVal::new(
                        EKind::Array(parts.into_iter().map(|p| EVal::str(p, loc)).collect()),
                        loc,
                    )
                }
                _ => opaque(name, a, loc),
            }
        }
        "first" | "last" => {
            args!(1, 1);
            let first = name == "first";
            match &a[0].kind {
                EKind::Array(items) => {
                    let it = if first { items.first() } else { items.last() };
                    it.cloned().unwrap_or_else(|| {
                        unknown(format!("`{name}()` of an empty array"), None, loc)
                    })
                }
                EKind::Str(s) => {
                    let c = if first {
                        s.chars().next()
                    } else {
                        s.chars().last()
                    };
                    EVal::str(c.map(String::from).unwrap_or_default(), loc)
                }
                _ => opaque(name, a, loc),
            }
        }
        "take" | "skip" => {
            args!(2, 2);
            let n = match a[1].kind {
                EKind::Int(n) => usize::try_from(n.max(0)).unwrap_or(usize::MAX),
                _ => return Some(opaque(name, a, loc)),
            };
            let take = name == "take";
            match &a[0].kind {
                EKind::Array(items) => {
                    let v: Vec<EVal> = if take {
                        items.iter().take(n).cloned().collect()
                    } else {
                        items.iter().skip(n).cloned().collect()
                    };
                    EVal::new(EKind::Array(v), loc)
                }
                EKind::Str(s) => {
                    let v: String = if take {
                        s.chars().take(n).collect()
                    } else {
                        s.chars().skip(n).collect()
                    };
                    EVal::str(v, loc)
                }
                _ => opaque(name, a, loc),
            }
        }
        "length" => {
            args!(1, 1);
            let n = match &a[0].kind {
                EKind::Array(items) => Some(items.len()),
                EKind::Str(s) => Some(s.chars().count()),
                EKind::Object(props) => Some(props.len()),
                _ => None,
            };
            match n {
                Some(n) => EVal::new(EKind::Int(n as i64), loc),
                None => opaque(name, a, loc),
            }
        }
        "empty" => {
            args!(1, 1);
            let e = match &a[0].kind {
                EKind::Null => Some(true),
                EKind::Array(items) => Some(items.is_empty()),
                EKind::Str(s) => Some(s.is_empty()),
                EKind::Object(props) => Some(props.is_empty()),
                _ => None,
            };
            match e {
                Some(b) => EVal::new(EKind::Bool(b), loc),
                None => opaque(name, a, loc),
            }
        }
        "contains" => {
            args!(2, 2);
            contains(name, a, loc)
        }
        "tolower" | "toupper" | "trim" => {
            args!(1, 1);
            match a[0].as_str() {
                Some(s) => EVal::str(
                    match name {
                        "tolower" => s.to_lowercase(),
                        "toupper" => s.to_uppercase(),
                        _ => s.trim().to_string(),
                    },
                    loc,
                ),
                None => opaque(name, a, loc),
            }
        }
        "replace" => {
            args!(3, 3);
            match (a[0].as_str(), a[1].as_str(), a[2].as_str()) {
                (Some(s), Some(from), Some(to)) if !from.is_empty() => {
                    let r = s.replace(from, to);
                    if r.len() > MAX_LEN {
                        unknown("a string too long to evaluate", None, loc)
                    } else {
                        EVal::str(r, loc)
                    }
                }
                _ => opaque(name, a, loc),
            }
        }
        "startswith" | "endswith" | "indexof" | "lastindexof" => {
            args!(2, 2);
            match (a[0].as_str(), a[1].as_str()) {
                (Some(s), Some(t)) => {
                    let (s, t) = (s.to_lowercase(), t.to_lowercase());
                    match name {
                        "startswith" => EVal::new(EKind::Bool(s.starts_with(&t)), loc),
                        "endswith" => EVal::new(EKind::Bool(s.ends_with(&t)), loc),
                        _ => {
                            let at = if name == "indexof" {
                                s.find(&t)
                            } else {
                                s.rfind(&t)
                            };
                            let i = at.map_or(-1, |b| s[..b].chars().count() as i64);
                            EVal::new(EKind::Int(i), loc)
                        }
                    }
                }
                _ => opaque(name, a, loc),
            }
        }
        "substring" => {
            args!(2, 3);
            let start = a[1].kind.clone();
            let len = a.get(2).map(|v| v.kind.clone());
            match (a[0].as_str(), start, len) {
                (Some(s), EKind::Int(st), l) if st >= 0 => {
                    let st = st as usize;
                    let n = match l {
                        None => usize::MAX,
                        Some(EKind::Int(n)) if n >= 0 => n as usize,
                        _ => return Some(opaque(name, a, loc)),
                    };
                    let total = s.chars().count();
                    if st > total {
                        cx.error(loc, "`substring` starts after the end of the string");
                        return Some(invalid(name, loc));
                    }
                    // ARM rejects a length that runs past the end (it does not truncate).
                    if n != usize::MAX && n > total - st {
                        cx.error(
                            loc,
                            format!(
                                "`substring` of {n} characters from index {st} runs past the end of a {total}-character string"
                            ),
                        );
                        return Some(invalid(name, loc));
                    }
                    EVal::str(s.chars().skip(st).take(n).collect::<String>(), loc)
                }
                _ => opaque(name, a, loc),
            }
        }
        "padleft" => {
            args!(2, 3);
            let pad = a.get(2).map_or(Some(" "), EVal::as_str);
            match (&a[0].kind, &a[1].kind, pad) {
                // Wider than this is left unknown rather than built.
                (EKind::Str(_) | EKind::Int(_), EKind::Int(w), Some(p))
                    if p.chars().count() == 1 && *w <= 4096 =>
                {
                    let s = to_text(&a[0]);
                    let w = (*w).max(0) as usize;
                    let n = s.chars().count();
                    EVal::str(format!("{}{s}", p.repeat(w.saturating_sub(n))), loc)
                }
                _ => opaque(name, a, loc),
            }
        }
        "add" | "sub" | "mul" | "div" | "mod" => {
            args!(2, 2);
            match (&a[0].kind, &a[1].kind) {
                (EKind::Int(x), EKind::Int(y)) => {
                    let r = match name {
                        "add" => x.checked_add(*y),
                        "sub" => x.checked_sub(*y),
                        "mul" => x.checked_mul(*y),
                        "div" => x.checked_div(*y),
                        _ => x.checked_rem(*y),
                    };
                    match r {
                        Some(r) => EVal::new(EKind::Int(r), loc),
                        None => {
                            cx.error(
                                loc,
                                format!("`{name}({x}, {y})` overflows or divides by zero"),
                            );
                            invalid(name, loc)
                        }
                    }
                }
                _ => opaque(name, a, loc),
            }
        }
        "min" | "max" => {
            args!(1, usize::MAX);
            let items: &[EVal] = match (a.len(), &a[0].kind) {
                (1, EKind::Array(items)) => items,
                _ => a,
            };
            let ints: Option<Vec<i64>> = items
                .iter()
                .map(|v| match v.kind {
                    EKind::Int(i) => Some(i),
                    _ => None,
                })
                .collect();
            let r = ints.and_then(|v| {
                if name == "min" {
                    v.into_iter().min()
                } else {
                    v.into_iter().max()
                }
            });
            match r {
                Some(i) => EVal::new(EKind::Int(i), loc),
                None => opaque(name, a, loc),
            }
        }
        "range" => {
            args!(2, 2);
            match (&a[0].kind, &a[1].kind) {
                (EKind::Int(s), EKind::Int(n)) if (0..=MAX_LEN as i64 / 16).contains(n) => {
                    EVal::new(
                        EKind::Array(
                            (0..*n)
                                .map(|i| EVal::new(EKind::Int(s.saturating_add(i)), loc))
                                .collect(),
                        ),
                        loc,
                    )
                }
                _ => opaque(name, a, loc),
            }
        }
        "tryget" => {
            args!(2, usize::MAX);
            let mut v = a[0].clone();
            for k in &a[1..] {
                v = match (&v.kind, &k.kind) {
                    (EKind::Null, _) => break,
                    (EKind::Object(_), EKind::Str(s)) => match v.get(s) {
                        Some(x) => x.clone(),
                        None => EVal::new(EKind::Null, loc),
                    },
                    (EKind::Array(items), EKind::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| items.get(i).cloned())
                        .unwrap_or_else(|| EVal::new(EKind::Null, loc)),
                    (EKind::Property { .. } | EKind::Unknown(_), EKind::Str(_) | EKind::Int(_)) => {
                        super::eval::index_of(v.clone(), k, loc)
                    }
                    _ => return Some(opaque(name, a, loc)),
                };
            }
            v
        }
        "join" => {
            args!(2, 2);
            let parts: Option<Vec<String>> = match &a[0].kind {
                EKind::Array(items) => items.iter().map(|i| known(i).then(|| to_text(i))).collect(),
                _ => None,
            };
            match (parts, a[1].as_str()) {
                (Some(p), Some(d)) => EVal::str(p.join(d), loc),
                _ => opaque(name, a, loc),
            }
        }
        "objectkeys" | "items" => {
            args!(1, 1);
            match &a[0].kind {
                EKind::Object(props) => {
                    let mut props = props.clone();
                    props.sort_by_key(|p| p.0.to_ascii_lowercase());
                    EVal::new(
                        EKind::Array(
                            props
                                .into_iter()
                                .map(|(k, kl, v)| {
                                    if name == "objectkeys" {
                                        EVal::str(k, kl)
                                    } else {
                                        EVal::new(
                                            EKind::Object(vec![
                                                ("key".into(), kl, EVal::str(k, kl)),
                                                ("value".into(), kl, v),
                                            ]),
                                            kl,
                                        )
                                    }
                                })
                                .collect(),
                        ),
                        loc,
                    )
                }
                _ => opaque(name, a, loc),
            }
        }
        _ => return None,
    };
    Some(r)
}

/// An unknown result of `name(args)`, identified by its arguments when they all have one.
fn opaque(name: &str, a: &[EVal], loc: Location) -> EVal {
    let id = a
        .iter()
        .map(ident)
        .collect::<Option<Vec<_>>>()
        .map(|v| format!("{name}({})", v.join(",")));
    let why = a
        .iter()
        .find_map(|v| match &v.kind {
            EKind::Unknown(u) => Some(u.reason.clone()),
            _ => None,
        })
        .unwrap_or_else(|| format!("topolint does not evaluate `{name}()` of these arguments"));
    unknown(why, id, loc)
}

/// The result of a call ARM rejects (an error says why).
fn invalid(name: &str, loc: Location) -> EVal {
    unknown(format!("an invalid call of `{name}()`"), None, loc)
}

/// `resourceGroup()`, `environment()`, ...: known only at deployment; their properties get
/// identities like `resourceGroup().location`.
fn virtual_root(id: &str, what: &str, loc: Location) -> EVal {
    unknown(
        format!("{what} is known only at deployment"),
        Some(id.into()),
        loc,
    )
}

/// Structural equality, ignoring locations (strings compare case-sensitively, as `equals`).
pub fn same(a: &EVal, b: &EVal) -> bool {
    match (&a.kind, &b.kind) {
        (EKind::Array(x), EKind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (EKind::Object(x), EKind::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, _, v)| {
                    y.iter()
                        .any(|(k2, _, v2)| k.eq_ignore_ascii_case(k2) && same(v, v2))
                })
        }
        (EKind::ResourceId(x), EKind::ResourceId(y)) => {
            x.rtype.eq_ignore_ascii_case(&y.rtype)
                && x.names.len() == y.names.len()
                && x.names.iter().zip(&y.names).all(|(a, b)| same(a, b))
        }
        (x, y) => x == y,
    }
}

/// The text of a known value as ARM's `string()` writes it.
fn to_text(v: &EVal) -> String {
    match &v.kind {
        EKind::Str(s) => s.clone(),
        EKind::Int(i) => i.to_string(),
        EKind::Bool(b) => if *b { "True" } else { "False" }.into(),
        EKind::Null => String::new(),
        _ => {
            let mut out = String::new();
            write_json(v, &mut out);
            out
        }
    }
}

/// Compact JSON in property order (as ARM's `string()` of an object writes it).
fn write_json(v: &EVal, out: &mut String) {
    match &v.kind {
        EKind::Null => out.push_str("null"),
        EKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        EKind::Int(i) => out.push_str(&i.to_string()),
        EKind::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        EKind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        EKind::Object(props) => {
            out.push('{');
            for (i, (k, _, p)) in props.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                write_json(p, out);
            }
            out.push('}');
        }
        EKind::ResourceId(_) | EKind::Interp(_) | EKind::Property { .. } | EKind::Unknown(_) => {
            out.push_str("null")
        }
    }
}

/// A `json()` result. serde_json limits nesting (128), so the recursion is bounded.
fn from_json(j: &serde_json::Value, loc: Location, depth: u32) -> EVal {
    use serde_json::Value as J;
    if depth > 256 {
        return unknown("JSON nested too deeply", None, loc);
    }
    match j {
        J::Null => EVal::new(EKind::Null, loc),
        J::Bool(b) => EVal::new(EKind::Bool(*b), loc),
        J::Number(n) => match n.as_i64() {
            Some(i) => EVal::new(EKind::Int(i), loc),
            None => unknown(format!("`{n}` is not an integer"), None, loc),
        },
        J::String(s) => literal_string(s, s.len(), loc),
        J::Array(items) => EVal::new(
            EKind::Array(items.iter().map(|i| from_json(i, loc, depth + 1)).collect()),
            loc,
        ),
        J::Object(m) => EVal::new(
            EKind::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), loc, from_json(v, loc, depth + 1)))
                    .collect(),
            ),
            loc,
        ),
    }
}

/// A piece of a string being assembled by `concat` or `format`.
fn piece(cx: &Ctx, v: &EVal, loc: Location) -> Option<(EVal, Exact)> {
    Some(match &v.kind {
        EKind::Str(_) => (v.clone(), cx.exact(v)),
        EKind::Int(_) | EKind::Bool(_) | EKind::Null => {
            let mut s = EVal::str(to_text(v), v.loc);
            s.via_param.clone_from(&v.via_param);
            (s, None)
        }
        EKind::Unknown(_) | EKind::Property { .. } => (v.clone(), None),
        EKind::ResourceId(id) => {
            let mut u = unknown(
                "a resource id (its subscription and resource group are known only at deployment)",
                super::eval::id_ident(id),
                loc,
            );
            u.loc = v.loc;
            (u, None)
        }
        EKind::Interp(_) | EKind::Array(_) | EKind::Object(_) => return None,
    })
}

/// Pieces in order into one value: a string, a resource id (literal, or a known id followed by
/// `/child/name`), or an interpolation.
fn assemble(cx: &Ctx, vals: &[EVal], loc: Location) -> Option<EVal> {
    if let Some(EKind::ResourceId(parent)) = vals.first().map(|v| &v.kind) {
        let mut rest = Vec::new();
        for v in &vals[1..] {
            rest.extend(flatten(cx, v, loc)?);
        }
        // `format('{0}', resourceId(...))`, as `bicep build` writes `'${identity.id}'`: the id.
        if rest
            .iter()
            .all(|(p, _)| matches!(&p.kind, EKind::Str(s) if s.is_empty()))
        {
            let mut id = vals[0].clone();
            id.loc = loc;
            return Some(id);
        }
        if let Some(id) = ids::child_of(parent, &rest, loc) {
            return Some(EVal::new(EKind::ResourceId(id), loc));
        }
    }
    let mut ps = Vec::new();
    for v in vals {
        ps.extend(flatten(cx, v, loc)?);
    }
    if let Some(id) = ids::id_from_pieces(&ps, loc) {
        return Some(EVal::new(EKind::ResourceId(id), loc));
    }
    let mut parts: Vec<EVal> = Vec::new();
    for (p, _) in ps {
        match (parts.last_mut(), &p.kind) {
            (
                Some(EVal {
                    kind: EKind::Str(prev),
                    loc: pl,
                    ..
                }),
                EKind::Str(s),
            ) => {
                prev.push_str(s);
                *pl = Location::new(pl.file, pl.range.cover(p.loc.range));
            }
            _ => parts.push(p),
        }
    }
    let via = parts.iter().find_map(|p| p.via_param.clone());
    let mut r = match parts.len() {
        0 => EVal::str("", loc),
        1 if matches!(parts[0].kind, EKind::Str(_)) => {
            let s = parts.pop().and_then(|p| p.as_str().map(str::to_string));
            EVal::str(s.unwrap_or_default(), loc)
        }
        _ => EVal::new(EKind::Interp(parts), loc),
    };
    if let EKind::Str(s) = &r.kind {
        if s.len() > MAX_LEN {
            return Some(unknown("a string too long to evaluate", None, loc));
        }
    }
    r.via_param = via;
    Some(r)
}

fn flatten(cx: &Ctx, v: &EVal, loc: Location) -> Option<Vec<(EVal, Exact)>> {
    match &v.kind {
        EKind::Interp(parts) => parts.iter().map(|p| piece(cx, p, loc)).collect(),
        _ => Some(vec![piece(cx, v, loc)?]),
    }
}

fn concat(cx: &mut Ctx, name: &str, a: &[EVal], loc: Location) -> EVal {
    if a.iter().any(|v| matches!(v.kind, EKind::Array(_))) {
        let mut items = Vec::new();
        for v in a {
            match &v.kind {
                EKind::Array(x) => items.extend(x.iter().cloned()),
                EKind::Null => {}
                _ => return opaque(name, a, loc),
            }
            if items.len() > MAX_LEN / 16 {
                return unknown("an array too long to evaluate", None, loc);
            }
        }
        return EVal::new(EKind::Array(items), loc);
    }
    let _ = cx.spend(
        a.iter()
            .map(|v| v.as_str().map_or(1, |s| s.len() as u64 / 64))
            .sum(),
        loc,
    );
    assemble(cx, a, loc).unwrap_or_else(|| opaque(name, a, loc))
}

fn format(cx: &mut Ctx, a: &[EVal], loc: Location) -> EVal {
    let Some(f) = a[0].as_str() else {
        return opaque("format", a, loc);
    };
    let mut vals: Vec<EVal> = Vec::new();
    let mut lit = String::new();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut spec = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == '}' {
                        closed = true;
                        break;
                    }
                    spec.push(d);
                }
                if !closed {
                    cx.error(
                        a[0].loc,
                        "`format` string has a `{` that is not closed: write `{{` for a literal `{`",
                    );
                    return invalid("format", loc);
                }
                let (idx, fmt) = spec.split_once(':').unwrap_or((spec.as_str(), ""));
                let Some(arg) = idx.trim().parse::<usize>().ok().and_then(|i| a.get(i + 1)) else {
                    cx.error(
                        a[0].loc,
                        format!("`format` placeholder `{{{spec}}}` has no argument"),
                    );
                    return invalid("format", loc);
                };
                if !lit.is_empty() {
                    vals.push(EVal::str(std::mem::take(&mut lit), a[0].loc));
                }
                let v = match (&arg.kind, fmt) {
                    (_, "") => arg.clone(),
                    (EKind::Int(i), f) if f.starts_with(['D', 'd']) => {
                        // .NET's `D<n>`: at least n digits, the sign in front of them.
                        let w: usize = f[1..].parse().unwrap_or(0).min(64);
                        let sign = if *i < 0 { "-" } else { "" };
                        EVal::str(format!("{sign}{:0w$}", i.unsigned_abs()), arg.loc)
                    }
                    _ => unknown(
                        format!("a `format` specifier `{fmt}` topolint does not apply"),
                        None,
                        arg.loc,
                    ),
                };
                vals.push(v);
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        vals.push(EVal::str(lit, a[0].loc));
    }
    assemble(cx, &vals, loc).unwrap_or_else(|| opaque("format", a, loc))
}

fn resource_id(cx: &mut Ctx, name: &str, a: &[EVal], loc: Location) -> EVal {
    let type_at = match name {
        // [subscriptionId], [resourceGroupName], type, names...
        "resourceid" => {
            (0..3.min(a.len())).find(|&i| a[i].as_str().is_some_and(|s| s.contains('/')))
        }
        // [subscriptionId], type, names...
        "subscriptionresourceid" | "managementgroupresourceid" => {
            (0..2.min(a.len())).find(|&i| a[i].as_str().is_some_and(|s| s.contains('/')))
        }
        "extensionresourceid" => Some(1),
        _ => Some(0),
    };
    let Some(t) = type_at.filter(|&t| a.get(t).and_then(EVal::as_str).is_some()) else {
        return opaque(name, a, loc);
    };
    let rtype = a[t]
        .as_str()
        .unwrap_or_default()
        .trim_matches('/')
        .to_string();
    let mut names = Vec::new();
    for n in &a[t + 1..] {
        names.extend(ids::split_name(n, cx.exact(n), 0));
    }
    let want = ids::name_count(&rtype);
    if names.len() != want {
        cx.error(
            loc,
            format!(
                "type `{rtype}` needs {want} name{}, but {} {} given",
                if want == 1 { "" } else { "s" },
                names.len(),
                if names.len() == 1 { "is" } else { "are" }
            ),
        );
        return invalid(name, loc);
    }
    EVal::new(EKind::ResourceId(ResId { rtype, names }), loc)
}

fn union(name: &str, a: &[EVal], loc: Location) -> EVal {
    if a.iter()
        .all(|v| matches!(v.kind, EKind::Object(_) | EKind::Null))
    {
        let mut acc: Vec<(String, Location, EVal)> = Vec::new();
        for v in a {
            if let EKind::Object(props) = &v.kind {
                merge(&mut acc, props, 0);
            }
        }
        return EVal::new(EKind::Object(acc), loc);
    }
    if a.iter().all(|v| matches!(v.kind, EKind::Array(_))) {
        let mut out: Vec<EVal> = Vec::new();
        for v in a {
            for i in v.as_array().unwrap_or(&[]) {
                if !known(i) || !out.iter().any(|o| same(o, i)) {
                    out.push(i.clone());
                }
            }
        }
        return EVal::new(EKind::Array(out), loc);
    }
    opaque(name, a, loc)
}

/// `union` of objects merges nested objects too; later values win.
fn merge(acc: &mut Vec<(String, Location, EVal)>, props: &[(String, Location, EVal)], depth: u32) {
    for (k, kl, v) in props {
        match acc.iter_mut().find(|(k2, _, _)| k2.eq_ignore_ascii_case(k)) {
            Some((_, _, old)) => match (&mut old.kind, &v.kind) {
                (EKind::Object(o), EKind::Object(n)) if depth < 64 => merge(o, n, depth + 1),
                _ => *old = v.clone(),
            },
            None => acc.push((k.clone(), *kl, v.clone())),
        }
    }
}

fn contains(name: &str, a: &[EVal], loc: Location) -> EVal {
    let item = &a[1];
    let r = match &a[0].kind {
        EKind::Str(s) => item.as_str().map(|t| s.contains(t)),
        EKind::Object(props) => item
            .as_str()
            .map(|t| props.iter().any(|(k, _, _)| k.eq_ignore_ascii_case(t))),
        EKind::Array(items) if known(item) => {
            if items.iter().any(|i| same(i, item)) {
                Some(true)
            } else if items.iter().all(known) {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    };
    match r {
        Some(b) => EVal::new(EKind::Bool(b), loc),
        None => opaque(name, a, loc),
    }
}
