//! Resource ids and names: splitting `parent/child` names (with unknown parts), building
//! [`ResId`]s from `resourceId()` arguments, and reading ids written as text
//! (`/subscriptions/.../providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`, or a
//! `concat()` with unknown parts).

use crate::azure::{EKind, EVal, ResId};
use crate::document::Location;
use crate::text::TextRange;

/// One `/`-separated segment of a text made of pieces (known strings and unknown values).
type Segment = Vec<EVal>;

/// Where a known string's characters are in the document, when its location is exactly the
/// quoted string (no escapes): the offset of its first character.
pub type Exact = Option<u32>;

/// Split the pieces of a text at `/`. Pieces that are not strings stay whole inside a segment.
/// `exact` gives, per piece, the document offset of its first character when known exactly.
fn split_pieces(pieces: &[(EVal, Exact)]) -> Vec<Segment> {
    let mut segs: Vec<Segment> = vec![Vec::new()];
    for (p, exact) in pieces {
        let EKind::Str(s) = &p.kind else {
            if let Some(last) = segs.last_mut() {
                last.push(p.clone());
            }
            continue;
        };
        let mut start = 0usize;
        for (i, part) in s.split('/').enumerate() {
            if i > 0 {
                segs.push(Vec::new());
            }
            if !part.is_empty() {
                let loc = match exact {
                    Some(base) => Location::new(
                        p.loc.file,
                        TextRange::new(base + start as u32, base + (start + part.len()) as u32),
                    ),
                    None => p.loc,
                };
                let mut v = EVal::str(part, loc);
                v.via_param.clone_from(&p.via_param);
                if let Some(last) = segs.last_mut() {
                    last.push(v);
                }
            }
            start += part.len() + 1;
        }
    }
    segs
}

/// A segment as one value: a string, the single unknown piece, or an interpolation.
fn join(seg: Segment, whole: Location) -> EVal {
    match seg.len() {
        0 => EVal::str("", whole),
        1 => seg
            .into_iter()
            .next()
            .unwrap_or_else(|| EVal::str("", whole)),
        _ => {
            let loc = seg
                .iter()
                .map(|p| p.loc)
                .reduce(|a, b| Location::new(a.file, a.range.cover(b.range)))
                .unwrap_or(whole);
            let via = seg.iter().find_map(|p| p.via_param.clone());
            let mut v = EVal::new(EKind::Interp(seg), loc);
            v.via_param = via;
            v
        }
    }
}

/// The pieces of a string value: itself, or an interpolation's parts.
pub fn pieces(v: &EVal, exact: Exact) -> Vec<(EVal, Exact)> {
    match &v.kind {
        EKind::Interp(parts) => parts.iter().map(|p| (p.clone(), None)).collect(),
        _ => vec![(v.clone(), exact)],
    }
}

/// Split a resource name at `/` into `count` names. A wholly unknown name of a child type
/// cannot be split: each name is then unknown, with identities derived from the whole.
pub fn split_name(name: &EVal, exact: Exact, count: usize) -> Vec<EVal> {
    let segs: Vec<EVal> = split_pieces(&pieces(name, exact))
        .into_iter()
        .map(|s| join(s, name.loc))
        .collect();
    if segs.len() == count || count == 0 {
        return segs;
    }
    if segs.len() == 1 && name.is_unknown() {
        return (0..count)
            .map(|i| {
                let u = match &name.kind {
                    EKind::Unknown(u) => crate::model::Unknown {
                        reason: format!(
                            "{} (segment {} of a `parent/child` name)",
                            u.reason,
                            i + 1
                        ),
                        identity: u.identity.as_ref().map(|id| format!("{id}#{i}")),
                        label: u.label.clone(),
                    },
                    _ => crate::model::Unknown::new("unknown name"),
                };
                EVal::unknown(u, name.loc)
            })
            .collect();
    }
    segs
}

/// Whether a segment is exactly the known string `s` (ASCII case-insensitive).
fn is_text(seg: &Segment, s: &str) -> bool {
    matches!(seg.as_slice(), [p] if p.as_str().is_some_and(|t| t.eq_ignore_ascii_case(s)))
}

fn text(seg: &Segment) -> Option<&str> {
    match seg.as_slice() {
        [p] => p.as_str(),
        _ => None,
    }
}

/// `Namespace/type1/name1/type2/name2...` as a resource id, when the namespace and types are
/// known text and there is one name per type.
fn from_provider_segments(segs: Vec<Segment>, whole: Location) -> Option<ResId> {
    if segs.len() < 3 || segs.len() % 2 == 0 {
        return None;
    }
    let ns = text(&segs[0])?;
    if !ns.contains('.') || ns.is_empty() {
        return None;
    }
    let mut rtype = ns.to_string();
    let mut names = Vec::new();
    let mut it = segs.into_iter().skip(1);
    while let (Some(t), Some(n)) = (it.next(), it.next()) {
        let t = text(&t)?;
        if t.is_empty() {
            return None;
        }
        rtype.push('/');
        rtype.push_str(t);
        if n.is_empty() {
            return None;
        }
        names.push(join(n, whole));
    }
    Some(ResId { rtype, names })
}

/// Read a resource id written as text: a literal `/subscriptions/...` string, or pieces whose
/// head is unknown (`resourceGroup().id`, an id parameter) followed by `/providers/...`. The
/// last `providers` segment decides (extension resources name their scope first).
pub fn parse_id_text(v: &EVal, exact: Exact) -> Option<ResId> {
    id_from_pieces(&pieces(v, exact), v.loc)
}

