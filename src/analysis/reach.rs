//! Steps 3, 4 and 6: must the registry be reached privately, is there an endpoint the workload
//! can reach, and does the endpoint's subnet have room.

use super::auth::AuthInfo;
use super::path::{quoted, related, Cx, Know};
use super::{Step, StepKind, Verdict};
use crate::diagnostic::Related;
use crate::model::names::region;
use crate::model::{
    EndpointId, Field, OptFieldExt, PeeringId, SubnetId, Vnet, VnetId, WorkloadKind,
};

/// Step 3, with what later steps need from it.
pub struct Access {
    pub step: Step,
    /// The registry refuses public traffic.
    pub restricted: Know<bool>,
}

/// An endpoint that serves the workload's VNet. When step 4 is broken by a peering (one-sided,
/// overlapping, global or two hops), the endpoint the design meant is listed too: DNS and room
/// are still checked against it, so that one pass shows every fix the path needs.
#[derive(Clone, Copy, Debug)]
pub struct Served {
    /// The workload's VNet.
    pub vnet: VnetId,
    pub endpoint: EndpointId,
    /// The endpoint's VNet (the workload's, or one peered with it both ways).
    pub endpoint_vnet: VnetId,
}

fn eq(f: &Field<String>, s: &str) -> Option<bool> {
    f.get().map(|v| v.eq_ignore_ascii_case(s))
}

pub fn access(cx: &Cx) -> Access {
    let reg = cx.reg;
    let mut step = Step::new(StepKind::Access, Verdict::Ok, "").loc(reg.meta.loc, "the registry");
    let private_via = match cx.kind {
        WorkloadKind::Aci => {
            "a private endpoint or, for a container group, the trusted-services bypass"
        }
        _ => "a private endpoint",
    };
    if reg.meta.existing {
        step.verdict = Verdict::Unknown;
        step.reason = format!(
            "registry {} is declared `existing`: whether it accepts public traffic is not in the documents",
            cx.rname
        );
        let why = step.reason.clone();
        return Access {
            step,
            restricted: Err(why),
        };
    }
    let pna = reg.public_network_access.as_ref();
    let da = reg.default_action.as_ref();
    let disabled = pna.map(|f| eq(f, "Disabled"));
    let deny = da.map(|f| eq(f, "Deny"));
    let restricted: Know<bool> = match (disabled, deny) {
        (Some(Some(true)), _) => {
            let f = pna.unwrap_or_else(|| unreachable!());
            step = step
                .loc(f.loc, "public network access is disabled")
                .params(f.via_param.clone());
            step.reason = format!(
                "registry {} has `publicNetworkAccess: Disabled`: {} must reach it through {private_via}",
                cx.rname, cx.wname
            );
            Ok(true)
        }
        (_, Some(Some(true))) => {
            let f = da.unwrap_or_else(|| unreachable!());
            step = step
                .loc(f.loc, "public traffic is denied by default")
                .params(f.via_param.clone());
            step.reason = format!(
                "registry {} has `defaultAction: Deny`: {} must reach it through {private_via}",
                cx.rname, cx.wname
            );
            Ok(true)
        }
        (Some(None), _) | (_, Some(None)) => {
            let why = [pna, da]
                .into_iter()
                .flatten()
                .find_map(|f| f.unknown_reason().map(|u| (u.reason.clone(), f.loc)));
            let (why, loc) = why.unwrap_or_default();
            step.push_loc(loc, "unknown network setting");
            step.verdict = Verdict::Unknown;
            step.reason = format!(
                "whether registry {} accepts public traffic is unknown: {why}",
                cx.rname
            );
            Err(step.reason.clone())
        }
        _ => {
            for f in [pna, da].into_iter().flatten() {
                step.push_loc(f.loc, "allows public traffic");
                step = step.params(f.via_param.clone());
            }
            step.reason = format!(
                "registry {} accepts public traffic (`publicNetworkAccess` {}, `defaultAction` {})",
                cx.rname,
                pna.and_then(|f| f.get().cloned())
                    .unwrap_or_else(|| "Enabled by default".into()),
                da.and_then(|f| f.get().cloned())
                    .unwrap_or_else(|| "Allow by default".into()),
            );
            Ok(false)
        }
    };
    Access { step, restricted }
}

