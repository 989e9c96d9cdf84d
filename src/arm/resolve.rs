//! After all documents are walked: a `reference()`/`list*()` of a resource that none of them
//! declares is unknown (it exists, or not, outside the documents).

use super::eval::{id_ident, unknown};
use crate::azure::{EKind, EVal, ResId, Resource};
use std::collections::HashSet;

/// Deepest value walked (values are built from bounded JSON and expressions; this only guards
/// the stack).
const MAX_DEPTH: u32 = 512;

fn key(id: &ResId) -> Option<String> {
    let names: Option<Vec<String>> = id.names.iter().map(EVal::identity).collect();
    Some(format!(
        "{}/{}",
        id.rtype.to_ascii_lowercase(),
        names?.join("/")
    ))
}

pub fn mark_outside(resources: &mut [Resource]) {
    let declared: HashSet<String> = resources.iter().filter_map(|r| key(&r.id())).collect();
    for r in resources.iter_mut() {
        walk(&mut r.body, &declared, 0);
        for n in &mut r.names {
            walk(n, &declared, 0);
        }
        if let Some(s) = &mut r.scope {
            walk(s, &declared, 0);
        }
    }
}

fn walk(v: &mut EVal, declared: &HashSet<String>, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    match &mut v.kind {
        EKind::Property { of, path } => {
            if !key(of).is_some_and(|k| declared.contains(&k)) {
                let id = id_ident(of).map(|i| format!("{i}.{}", path.join(".")));
                *v = EVal {
                    via_param: v.via_param.take(),
                    ..unknown(
                        format!(
                            "a runtime property of `{}` {}, which is not declared in the documents",
                            of.rtype,
                            of.names
                                .iter()
                                .map(|n| n.as_str().map_or("?".to_string(), |s| format!("`{s}`")))
                                .collect::<Vec<_>>()
                                .join("/")
                        ),
                        id,
                        v.loc,
                    )
                };
            } else {
                for n in &mut of.names {
                    walk(n, declared, depth + 1);
                }
            }
        }
        EKind::Array(items) | EKind::Interp(items) => {
            for i in items {
                walk(i, declared, depth + 1);
            }
        }
        EKind::Object(props) => {
            for (_, _, p) in props {
                walk(p, declared, depth + 1);
            }
        }
        EKind::ResourceId(id) => {
            for n in &mut id.names {
                walk(n, declared, depth + 1);
            }
        }
        _ => {}
    }
}
