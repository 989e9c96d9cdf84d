//! Bicep's built-in functions over evaluated values. A function we do not know, or that gets an
//! unknown argument it needs, returns an unknown value (with an identity when the result is a
//! deterministic function of its arguments), never an error.

use crate::azure::{EKind, EVal, ResId};
use crate::document::Location;
use crate::model::Unknown;

fn unknown(loc: Location, reason: impl Into<String>) -> EVal {
    EVal::unknown(Unknown::new(reason), loc)
}

/// An unknown result with an identity built from the function and its arguments, so that two
/// calls with the same arguments are the same value (`uniqueString(resourceGroup().id)`).
fn keyed(loc: Location, name: &str, args: &[EVal]) -> EVal {
    let ids: Option<Vec<String>> = args.iter().map(EVal::identity).collect();
    match ids {
        Some(ids) => EVal::unknown(
            Unknown::with_identity(
                format!("`{name}()` is computed at deployment"),
                format!("{name}({})", ids.join(",")),
            ),
            loc,
        ),
        None => unknown(loc, format!("`{name}()` is computed at deployment")),
    }
}

pub fn text_of(v: &EVal) -> Option<String> {
    match &v.kind {
        EKind::Str(s) => Some(s.clone()),
        EKind::Int(i) => Some(i.to_string()),
        EKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Concatenate values into a string, keeping unknown parts as an interpolation.
pub fn concat_strings(loc: Location, parts: Vec<EVal>) -> EVal {
    let mut out: Vec<EVal> = Vec::new();
    let mut via = None;
    for p in parts {
        if via.is_none() {
            via = p.via_param.clone();
        }
        match &p.kind {
            EKind::Interp(inner) => out.extend(inner.iter().cloned()),
            _ => match text_of(&p) {
                Some(s) => match out.last_mut() {
                    Some(EVal {
                        kind: EKind::Str(prev),
                        ..
                    }) => prev.push_str(&s),
                    _ => out.push(EVal::str(s, p.loc)),
                },
                None => out.push(p),
            },
        }
    }
    // `'${vnet.id}/subnets/a'`: a resource id extended by child segments.
    if let [EVal {
        kind: EKind::ResourceId(id),
        ..
    }, rest @ ..] = out.as_slice()
    {
        if let Some(ext) = extend_id(id, rest, loc) {
            return EVal {
                kind: EKind::ResourceId(ext),
                loc,
                via_param: via,
            };
        }
    }
    let kind = match out.as_slice() {
        [] => EKind::Str(String::new()),
        // `'${identity.id}'`, the usual key of `userAssignedIdentities`: the id itself.
        [EVal {
            kind: k @ EKind::ResourceId(_),
            ..
        }] => k.clone(),
        [EVal {
            kind: EKind::Str(s),
            ..
        }] => EKind::Str(s.clone()),
        _ => EKind::Interp(out),
    };
    EVal {
        kind,
        loc,
        via_param: via,
    }
}

/// `/subnets/a` appended to a VNet id gives the subnet's id; so does `/subnets/${name}` with
/// `name` unknown (the subnet is then known by its type and the identity of its name). Type
/// segments must be literal.
fn extend_id(id: &ResId, tail: &[EVal], loc: Location) -> Option<ResId> {
    // Split the tail at `/` into segments, each a list of parts.
    let mut segs: Vec<Vec<EVal>> = vec![Vec::new()];
    for p in tail {
        match text_of(p) {
            Some(t) => {
                let mut pieces = t.split('/');
                if let Some(first) = pieces.next() {
                    if !first.is_empty() {
                        segs.last_mut()?.push(EVal::str(first, p.loc));
                    }
                }
                for piece in pieces {
                    segs.push(Vec::new());
                    if !piece.is_empty() {
                        segs.last_mut()?.push(EVal::str(piece, p.loc));
                    }
                }
            }
            None => segs.last_mut()?.push(p.clone()),
        }
    }
    // A leading `/` leaves an empty first segment.
    if segs.first().is_some_and(Vec::is_empty) {
        segs.remove(0);
    }
    if segs.is_empty() || segs.len() % 2 != 0 || segs.iter().any(Vec::is_empty) {
        return None;
    }
    let mut out = id.clone();
    for pair in segs.chunks(2) {
        let [ty] = pair[0].as_slice() else {
            return None;
        };
        out.rtype.push('/');
        out.rtype.push_str(ty.as_str()?);
        out.names.push(match pair[1].as_slice() {
            [one] => one.clone(),
            many => concat_strings(loc, many.to_vec()),
        });
    }
    Some(out)
}

/// `resourceId([sub], [rg], type, name1, name2...)` and friends: the type is the first argument
/// that contains a `/`.
pub fn resource_id(loc: Location, args: &[EVal]) -> EVal {
    let Some(pos) = args
        .iter()
        .position(|a| a.as_str().is_some_and(|s| s.contains('/')))
    else {
        return unknown(loc, "`resourceId()` without a literal resource type");
    };
    let rtype = args[pos].as_str().unwrap_or_default().to_string();
    let mut names = Vec::new();
    for a in &args[pos + 1..] {
        // `resourceId('T/child', 'a/b')` style names carry several segments.
        match a.as_str() {
            Some(s) if s.contains('/') => names.extend(s.split('/').map(|p| EVal::str(p, a.loc))),
            _ => names.push(a.clone()),
        }
    }
    EVal::new(EKind::ResourceId(ResId { rtype, names }), loc)
}

fn int_of(v: &EVal) -> Option<i64> {
    match &v.kind {
        EKind::Int(i) => Some(*i),
        EKind::Str(s) => s.parse().ok(),
        _ => None,
    }
}

fn arr(v: &EVal) -> Option<&[EVal]> {
    v.as_array()
}

/// Structural equality when both sides are known; `None` when either is unknown.
pub fn equals(a: &EVal, b: &EVal, ignore_case: bool) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (EKind::Str(x), EKind::Str(y)) => Some(if ignore_case {
            x.eq_ignore_ascii_case(y)
        } else {
            x == y
        }),
        (EKind::Int(x), EKind::Int(y)) => Some(x == y),
        (EKind::Bool(x), EKind::Bool(y)) => Some(x == y),
        (EKind::Null, EKind::Null) => Some(true),
        (
            EKind::Null,
            EKind::Str(_) | EKind::Int(_) | EKind::Bool(_) | EKind::Array(_) | EKind::Object(_),
        )
        | (
            EKind::Str(_) | EKind::Int(_) | EKind::Bool(_) | EKind::Array(_) | EKind::Object(_),
            EKind::Null,
        ) => Some(false),
        (EKind::Array(x), EKind::Array(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = true;
            for (p, q) in x.iter().zip(y) {
                match equals(p, q, ignore_case) {
                    Some(true) => {}
                    Some(false) => return Some(false),
                    None => all = false,
                }
            }
            all.then_some(true)
        }
        _ => match (a.identity(), b.identity()) {
            // A literal never equals an unknown value by identity: `'param:x'` is not
            // parameter `x`.
            (Some(x), Some(y))
                if x == y
                    && !matches!(a.kind, EKind::Str(_))
                    && !matches!(b.kind, EKind::Str(_)) =>
            {
                Some(true)
            }
            _ => None,
        },
    }
}

/// Call a built-in by name (case-insensitive, as Bicep's `sys` namespace is).
pub fn call(name: &str, args: Vec<EVal>, loc: Location) -> EVal {
    let lname = name.to_ascii_lowercase();
    let a = |i: usize| args.get(i);
    let s = |i: usize| args.get(i).and_then(text_of);
    let str_result = |v: Option<String>, why: &str| match v {
        Some(x) => EVal::str(x, loc),
        None => unknown(loc, why.to_string()),
    };
    match lname.as_str() {
        "concat" => {
            if args.iter().all(|x| matches!(x.kind, EKind::Array(_))) && !args.is_empty() {
                let items = args
                    .iter()
                    .flat_map(|x| arr(x).unwrap_or(&[]).to_vec())
                    .collect();
                return EVal::new(EKind::Array(items), loc);
            }
            if args.iter().any(|x| matches!(x.kind, EKind::Array(_))) {
                return unknown(loc, "`concat()` of arrays with unknown parts");
            }
            concat_strings(loc, args)
        }
        "format" => {
            let Some(fmt) = s(0) else {
                return unknown(loc, "`format()` with an unknown format string");
            };
            let mut parts = Vec::new();
            let mut rest = fmt.as_str();
            while let Some(open) = rest.find('{') {
                parts.push(EVal::str(&rest[..open], loc));
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                let spec = &rest[open + 1..open + close];
                let idx: usize = spec
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .parse()
                    .unwrap_or(usize::MAX);
                parts.push(
                    idx.checked_add(1)
                        .and_then(|i| args.get(i))
                        .cloned()
                        .unwrap_or_else(|| unknown(loc, "`format()` placeholder without argument")),
                );
                rest = &rest[open + close + 1..];
            }
            parts.push(EVal::str(rest, loc));
            concat_strings(loc, parts)
        }
        "tolower" => match a(0).map(|x| &x.kind) {
            Some(EKind::Str(x)) => EVal::str(x.to_lowercase(), loc),
            _ => keyed(loc, "toLower", &args),
        },
        "toupper" => match a(0).map(|x| &x.kind) {
            Some(EKind::Str(x)) => EVal::str(x.to_uppercase(), loc),
            _ => keyed(loc, "toUpper", &args),
        },
        "trim" => str_result(
            s(0).map(|x| x.trim().to_string()),
            "`trim()` of an unknown value",
        ),
        "replace" => str_result(
            s(0).zip(s(1))
                .zip(s(2))
                .map(|((x, f), t)| x.replace(&f, &t)),
            "`replace()` of an unknown value",
        ),
        "substring" => {
            let (Some(x), Some(start)) = (s(0), a(1).and_then(int_of)) else {
                return unknown(loc, "`substring()` of an unknown value");
            };
            let chars: Vec<char> = x.chars().collect();
            let start = (start.max(0) as usize).min(chars.len());
            let len = a(2).and_then(int_of).map_or(chars.len() - start, |l| {
                (l.max(0) as usize).min(chars.len() - start)
            });
            EVal::str(chars[start..start + len].iter().collect::<String>(), loc)
        }
        "split" => match (s(0), a(1)) {
            (Some(x), Some(d)) => {
                let delims: Vec<String> = match &d.kind {
                    EKind::Array(ds) => ds.iter().filter_map(text_of).collect(),
                    _ => text_of(d).into_iter().collect(),
                };
                if delims.is_empty() {
                    return unknown(loc, "`split()` with an unknown delimiter");
                }
                let mut parts = vec![x];
                for dl in &delims {
                    parts = parts
                        .iter()
                        .flat_map(|p| p.split(dl.as_str()).map(str::to_string).collect::<Vec<_>>())
                        .collect();
                }
                EVal::new(
                    EKind::Array(parts.into_iter().map(|p| EVal::str(p, loc)).collect()),
                    loc,
                )
            }
            _ => unknown(loc, "`split()` of an unknown value"),
        },
        "first" | "last" => match a(0).map(|x| &x.kind) {
            Some(EKind::Array(items)) => {
                let v = if lname == "first" {
                    items.first()
                } else {
                    items.last()
                };
                v.cloned().unwrap_or_else(|| EVal::new(EKind::Null, loc))
            }
            Some(EKind::Str(x)) => {
                let c = if lname == "first" {
                    x.chars().next()
                } else {
                    x.chars().last()
                };
                EVal::str(c.map(String::from).unwrap_or_default(), loc)
            }
            _ => unknown(loc, format!("`{name}()` of an unknown value")),
        },
        "take" | "skip" => {
            let Some(n) = a(1).and_then(int_of) else {
                return unknown(loc, format!("`{name}()` with an unknown count"));
            };
            let n = n.max(0) as usize;
            match a(0).map(|x| &x.kind) {
                Some(EKind::Array(items)) => {
                    let v: Vec<EVal> = if lname == "take" {
                        items.iter().take(n).cloned().collect()
                    } else {
                        items.iter().skip(n).cloned().collect()
                    };
                    EVal::new(EKind::Array(v), loc)
                }
                Some(EKind::Str(x)) => EVal::str(
                    if lname == "take" {
                        x.chars().take(n).collect::<String>()
                    } else {
                        x.chars().skip(n).collect()
                    },
                    loc,
                ),
                _ => unknown(loc, format!("`{name}()` of an unknown value")),
            }
        }
        "length" => match a(0).map(|x| &x.kind) {
            Some(EKind::Array(items)) => EVal::new(EKind::Int(items.len() as i64), loc),
            Some(EKind::Str(x)) => EVal::new(EKind::Int(x.chars().count() as i64), loc),
            Some(EKind::Object(p)) => EVal::new(EKind::Int(p.len() as i64), loc),
            _ => unknown(loc, "`length()` of an unknown value"),
        },
        "empty" => match a(0).map(|x| &x.kind) {
            Some(EKind::Array(items)) => EVal::new(EKind::Bool(items.is_empty()), loc),
            Some(EKind::Str(x)) => EVal::new(EKind::Bool(x.is_empty()), loc),
            Some(EKind::Object(p)) => EVal::new(EKind::Bool(p.is_empty()), loc),
            Some(EKind::Null) => EVal::new(EKind::Bool(true), loc),
            _ => unknown(loc, "`empty()` of an unknown value"),
        },
        "contains" => match (a(0).map(|x| &x.kind), a(1)) {
            (Some(EKind::Array(items)), Some(x)) => {
                let mut maybe = false;
                for i in items {
                    match equals(i, x, false) {
                        Some(true) => return EVal::new(EKind::Bool(true), loc),
                        None => maybe = true,
                        _ => {}
                    }
                }
                if maybe {
                    unknown(loc, "`contains()` over unknown items")
                } else {
                    EVal::new(EKind::Bool(false), loc)
                }
            }
            (Some(EKind::Str(h)), Some(x)) => match text_of(x) {
                Some(n) => EVal::new(
                    EKind::Bool(h.to_lowercase().contains(&n.to_lowercase())),
                    loc,
                ),
                None => unknown(loc, "`contains()` of an unknown value"),
            },
            (Some(EKind::Object(p)), Some(x)) => match text_of(x) {
                Some(k) => EVal::new(
                    EKind::Bool(p.iter().any(|(pk, _, _)| pk.eq_ignore_ascii_case(&k))),
                    loc,
                ),
                None => unknown(loc, "`contains()` of an unknown key"),
            },
            _ => unknown(loc, "`contains()` of an unknown value"),
        },
        "startswith" | "endswith" => match (s(0), s(1)) {
            (Some(x), Some(y)) => {
                let (x, y) = (x.to_lowercase(), y.to_lowercase());
                EVal::new(
                    EKind::Bool(if lname == "startswith" {
                        x.starts_with(&y)
                    } else {
                        x.ends_with(&y)
                    }),
                    loc,
                )
            }
            _ => unknown(loc, format!("`{name}()` of an unknown value")),
        },
        "union" => {
            if args.iter().all(|x| matches!(x.kind, EKind::Object(_))) && !args.is_empty() {
                let mut props: Vec<(String, Location, EVal)> = Vec::new();
                for x in &args {
                    if let EKind::Object(p) = &x.kind {
                        for (k, kl, v) in p {
                            match props
                                .iter_mut()
                                .find(|(pk, _, _)| pk.eq_ignore_ascii_case(k))
                            {
                                Some(slot) => *slot = (k.clone(), *kl, v.clone()),
                                None => props.push((k.clone(), *kl, v.clone())),
                            }
                        }
                    }
                }
                return EVal::new(EKind::Object(props), loc);
            }
            if args.iter().all(|x| matches!(x.kind, EKind::Array(_))) && !args.is_empty() {
                let mut items: Vec<EVal> = Vec::new();
                for x in args.iter().flat_map(|x| arr(x).unwrap_or(&[]).to_vec()) {
                    if !items.iter().any(|i| equals(i, &x, false) == Some(true)) {
                        items.push(x);
                    }
                }
                return EVal::new(EKind::Array(items), loc);
            }
            unknown(loc, "`union()` of unknown values")
        }
        "join" => match (a(0).map(|x| &x.kind), s(1)) {
            (Some(EKind::Array(items)), Some(d)) => {
                match items.iter().map(text_of).collect::<Option<Vec<_>>>() {
                    Some(v) => EVal::str(v.join(&d), loc),
                    None => unknown(loc, "`join()` of unknown items"),
                }
            }
            _ => unknown(loc, "`join()` of an unknown value"),
        },
        "string" => match a(0) {
            Some(x) if text_of(x).is_some() => EVal::str(text_of(x).unwrap_or_default(), loc),
            Some(x) => x.clone(),
            None => unknown(loc, "`string()` without argument"),
        },
        "int" => match a(0).and_then(int_of) {
            Some(i) => EVal::new(EKind::Int(i), loc),
            None => unknown(loc, "`int()` of an unknown value"),
        },
        "bool" => match a(0).and_then(EVal::as_bool) {
            Some(b) => EVal::new(EKind::Bool(b), loc),
            None => unknown(loc, "`bool()` of an unknown value"),
        },
        "array" => match a(0) {
            Some(x) if matches!(x.kind, EKind::Array(_)) => x.clone(),
            Some(x) if !x.is_unknown() => EVal::new(EKind::Array(vec![x.clone()]), loc),
            _ => unknown(loc, "`array()` of an unknown value"),
        },
        "range" => match (a(0).and_then(int_of), a(1).and_then(int_of)) {
            (Some(start), Some(count))
                if (0..=10_000).contains(&count) && start.checked_add(count).is_some() =>
            {
                EVal::new(
                    EKind::Array(
                        (start..start + count)
                            .map(|i| EVal::new(EKind::Int(i), loc))
                            .collect(),
                    ),
                    loc,
                )
            }
            _ => unknown(loc, "`range()` with unknown or too large bounds"),
        },
        "coalesce" => {
            for x in &args {
                match x.kind {
                    EKind::Null => continue,
                    EKind::Unknown(_) => return unknown(loc, "`coalesce()` of an unknown value"),
                    _ => return x.clone(),
                }
            }
            EVal::new(EKind::Null, loc)
        }
        "cidrsubnet" => match (s(0), a(1).and_then(int_of), a(2).and_then(int_of)) {
            (Some(net), Some(bits), Some(index)) => match cidr_subnet(&net, bits, index) {
                Some(x) => EVal::str(x, loc),
                None => unknown(loc, "`cidrSubnet()` with arguments Azure would reject"),
            },
            _ => keyed(loc, "cidrSubnet", &args),
        },
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" => resource_id(loc, &args),
        "extensionresourceid" => resource_id(loc, args.get(1..).unwrap_or(&[])),
        "uniquestring" | "guid" => keyed(loc, name, &args),
        "resourcegroup" | "subscription" | "tenant" | "deployment" | "managementgroup" => {
            let prop = |k: &str| {
                (
                    k.to_string(),
                    loc,
                    EVal::unknown(
                        Unknown::with_identity(
                            format!("`{name}().{k}` is known at deployment"),
                            format!("{lname}().{k}"),
                        ),
                        loc,
                    ),
                )
            };
            EVal::new(
                EKind::Object(vec![
                    prop("id"),
                    prop("name"),
                    prop("location"),
                    prop("subscriptionId"),
                    prop("tenantId"),
                ]),
                loc,
            )
        }
        "environment" => {
            let mut suffixes = vec![(
                "acrLoginServer".to_string(),
                loc,
                EVal::str(".azurecr.io", loc),
            )];
            suffixes.push((
                "storage".to_string(),
                loc,
                EVal::str("core.windows.net", loc),
            ));
            EVal::new(
                EKind::Object(vec![
                    ("name".into(), loc, EVal::str("AzureCloud", loc)),
                    (
                        "suffixes".into(),
                        loc,
                        EVal::new(EKind::Object(suffixes), loc),
                    ),
                ]),
                loc,
            )
        }
        "json" => match s(0) {
            Some(t) => match serde_json::from_str::<serde_json::Value>(&t) {
                Ok(v) => from_json(&v, loc),
                Err(_) => unknown(loc, "`json()` of text that is not JSON"),
            },
            None => unknown(loc, "`json()` of an unknown value"),
        },
        _ => unknown(loc, format!("`{name}()` is not evaluated by topolint")),
    }
}

/// `cidrSubnet('10.0.0.0/16', 24, 3)` = `10.0.3.0/24`: the `index`-th network of prefix length
/// `new_len` inside `net`.
fn cidr_subnet(net: &str, new_len: i64, index: i64) -> Option<String> {
    let net: ipnet::IpNet = net.trim().parse().ok()?;
    let max = u32::from(net.max_prefix_len());
    let (old, new) = (u32::from(net.prefix_len()), u32::try_from(new_len).ok()?);
    let index = u128::try_from(index).ok()?;
    if new < old || new > max || (new - old < 128 && index >> (new - old) != 0) {
        return None;
    }
    let shift = max - new;
    let offset = index.checked_shl(shift)?;
    match net.trunc() {
        ipnet::IpNet::V4(n) => {
            let base = u128::from(u32::from(n.network()));
            let addr = u32::try_from(base + offset).ok()?;
            Some(format!("{}/{new}", std::net::Ipv4Addr::from(addr)))
        }
        ipnet::IpNet::V6(n) => {
            let base = u128::from(n.network());
            let addr = base.checked_add(offset)?;
            Some(format!("{}/{new}", std::net::Ipv6Addr::from(addr)))
        }
    }
}

pub fn from_json(v: &serde_json::Value, loc: Location) -> EVal {
    let kind = match v {
        serde_json::Value::Null => EKind::Null,
        serde_json::Value::Bool(b) => EKind::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => EKind::Int(i),
            None => EKind::Str(n.to_string()),
        },
        serde_json::Value::String(s) => EKind::Str(s.clone()),
        serde_json::Value::Array(a) => EKind::Array(a.iter().map(|x| from_json(x, loc)).collect()),
        serde_json::Value::Object(o) => EKind::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), loc, from_json(x, loc)))
                .collect(),
        ),
    };
    EVal::new(kind, loc)
}