/// Whether a container group reaches a restricted registry through the trusted-services bypass:
/// a user-assigned identity for the registry's server (step 2) and `networkRuleBypassOptions:
/// AzureServices` (the default). AZURE-FACTS §1.6, §1.7.
pub fn aci_bypass(cx: &Cx, access: &Access, auth: &AuthInfo) -> Know<bool> {
    if cx.kind != WorkloadKind::Aci || access.restricted != Ok(true) {
        return Ok(false);
    }
    match &auth.uami {
        Ok(false) => return Ok(false),
        Err(e) => return Err(e.clone()),
        Ok(true) => {}
    }
    bypass_on(cx)
}

/// `networkRuleBypassOptions` is `AzureServices` (the default).
pub fn bypass_on(cx: &Cx) -> Know<bool> {
    if cx.reg.meta.existing {
        return Err(format!(
            "registry {} is declared `existing`: its bypass setting is not in the documents",
            cx.rname
        ));
    }
    let default = "AzureServices".to_string();
    match cx.reg.bypass.or_default_val(&default) {
        Some(v) => Ok(v.eq_ignore_ascii_case("AzureServices")),
        None => Err(format!(
            "the bypass setting of registry {} is unknown",
            cx.rname
        )),
    }
}

/// Why an endpoint is not reachable from a VNet, most specific first.
enum Missing {
    Overlap(EndpointId, VnetId, PeeringId),
    Global(EndpointId, VnetId, PeeringId),
    OneSided(EndpointId, VnetId, PeeringId),
    Transitive(EndpointId, VnetId, VnetId),
    Nothing,
}

impl Missing {
    /// The endpoint the design meant, and its VNet.
    fn intended(&self) -> Option<(EndpointId, VnetId)> {
        match *self {
            Missing::Overlap(e, ve, _)
            | Missing::Global(e, ve, _)
            | Missing::OneSided(e, ve, _)
            | Missing::Transitive(e, ve, _) => Some((e, ve)),
            Missing::Nothing => None,
        }
    }
    fn rank(&self) -> u8 {
        match self {
            Missing::Overlap(..) => 0,
            Missing::Global(..) => 1,
            Missing::OneSided(..) => 2,
            Missing::Transitive(..) => 3,
            Missing::Nothing => 4,
        }
    }
}

enum Reach {
    Found(Served),
    Maybe(String, Vec<Related>),
    Missing(Missing),
}

fn vnet_name(cx: &Cx, v: VnetId) -> String {
    cx.ix.vnet(v).map_or("`?`".into(), |v| quoted(&v.name))
}

fn endpoint_name(cx: &Cx, e: EndpointId) -> String {
    cx.ix.endpoint(e).map_or("`?`".into(), |e| quoted(&e.name))
}

/// Whether an endpoint serves the registry: `groupIds` absent or containing `registry`.
fn serves(cx: &Cx, e: EndpointId) -> Option<bool> {
    let ep = cx.ix.endpoint(e)?;
    let mut any = Some(false);
    for c in &ep.connections {
        match c.target.get() {
            Some(t) if t.resolved() == Some(cx.r) => {}
            Some(_) => continue,
            None => {
                any = None;
                continue;
            }
        }
        match &c.group_ids {
            None => return if ep.meta.maybe { None } else { Some(true) },
            Some(g) => {
                if g.known_items()
                    .any(|(s, _)| s.eq_ignore_ascii_case("registry"))
                {
                    return if ep.meta.maybe { None } else { Some(true) };
                }
                if g.has_unknown() {
                    any = None;
                }
            }
        }
    }
    any
}

