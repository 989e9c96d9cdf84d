//! One pull path: the context every step reads, and the steps in order.

use super::index::Index;
use super::{auth, dns, reach, service, PullPath, Step, StepKind, Verdict};
use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::{
    Field, Model, Pull, Registry, RegistryId, VnetId, Workload, WorkloadId, WorkloadKind,
};

/// A value the documents decide, or the reason they do not.
pub type Know<T> = Result<T, String>;

/// What every step of one path reads.
pub struct Cx<'a> {
    pub m: &'a Model,
    pub ix: &'a Index<'a>,
    pub w: WorkloadId,
    pub wl: &'a Workload,
    pub kind: WorkloadKind,
    pub r: RegistryId,
    pub reg: &'a Registry,
    pub pull: &'a Pull,
    /// "AKS cluster `aks1`".
    pub wname: String,
    /// "`acr1`".
    pub rname: String,
    /// The VNets of the workload's subnets, each with the location of the subnet reference.
    pub vnets: Vec<(VnetId, Location)>,
    /// Subnet references that do not resolve: why, and where.
    pub open_subnets: Vec<(String, Location)>,
}

/// "`name`", or "`?`" with the reason when the name is unknown.
pub fn quoted(f: &Field<String>) -> String {
    format!("`{}`", f.label())
}

pub fn related(location: Location, message: impl Into<String>) -> Related {
    Related {
        location,
        message: message.into(),
    }
}

pub fn compute(
    m: &Model,
    ix: &Index,
    w: WorkloadId,
    wl: &Workload,
    r: RegistryId,
    pull: &Pull,
) -> PullPath {
    let reg = &m.registries[r.index()];
    let kind = wl.kind();
    let mut vnets: Vec<(VnetId, Location)> = Vec::new();
    let mut open_subnets = Vec::new();
    for s in &wl.subnets {
        match s.id().and_then(|s| ix.vnet_of(s)) {
            Some(v) => {
                if !vnets.iter().any(|(x, _)| *x == v) {
                    vnets.push((v, s.loc));
                }
            }
            None => {
                let why = match s.unknown_reason() {
                    Some(u) => format!("its subnet is unknown ({})", u.reason),
                    None => "its subnet is outside the documents".to_string(),
                };
                open_subnets.push((why, s.loc));
            }
        }
    }
    let cx = Cx {
        m,
        ix,
        w,
        wl,
        kind,
        r,
        reg,
        pull,
        wname: format!("{} {}", kind.label(), quoted(&wl.name)),
        rname: quoted(&reg.name),
        vnets,
        open_subnets,
    };

    let who = who(&cx);
    let access = reach::access(&cx);
    let (auth_step, auth_info) = auth::auth(&cx, &access);
    let bypass = reach::aci_bypass(&cx, &access, &auth_info);
    let (endpoint_step, served) = reach::endpoint(&cx, &access, &bypass);
    let dns_step = dns::dns(&cx, &access, &served);
    let room_step = reach::room(&cx, &served);
    let service_step = service::service(&cx, &access, &served);

    let steps = vec![
        who,
        auth_step,
        access.step.clone(),
        endpoint_step,
        dns_step,
        room_step,
        service_step,
    ];
    let verdict = if steps.iter().any(|s| s.verdict == Verdict::Broken) {
        Verdict::Broken
    } else if steps.iter().any(|s| s.verdict == Verdict::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Ok
    };
    PullPath {
        workload: w,
        registry: r,
        pull_loc: pull.loc,
        steps,
        verdict,
        restricted: access.restricted.as_ref().ok().copied(),
    }
}

fn who(cx: &Cx) -> Step {
    let mut step = Step::new(
        StepKind::Who,
        Verdict::Ok,
        format!("{} pulls images from registry {}", cx.wname, cx.rname),
    )
    .loc(cx.pull.loc, "the pull")
    .loc(cx.reg.meta.loc, "the registry");
    let maybe: Vec<&str> = [
        (cx.wl.meta.maybe, "the workload"),
        (cx.reg.meta.maybe, "the registry"),
    ]
    .iter()
    .filter(|(m, _)| *m)
    .map(|(_, w)| *w)
    .collect();
    if !maybe.is_empty() {
        step.verdict = Verdict::Unknown;
        step.reason = format!(
            "{} pulls images from registry {}, if deployed: the deployment condition of {} is unknown",
            cx.wname,
            cx.rname,
            maybe.join(" and ")
        );
    }
    step
}
