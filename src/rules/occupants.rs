//! What occupies a subnet: the rules about dedicated subnets (ACI, Application Gateway) share
//! this list. Resources whose deployment is uncertain (`maybe`) are left out: a rule does not
//! fire on what may not exist.

use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::{Model, SubnetId, WorkloadKind};

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

/// Every resource of the model that references subnet `sid` (resolved references only).
pub fn occupants(m: &Model, sid: SubnetId) -> Vec<Occupant> {
    let mut out = Vec::new();
    for e in &m.endpoints {
        if e.meta.maybe {
            continue;
        }
        if let Some(r) = e.subnet.as_ref().filter(|r| r.id() == Some(sid)) {
            out.push(Occupant {
                kind: Kind::Endpoint,
                at: r.loc,
                label: format!("private endpoint `{}`", e.name.label()),
            });
        }
    }
    for w in &m.workloads {
        if w.meta.maybe {
            continue;
        }
        if let Some(r) = w.subnets.iter().find(|r| r.id() == Some(sid)) {
            out.push(Occupant {
                kind: Kind::Workload(w.kind()),
                at: r.loc,
                label: format!("{} `{}`", w.kind().label(), w.name.label()),
            });
        }
    }
    for g in &m.app_gateways {
        if g.meta.maybe {
            continue;
        }
        if let Some(r) = g.subnets.iter().find(|r| r.id() == Some(sid)) {
            out.push(Occupant {
                kind: Kind::AppGateway,
                at: r.loc,
                label: format!("Application Gateway `{}`", g.name.label()),
            });
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