/// Address spaces overlap: `Some(true)` proven, `None` unknown.
fn overlap(a: &Vnet, b: &Vnet) -> Option<bool> {
    let pa = a.address_prefixes.as_ref()?;
    let pb = b.address_prefixes.as_ref()?;
    let mut out = Some(false);
    if pa.has_unknown() || pb.has_unknown() {
        out = None;
    }
    for (na, _) in pa.known_items() {
        for (nb, _) in pb.known_items() {
            if na.contains(&nb.network()) || nb.contains(&na.network()) {
                return Some(true);
            }
        }
    }
    out
}

/// Two VNets in different regions: `Some(true)` proven, `None` unknown. Two VNets that both
/// leave their region out are taken to share the deployment's.
fn cross_region(a: &Vnet, b: &Vnet) -> Option<bool> {
    match (&a.location, &b.location) {
        (None, None) => Some(false),
        (Some(x), Some(y)) => Some(region(x.get()?) != region(y.get()?)),
        _ => None,
    }
}

fn find(cx: &Cx, v: VnetId) -> Reach {
    let ix = cx.ix;
    let mut maybe: Option<(String, Vec<Related>)> = None;
    let mut missing = Missing::Nothing;
    let set_missing = |m: Missing, missing: &mut Missing| {
        if m.rank() < missing.rank() {
            *missing = m;
        }
    };
    let candidates = ix
        .endpoints_by_registry
        .get(&cx.r)
        .into_iter()
        .flatten()
        .chain(ix.endpoints_unknown_target.iter())
        .copied();
    let Some(vnet) = ix.vnet(v) else {
        return Reach::Maybe("the workload's VNet is unknown".into(), Vec::new());
    };
    for e in candidates {
        let Some(ep) = ix.endpoint(e) else { continue };
        let serves = serves(cx, e);
        if serves == Some(false) {
            continue;
        }
        let Some(ve) = ix.endpoint_vnet(e) else {
            if ep.subnet.as_ref().is_some_and(|s| s.get().is_none()) || ep.subnet.is_none() {
                maybe.get_or_insert((
                    format!("the subnet of endpoint {} is unknown", endpoint_name(cx, e)),
                    vec![related(ep.meta.loc, "the endpoint")],
                ));
            }
            continue;
        };
        let found = |endpoint_vnet| {
            if serves == Some(true) {
                Some(Served {
                    vnet: v,
                    endpoint: e,
                    endpoint_vnet,
                })
            } else {
                None
            }
        };
        let why_maybe = || {
            format!(
                "endpoint {} may not serve registry {} (its target, group ids or deployment condition are unknown)",
                endpoint_name(cx, e),
                cx.rname
            )
        };
        if ve == v {
            match found(ve) {
                Some(s) => return Reach::Found(s),
                None => {
                    maybe.get_or_insert((why_maybe(), vec![related(ep.meta.loc, "the endpoint")]));
                    continue;
                }
            }
        }
        let Some(evnet) = ix.vnet(ve) else { continue };
        if ix.bidirectional(v, ve) {
            let p = ix.peerings_between(v, ve)[0];
            match overlap(vnet, evnet) {
                Some(true) => {
                    set_missing(Missing::Overlap(e, ve, p), &mut missing);
                    continue;
                }
                None => {
                    maybe.get_or_insert((
                        format!(
                            "the address spaces of {} and {} are not all known, so the peering may be refused",
                            vnet_name(cx, v),
                            vnet_name(cx, ve)
                        ),
                        vec![related(vnet.meta.loc, "this VNet"), related(evnet.meta.loc, "the endpoint's VNet")],
                    ));
                    continue;
                }
                Some(false) => {}
            }
            if cx.kind == WorkloadKind::Aci {
                match cross_region(vnet, evnet) {
                    Some(true) => {
                        set_missing(Missing::Global(e, ve, p), &mut missing);
                        continue;
                    }
                    None => {
                        maybe.get_or_insert((
                            format!(
                                "the regions of {} and {} are not both known, and container groups cannot use global peering",
                                vnet_name(cx, v),
                                vnet_name(cx, ve)
                            ),
                            vec![related(vnet.meta.loc, "this VNet"), related(evnet.meta.loc, "the endpoint's VNet")],
                        ));
                        continue;
                    }
                    Some(false) => {}
                }
            }
            match found(ve) {
                Some(s) => return Reach::Found(s),
                None => {
                    maybe.get_or_insert((why_maybe(), vec![related(ep.meta.loc, "the endpoint")]));
                    continue;
                }
            }
        }
        let there = ix.peerings_between(v, ve);
        let back = ix.peerings_between(ve, v);
        if let Some(&p) = there.first().or(back.first()) {
            // The reverse may be a peering whose remote we cannot resolve.
            let other_side = if there.is_empty() { v } else { ve };
            if !ix.open_peerings(other_side).is_empty() {
                maybe.get_or_insert((
                    format!(
                        "the peering between {} and {} may lack its reverse: a peering of {} goes to an unknown VNet",
                        vnet_name(cx, v),
                        vnet_name(cx, ve),
                        vnet_name(cx, other_side)
                    ),
                    vec![related(cx.m.peerings[p.index()].meta.loc, "the peering")],
                ));
            } else {
                set_missing(Missing::OneSided(e, ve, p), &mut missing);
            }
            continue;
        }
        if let Some(&hub) = ix
            .neighbours(v)
            .iter()
            .find(|&&h| ix.bidirectional(v, h) && ix.bidirectional(h, ve))
        {
            set_missing(Missing::Transitive(e, ve, hub), &mut missing);
        }
    }
    if let Some(&p) = ix.open_peerings(v).first() {
        let pl = cx.m.peerings.get(p.index()).map(|p| p.meta.loc);
        maybe.get_or_insert((
            format!(
                "VNet {} is peered with a VNet outside the documents or unknown, which may hold an endpoint",
                vnet_name(cx, v)
            ),
            pl.map(|l| related(l, "the peering")).into_iter().collect(),
        ));
    }
    match (maybe, missing) {
        (Some((why, locs)), _) => Reach::Maybe(why, locs),
        (None, m) => Reach::Missing(m),
    }
}