/// [`parse_id_text`] on the pieces of a text (known strings and unknown values in order).
pub fn id_from_pieces(ps: &[(EVal, Exact)], whole: Location) -> Option<ResId> {
    let first_known = match ps.first().map(|p| &p.0.kind) {
        Some(EKind::Str(s)) => {
            let l = s.to_ascii_lowercase();
            if !(l.starts_with("/subscriptions/") || l.starts_with("/providers/")) {
                return None;
            }
            true
        }
        Some(EKind::Unknown(_)) | Some(EKind::Property { .. }) => false,
        _ => return None,
    };
    let segs = split_pieces(ps);
    let at = segs.iter().rposition(|s| is_text(s, "providers"))?;
    // An unknown head is a resource group's id (`{id}/providers/...`) or a subscription's
    // (`{subscription().id}/resourceGroups/{name}/providers/...`).
    let unknown_head = segs[0].len() == 1
        && !segs[0][0].is_known_str()
        && (at == 1 || (at == 3 && is_text(&segs[1], "resourceGroups") && !segs[2].is_empty()));
    if !first_known && !unknown_head {
        return None;
    }
    from_provider_segments(segs.into_iter().skip(at + 1).collect(), whole)
}

/// A relative id as ARM's `scope` property writes it: `Microsoft.Network/virtualNetworks/hub`.
pub fn parse_relative_id(v: &EVal, exact: Exact) -> Option<ResId> {
    let segs = split_pieces(&pieces(v, exact));
    from_provider_segments(segs, v.loc)
}

/// A child id: `{parentId}/subnets/pe` from a resource id and the pieces that follow it.
pub fn child_of(parent: &ResId, rest: &[(EVal, Exact)], whole: Location) -> Option<ResId> {
    let segs = split_pieces(rest);
    // `rest` starts with `/`, so the first segment is empty.
    let mut it = segs.into_iter();
    if !it.next()?.is_empty() {
        return None;
    }
    let rest: Vec<Segment> = it.collect();
    if rest.is_empty() || rest.len() % 2 != 0 {
        return None;
    }
    let mut id = parent.clone();
    let mut it = rest.into_iter();
    while let (Some(t), Some(n)) = (it.next(), it.next()) {
        let t = text(&t)?;
        if t.is_empty() || t.eq_ignore_ascii_case("providers") || n.is_empty() {
            return None;
        }
        id.rtype.push('/');
        id.rtype.push_str(t);
        id.names.push(join(n, whole));
    }
    Some(id)
}

/// Number of name segments of a full type: `Microsoft.Network/virtualNetworks/subnets` has 2.
pub fn name_count(rtype: &str) -> usize {
    rtype.split('/').count().saturating_sub(1)
}

trait KnownStr {
    fn is_known_str(&self) -> bool;
}
impl KnownStr for EVal {
    fn is_known_str(&self) -> bool {
        matches!(self.kind, EKind::Str(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unknown;

    fn s(x: &str) -> EVal {
        EVal::str(x, Location::default())
    }
    fn u(id: &str) -> EVal {
        EVal::unknown(Unknown::with_identity("x", id), Location::default())
    }
    fn names(id: &ResId) -> Vec<String> {
        id.names
            .iter()
            .map(|n| n.identity().unwrap_or_else(|| "?".into()))
            .collect()
    }

    #[test]
    fn literal_ids() {
        let id = parse_id_text(
            &s("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe"),
            None,
        )
        .unwrap();
        assert_eq!(id.rtype, "Microsoft.Network/virtualNetworks/subnets");
        assert_eq!(names(&id), ["hub", "pe"]);
        let ext = parse_id_text(&s("/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr/providers/Microsoft.Authorization/roleAssignments/g"), None).unwrap();
        assert_eq!(ext.rtype, "Microsoft.Authorization/roleAssignments");
        assert!(parse_id_text(
            &s("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks"),
            None
        )
        .is_none());
        assert!(parse_id_text(&s("hello/providers/A.B/c/d"), None).is_none());
    }

    #[test]
    fn interpolated_ids() {
        let v = EVal::new(
            EKind::Interp(vec![
                u("resourceGroup().id"),
                s("/providers/Microsoft.Network/virtualNetworks/"),
                u("param:vnet"),
                s("/subnets/pe"),
            ]),
            Location::default(),
        );
        let id = parse_id_text(&v, None).unwrap();
        assert_eq!(names(&id), ["param:vnet", "pe"]);

        // `concat(subscription().id, '/resourceGroups/', resourceGroup().name, '/providers/...')`
        let sub = |rest: &str| {
            EVal::new(
                EKind::Interp(vec![
                    u("subscription().id"),
                    s("/resourceGroups/"),
                    u("resourceGroup().name"),
                    s(rest),
                ]),
                Location::default(),
            )
        };
        let id = parse_id_text(
            &sub("/providers/Microsoft.Network/virtualNetworks/hub"),
            None,
        )
        .unwrap();
        assert_eq!(id.rtype, "Microsoft.Network/virtualNetworks");
        assert_eq!(names(&id), ["hub"]);
        assert!(parse_id_text(
            &sub("/x/providers/Microsoft.Network/virtualNetworks/hub"),
            None
        )
        .is_none());
        let v = EVal::new(
            EKind::Interp(vec![
                u("subscription().id"),
                s("/deployments/x/providers/Microsoft.Network/virtualNetworks/hub"),
            ]),
            Location::default(),
        );
        assert!(parse_id_text(&v, None).is_none());
    }

    #[test]
    fn names_split_with_unknown_parts() {
        let v = EVal::new(
            EKind::Interp(vec![u("param:vnet"), s("/pe")]),
            Location::default(),
        );
        let n = split_name(&v, None, 2);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].identity().as_deref(), Some("param:vnet"));
        assert_eq!(n[1].as_str(), Some("pe"));
        let whole = split_name(&u("param:n"), None, 2);
        assert_eq!(whole[1].identity().as_deref(), Some("param:n#1"));
    }
}
