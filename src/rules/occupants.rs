//! What occupies a subnet: the rules about dedicated subnets (ACI, Application Gateway) share
//! this list. Resources whose deployment is uncertain (`maybe`) are left out: a rule does not
//! fire on what may not exist.

use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::{Model, RefField, SubnetId, WorkloadKind};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Endpoint,
    Workload(WorkloadKind),
    AppGateway,
}

/// One resource placed in a subnet.
#[derive(Clone, Debug)]
pub struct Occupant {
    pub kind: Kind,
    /// The reference that puts it in the subnet.
    pub at: Location,
    /// "private endpoint `pe`".
    pub label: String,
}

/// Every resource of the model by the subnet it references (resolved references only; the
/// first reference when a resource names the same subnet twice): endpoints, then workloads,
/// then Application Gateways, each in model order. One pass over the model, for rules that
/// look at many subnets.
pub fn by_subnet(m: &Model) -> HashMap<SubnetId, Vec<Occupant>> {
    let mut out: HashMap<SubnetId, Vec<Occupant>> = HashMap::new();
    for e in &m.endpoints {
        if e.meta.maybe {
            continue;
        }
        if let Some((sid, r)) = e.subnet.as_ref().and_then(|r| Some((r.id()?, r))) {
            out.entry(sid).or_default().push(Occupant {
                kind: Kind::Endpoint,
                at: r.loc,
                label: format!("private endpoint `{}`", e.name.label()),
            });
        }
    }
    let mut placed = |refs: &[RefField<SubnetId>], kind: Kind, label: String| {
        for (i, r) in refs.iter().enumerate() {
            let Some(sid) = r.id() else { continue };
            if refs[..i].iter().any(|p| p.id() == Some(sid)) {
                continue;
            }
            out.entry(sid).or_default().push(Occupant {
                kind: kind.clone(),
                at: r.loc,
                label: label.clone(),
            });
        }
    };
    for w in &m.workloads {
        if !w.meta.maybe {
            let label = format!("{} `{}`", w.kind().label(), w.name.label());
            placed(&w.subnets, Kind::Workload(w.kind()), label);
        }
    }
    for g in &m.app_gateways {
        if !g.meta.maybe {
            let label = format!("Application Gateway `{}`", g.name.label());
            placed(&g.subnets, Kind::AppGateway, label);
        }
    }
    out
}

/// "vnet/subnet".
pub fn subnet_label(m: &Model, sid: SubnetId) -> String {
    let s = m.subnet(sid);
    format!("{}/{}", m.vnet(s.vnet).name.label(), s.name.label())
}

/// The subnets that workloads of `kind` are placed in (each once, in first-use order), with a
/// related place per workload reference saying `what` ("is deployed here").
pub fn subnets_of_kind(m: &Model, kind: WorkloadKind, what: &str) -> Vec<(SubnetId, Vec<Related>)> {
    let mut out: Vec<(SubnetId, Vec<Related>)> = Vec::new();
    for w in &m.workloads {
        if w.kind() != kind || w.meta.maybe || w.meta.existing {
            continue;
        }
        for sref in &w.subnets {
            let Some(sid) = sref.id() else { continue };
            let r = Related {
                location: sref.loc,
                message: format!("{} `{}` {what}", kind.label(), w.name.label()),
            };
            match out.iter_mut().find(|(s, _)| *s == sid) {
                Some((_, rs)) => rs.push(r),
                None => out.push((sid, vec![r])),
            }
        }
    }
    out
}

/// The subnet has a known delegation: a private endpoint in it is `pe-delegated-subnet`'s
/// finding, so the dedicated-subnet rules leave endpoints there to it (one problem, one rule).
pub fn delegated(m: &Model, sid: SubnetId) -> bool {
    m.subnet(sid)
        .delegations
        .as_ref()
        .is_some_and(|d| d.known_items().next().is_some())
}