pub fn endpoint(cx: &Cx, access: &Access, bypass: &Know<bool>) -> (Step, Vec<Served>) {
    let mut served = Vec::new();
    let mut step = Step::new(StepKind::Endpoint, Verdict::Ok, "");
    let restricted = &access.restricted;
    let outside = cx.m.incomplete.is_some() || cx.reg.meta.existing;

    if cx.vnets.is_empty() && cx.open_subnets.is_empty() {
        step.push_loc(cx.wl.meta.loc, "the workload");
        (step.verdict, step.reason) = match (restricted, cx.kind) {
            (Ok(false), _) => (
                Verdict::Skipped,
                format!("registry {} is reached over its public endpoint", cx.rname),
            ),
            (Ok(true), WorkloadKind::WebApp) => {
                step.rule = Some("app-no-vnet-integration");
                // `virtualNetworkSubnetId` is missing: on the site.
                step.at = Some(cx.wl.meta.loc);
                (
                    Verdict::Broken,
                    format!(
                        "{} has no VNet integration, so it cannot reach registry {} through a private endpoint",
                        cx.wname, cx.rname
                    ),
                )
            }
            (Ok(true), WorkloadKind::Aci) => match bypass {
                Ok(true) => (
                    Verdict::Ok,
                    format!(
                        "{} is in no VNet and reaches registry {} through the trusted-services bypass",
                        cx.wname, cx.rname
                    ),
                ),
                Ok(false) => (
                    Verdict::Broken,
                    format!(
                        "{} is in no VNet and cannot use the trusted-services bypass to reach registry {}",
                        cx.wname, cx.rname
                    ),
                ),
                Err(e) => (Verdict::Unknown, e.clone()),
            },
            (Ok(true), WorkloadKind::Aks) => (
                Verdict::Unknown,
                format!(
                    "{} names no node subnet: its VNet is created by AKS, outside the documents",
                    cx.wname
                ),
            ),
            (Err(e), _) => (Verdict::Unknown, e.clone()),
        };
        return (step, served);
    }

    let mut broken: Option<(VnetId, Missing)> = None;
    let mut unknown: Option<String> = None;
    let mut intended: Vec<Served> = Vec::new();
    for (why, loc) in &cx.open_subnets {
        step.push_loc(*loc, "the subnet reference");
        unknown.get_or_insert(format!("the VNet of {} is unknown: {why}", cx.wname));
    }
    for &(v, loc) in &cx.vnets {
        match find(cx, v) {
            Reach::Found(s) => {
                if let Some(ep) = cx.ix.endpoint(s.endpoint) {
                    step.push_loc(ep.meta.loc, "the private endpoint");
                }
                served.push(s);
            }
            Reach::Maybe(why, locs) => {
                step.push_loc(loc, "the workload's subnet");
                step = step.locs(locs);
                unknown.get_or_insert(why);
            }
            Reach::Missing(m) => {
                step.push_loc(loc, "the workload's subnet");
                if let Some((endpoint, endpoint_vnet)) = m.intended() {
                    intended.push(Served {
                        vnet: v,
                        endpoint,
                        endpoint_vnet,
                    });
                }
                if broken.as_ref().is_none_or(|(_, b)| m.rank() < b.rank()) {
                    broken = Some((v, m));
                }
            }
        }
    }

    let names: Vec<String> = served
        .iter()
        .map(|s| {
            format!(
                "endpoint {} in VNet {}",
                endpoint_name(cx, s.endpoint),
                vnet_name(cx, s.endpoint_vnet)
            )
        })
        .collect();
    match restricted {
        Ok(false) => {
            if served.is_empty() {
                step.verdict = Verdict::Skipped;
                step.reason = format!("registry {} is reached over its public endpoint", cx.rname);
            } else {
                step.reason = format!(
                    "registry {} is public, and {} serves {} privately",
                    cx.rname,
                    names.join(", "),
                    cx.wname
                );
            }
            return (step, served);
        }
        Ok(true) if cx.kind == WorkloadKind::Aci && broken.is_some() => match bypass {
            Ok(true) => {
                step.reason = format!(
                    "{} reaches registry {} through the trusted-services bypass",
                    cx.wname, cx.rname
                );
                return (step, served);
            }
            Err(e) => {
                step.verdict = Verdict::Unknown;
                step.reason = e.clone();
                return (step, served);
            }
            Ok(false) => {}
        },
        _ => {}
    }
    if let Some((v, m)) = broken {
        describe_missing(cx, &mut step, v, m, restricted, outside);
        served.extend(intended);
    } else if let Some(why) = unknown {
        step.verdict = Verdict::Unknown;
        step.reason = why;
    } else {
        step.reason = format!(
            "{} reaches registry {} through {}",
            cx.wname,
            cx.rname,
            names.join(", ")
        );
    }
    (step, served)
}

fn describe_missing(
    cx: &Cx,
    step: &mut Step,
    v: VnetId,
    m: Missing,
    restricted: &Know<bool>,
    outside: bool,
) {
    let vn = vnet_name(cx, v);
    let peering_loc = |p: PeeringId| cx.m.peerings.get(p.index()).map(|p| p.meta.loc);
    let ep_loc = |e: EndpointId| cx.ix.endpoint(e).map(|e| e.meta.loc);
    if let Some(vnet) = cx.ix.vnet(v) {
        step.push_loc(vnet.meta.loc, "the workload's VNet");
    }
    let mut extra: Vec<Related> = Vec::new();
    let mut add = |l: Option<crate::document::Location>, msg: &str| {
        if let Some(l) = l {
            extra.push(related(l, msg));
        }
    };
    let (rule, reason) = match m {
        Missing::Overlap(e, ve, p) => {
            add(ep_loc(e), "the endpoint");
            add(peering_loc(p), "the peering");
            (
                "peering-overlap",
                format!(
                    "endpoint {} is in VNet {}, whose address space overlaps {vn}'s, so their peering cannot carry traffic",
                    endpoint_name(cx, e),
                    vnet_name(cx, ve)
                ),
            )
        }
        Missing::Global(e, ve, p) => {
            add(ep_loc(e), "the endpoint");
            add(peering_loc(p), "the cross-region peering");
            (
                "aci-global-peering",
                format!(
                    "endpoint {} is in VNet {}, in another region than {vn}: container groups cannot use global peering",
                    endpoint_name(cx, e),
                    vnet_name(cx, ve)
                ),
            )
        }
        Missing::OneSided(e, ve, p) => {
            add(ep_loc(e), "the endpoint");
            add(peering_loc(p), "the peering without its reverse");
            (
                "peering-one-sided",
                format!(
                    "endpoint {} is in VNet {}, but the peering between {vn} and {} exists in one direction only",
                    endpoint_name(cx, e),
                    vnet_name(cx, ve),
                    vnet_name(cx, ve)
                ),
            )
        }
        Missing::Transitive(e, ve, hub) => {
            add(ep_loc(e), "the endpoint");
            add(cx.ix.vnet(hub).map(|h| h.meta.loc), "the VNet both are peered with");
            (
                "peering-transitive",
                format!(
                    "endpoint {} is in VNet {}, two peering hops away from {vn} through {}: peering is not transitive",
                    endpoint_name(cx, e),
                    vnet_name(cx, ve),
                    vnet_name(cx, hub)
                ),
            )
        }
        Missing::Nothing => (
            "pull-no-private-endpoint",
            format!(
                "no private endpoint for registry {} is in VNet {vn} or a VNet peered with it in both directions",
                cx.rname
            ),
        ),
    };
    for r in extra {
        step.push_loc(r.location, r.message);
    }
    // Where the endpoint sits may rest on a parameter's default.
    if let Missing::Overlap(e, ..)
    | Missing::Global(e, ..)
    | Missing::OneSided(e, ..)
    | Missing::Transitive(e, ..) = m
    {
        let via = cx
            .ix
            .endpoint(e)
            .and_then(|ep| ep.subnet.as_ref())
            .and_then(|f| f.via_param.clone());
        if let Some(p) = via.filter(|p| !step.params.contains(p)) {
            step.params.push(p);
        }
    }
    step.rule = Some(rule);
    step.reason = reason;
    step.verdict = Verdict::Broken;
    let nothing = rule == "pull-no-private-endpoint";
    // `defaultAction: Deny` with public access on still admits the subnets of service-endpoint
    // rules (AZURE-FACTS §1.5, §1.9); the rules name subnets as text, so say unknown.
    let pna_disabled = cx
        .reg
        .public_network_access
        .as_ref()
        .and_then(|f| f.get())
        .is_some_and(|v| v.eq_ignore_ascii_case("Disabled"));
    let service_rules = cx
        .reg
        .virtual_network_rules
        .as_ref()
        .is_some_and(|l| l.get().is_none_or(|items| !items.is_empty()));
    if nothing && !pna_disabled && service_rules {
        step.verdict = Verdict::Unknown;
        step.rule = None;
        step.reason = format!(
            "{}; the registry's service-endpoint rules may admit {}",
            step.reason, cx.wname
        );
        return;
    }
    if nothing && outside {
        // Endpoints may be declared outside the documents: said, but not as a failure.
        step.verdict = Verdict::Unknown;
        step.reason.push_str(if cx.reg.meta.existing {
            "; the registry is declared `existing`, so endpoints to it may exist outside the documents"
        } else {
            "; the documents refer to resources outside themselves, which may hold one"
        });
        if restricted.is_err() && !cx.reg.meta.existing {
            step.rule = None;
        }
    } else if let Err(e) = restricted {
        step.verdict = Verdict::Unknown;
        step.reason = format!("{}; it may not be needed: {e}", step.reason);
        step.rule = None;
    }
}

/// Usable IPv4 addresses of a subnet after Azure's 5 reserved per subnet; `None` if unknown or
/// not IPv4.
fn usable(cx: &Cx, s: SubnetId) -> Option<u64> {
    let sub = cx.ix.subnet(s)?;
    let prefixes = sub.prefixes.as_ref()?.all_known()?;
    let mut total = 0u64;
    for (p, _) in prefixes {
        let ipnet::IpNet::V4(p4) = p else { return None };
        total += (1u64 << (32 - u32::from(p4.prefix_len()))).saturating_sub(5);
    }
    Some(total)
}

fn subnet_name(cx: &Cx, s: SubnetId) -> String {
    match cx.ix.subnet(s) {
        Some(sub) => {
            let v = cx
                .ix
                .vnet(sub.vnet)
                .and_then(|v| v.name.get().cloned())
                .unwrap_or_else(|| "?".into());
            format!("`{v}/{}`", sub.name.label())
        }
        None => "`?`".into(),
    }
}

/// Step 6: the endpoint's subnet has an IP for the registry endpoint and one per registry
/// region, for every endpoint it holds (AZURE-FACTS §1.3, §4.1).
pub fn room(cx: &Cx, served: &[Served]) -> Step {
    let mut step = Step::new(
        StepKind::Room,
        Verdict::Skipped,
        "no private endpoint on the path",
    );
    let mut subnets: Vec<SubnetId> = Vec::new();
    for s in served {
        if let Some(sid) = cx
            .ix
            .endpoint(s.endpoint)
            .and_then(|e| e.subnet.as_ref())
            .and_then(|r| r.id())
        {
            if !subnets.contains(&sid) {
                subnets.push(sid);
            }
        }
    }
    let mut ok = Vec::new();
    for sid in subnets {
        let Some(sub) = cx.ix.subnet(sid) else {
            continue;
        };
        step.push_loc(sub.meta.loc, "the endpoint subnet");
        let mut need = 0u64;
        let mut at_least = false;
        for &e in cx.ix.endpoints_by_subnet.get(&sid).into_iter().flatten() {
            let Some(ep) = cx.ix.endpoint(e) else {
                continue;
            };
            for c in &ep.connections {
                need += match c.target.id().and_then(|r| cx.ix.registry(r)) {
                    Some(reg) => {
                        at_least |= reg.meta.existing;
                        2 + reg.replicas.len() as u64
                    }
                    None => 1,
                };
            }
        }
        let name = subnet_name(cx, sid);
        match usable(cx, sid) {
            None => {
                step.verdict = Verdict::Unknown;
                step.reason =
                    format!("the address prefixes of subnet {name} are unknown or not IPv4");
                return step;
            }
            Some(have) if need > have => {
                step.verdict = Verdict::Broken;
                step.rule = Some("acr-pe-subnet-capacity");
                step.at = Some(sub.meta.loc);
                step.reason = format!(
                    "subnet {name} has {have} usable addresses (after Azure's 5 reserved) but its endpoints need {}{need}",
                    if at_least { "at least " } else { "" }
                );
                if let Some(p) = &sub.prefixes {
                    step = step.params(p.via_param.clone());
                }
                return step;
            }
            Some(have) => {
                if at_least {
                    step.verdict = Verdict::Unknown;
                    step.reason = format!(
                        "subnet {name} has {have} usable addresses; its endpoints need at least {need}, but an `existing` registry's replicas are unknown"
                    );
                    return step;
                }
                ok.push(format!(
                    "{name} has {have} usable addresses for the {need} its endpoints need"
                ));
            }
        }
    }
    if !ok.is_empty() {
        step.verdict = Verdict::Ok;
        step.reason = format!("endpoint subnet {}", ok.join("; "));
    }
    step
}
