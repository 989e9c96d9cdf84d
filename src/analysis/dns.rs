//! Step 5: the workload's VNet resolves the registry to its endpoint: a zone named exactly
//! `privatelink.azurecr.io` linked to that VNet (links are not shared over peering), holding
//! the registry's records (DOMAIN.md §1 step 5; AZURE-FACTS §1.3, §2.4, §3.1, §5.2).

use super::path::{quoted, related, Cx};
use super::reach::{Access, Served};
use super::{Step, StepKind, Verdict};
use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::names::ACR_ZONE;
use crate::model::{VnetId, WorkloadProps, ZoneId};

enum Records {
    /// Written by a zone group of this endpoint.
    Group(Location, String),
    Manual,
    Missing(Vec<String>),
    Maybe(String),
}

/// Does zone `z` hold the registry's records?
fn records(cx: &Cx, z: ZoneId) -> Records {
    let mut maybe = None;
    for &e in cx.ix.endpoints_by_registry.get(&cx.r).into_iter().flatten() {
        let Some(ep) = cx.ix.endpoint(e) else {
            continue;
        };
        for g in &ep.zone_groups {
            for zr in &g.zones {
                match zr.get() {
                    Some(t) if t.resolved() == Some(z) => {
                        return Records::Group(g.meta.loc, quoted(&ep.name));
                    }
                    Some(_) => {}
                    None => {
                        maybe = Some(format!(
                            "a zone of endpoint {}'s zone group is unknown",
                            quoted(&ep.name)
                        ))
                    }
                }
            }
        }
    }
    let Some(zone) = cx.ix.zone(z) else {
        return Records::Maybe("the zone is unknown".into());
    };
    let Some(name) = cx.reg.name.get() else {
        return Records::Maybe(format!("the name of registry {} is unknown", cx.rname));
    };
    let name = name.to_ascii_lowercase();
    let mut needed = vec![name.clone()];
    if !cx.reg.meta.existing {
        let regions = cx
            .reg
            .location
            .iter()
            .chain(cx.reg.replicas.iter().map(|r| &r.location));
        for f in regions {
            if let Some(r) = f.get() {
                needed.push(format!("{name}.{}.data", crate::model::names::region(r)));
            }
        }
    }
    let mut unknown_record = false;
    let have: Vec<String> = zone
        .records
        .iter()
        .filter_map(|r| {
            let n = r
                .name
                .get()
                .map(|n| n.trim_end_matches('.').to_ascii_lowercase());
            unknown_record |= n.is_none();
            n
        })
        .collect();
    let missing: Vec<String> = needed.into_iter().filter(|n| !have.contains(n)).collect();
    if missing.is_empty() {
        Records::Manual
    } else if let Some(m) = maybe {
        Records::Maybe(m)
    } else if unknown_record {
        Records::Maybe(format!("a record name in zone `{ACR_ZONE}` is unknown"))
    } else {
        Records::Missing(missing)
    }
}

struct Finding {
    verdict: Verdict,
    rule: Option<&'static str>,
    reason: String,
    at: Option<Location>,
    locs: Vec<Related>,
    /// Parameters whose default values the finding rests on.
    params: Vec<String>,
}

fn vnet_dns(cx: &Cx, v: VnetId, s: &Served) -> Finding {
    let ix = cx.ix;
    let vn = ix.vnet(v).map_or("`?`".into(), |x| quoted(&x.name));
    let vloc = ix.vnet(v).map(|x| x.meta.loc);
    let mut locs: Vec<Related> = vloc
        .map(|l| related(l, "the workload's VNet"))
        .into_iter()
        .collect();
    let finding = |verdict, rule, reason: String, at, locs| Finding {
        verdict,
        rule,
        reason,
        at,
        locs,
        params: Vec::new(),
    };

    // Which resolver the workload uses.
    if let WorkloadProps::Aci(p) = &cx.wl.props {
        // Container groups ignore the VNet's DNS servers (AZURE-FACTS §5.2).
        if let Some(l) = p.dns_config {
            locs.push(related(l, "the container group's DNS config"));
            return finding(
                Verdict::Unknown,
                None,
                format!("{} uses its own name servers (`dnsConfig`): whether they resolve `{ACR_ZONE}` cannot be checked", cx.wname),
                None,
                locs,
            );
        }
    } else if let Some(list) = ix.vnet(v).and_then(|x| x.dns_servers.as_ref()) {
        match list.get() {
            Some(items) if items.is_empty() => {}
            Some(_) => {
                locs.push(related(list.loc, "custom DNS servers"));
                let mut f = finding(
                    Verdict::Unknown,
                    Some("dns-custom-server"),
                    format!("VNet {vn} uses custom DNS servers: whether they forward `{ACR_ZONE}` to Azure DNS cannot be checked"),
                    Some(list.loc),
                    locs,
                );
                f.params.extend(list.via_param.clone());
                return f;
            }
            None => {
                locs.push(related(list.loc, "DNS servers"));
                return finding(
                    Verdict::Unknown,
                    None,
                    format!("whether VNet {vn} uses custom DNS servers is unknown"),
                    None,
                    locs,
                );
            }
        }
    }

    let mut maybe: Option<String> = None;
    let mut linked_without_records: Option<(ZoneId, Location, Vec<String>)> = None;
    for &(z, li) in ix.links_by_vnet.get(&v).into_iter().flatten() {
        let Some(zone) = ix.zone(z) else { continue };
        let Some(link) = zone.links.get(li) else {
            continue;
        };
        if ix.maybe_acr_zones.contains(&z) {
            maybe.get_or_insert(format!(
                "VNet {vn} is linked to a zone whose name is unknown"
            ));
            continue;
        }
        if link.meta.maybe || zone.meta.maybe {
            maybe.get_or_insert(format!(
                "the link of zone `{ACR_ZONE}` to VNet {vn} may not be deployed"
            ));
            continue;
        }
        locs.push(related(link.meta.loc, "the zone link"));
        match records(cx, z) {
            Records::Group(gloc, ep) => {
                locs.push(related(gloc, "the zone group"));
                return finding(
                    Verdict::Ok,
                    None,
                    format!("VNet {vn} is linked to zone `{ACR_ZONE}`, where endpoint {ep}'s zone group writes registry {}'s records", cx.rname),
                    None,
                    locs,
                );
            }
            Records::Manual => {
                return finding(
                    Verdict::Ok,
                    None,
                    format!("VNet {vn} is linked to zone `{ACR_ZONE}`, which holds registry {}'s records", cx.rname),
                    None,
                    locs,
                );
            }
            Records::Maybe(why) => {
                maybe.get_or_insert(why);
            }
            Records::Missing(m) => {
                linked_without_records.get_or_insert((z, zone.meta.loc, m));
            }
        }
    }
    if maybe.is_none() {
        if let Some(&z) = ix.zones_with_open_links.first() {
            maybe = Some(format!(
                "zone {} has a link to an unknown VNet, which may be {vn}",
                ix.zone(z).map_or("`?`".into(), |z| quoted(&z.name))
            ));
        }
    }
    if let Some(why) = maybe {
        return finding(Verdict::Unknown, None, why, None, locs);
    }
    if let Some((_, zloc, missing)) = linked_without_records {
        locs.push(related(zloc, "the zone"));
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return finding(
            Verdict::Broken,
            Some("acr-dns-records-missing"),
            format!("zone `{ACR_ZONE}` is linked to VNet {vn} but no endpoint zone group writes into it and it lacks the A records {list} of registry {}", cx.rname),
            Some(zloc),
            locs,
        );
    }
    if let Some(inc) = &cx.m.incomplete {
        return finding(
            Verdict::Unknown,
            None,
            format!("no zone `{ACR_ZONE}` in the documents is linked to VNet {vn}, but a link may be declared outside them: {}", inc.reason),
            None,
            locs,
        );
    }

    // Not linked: say where the zone is, and whether it is linked to a peered VNet instead.
    let zone_for_r = |z: &ZoneId| matches!(records(cx, *z), Records::Group(..) | Records::Manual);
    let best_zone = ix
        .acr_zones
        .iter()
        .find(|z| zone_for_r(z))
        .or(ix.acr_zones.first())
        .copied();
    let ep = ix.endpoint(s.endpoint);
    for &p in ix.neighbours(v) {
        for &(z, li) in ix.links_by_vnet.get(&p).into_iter().flatten() {
            if !ix.acr_zones.contains(&z) {
                continue;
            }
            let Some(zone) = ix.zone(z) else { continue };
            let pn = ix.vnet(p).map_or("`?`".into(), |x| quoted(&x.name));
            if let Some(link) = zone.links.get(li) {
                locs.push(related(
                    link.meta.loc,
                    format!("the zone is linked to {pn} only"),
                ));
            }
            for &pid in ix
                .peerings_between(v, p)
                .iter()
                .chain(ix.peerings_between(p, v))
                .take(1)
            {
                if let Some(peer) = cx.m.peerings.get(pid.index()) {
                    locs.push(related(
                        peer.meta.loc,
                        "the peering, which does not share zone links",
                    ));
                }
            }
            return finding(
                Verdict::Broken,
                Some("dns-peering-no-link"),
                format!("zone `{ACR_ZONE}` is linked to VNet {pn} but not to {vn}, which is peered with it: peering does not share zone links, so {} resolves registry {} to its public address", cx.wname, cx.rname),
                Some(zone.meta.loc),
                locs,
            );
        }
    }
    match best_zone.and_then(|z| ix.zone(z)) {
        Some(zone) => {
            if let Some(e) = ep {
                locs.push(related(e.meta.loc, "the private endpoint"));
            }
            finding(
                Verdict::Broken,
                Some("dns-link-missing"),
                format!("zone `{ACR_ZONE}` is not linked to VNet {vn}, so {} resolves registry {} to its public address, not to the private endpoint", cx.wname, cx.rname),
                Some(zone.meta.loc),
                locs,
            )
        }
        None => finding(
            Verdict::Broken,
            Some("dns-link-missing"),
            format!("no private DNS zone `{ACR_ZONE}` is linked to VNet {vn}, so {} resolves registry {} to its public address, not to endpoint {}", cx.wname, cx.rname, ep.map_or("`?`".into(), |e| quoted(&e.name))),
            ep.map(|e| e.meta.loc),
            locs,
        ),
    }
}

pub fn dns(cx: &Cx, access: &Access, served: &[Served]) -> Step {
    if served.is_empty() {
        let reason = match access.restricted {
            Ok(false) => format!("registry {} resolves to its public address", cx.rname),
            _ => "no private endpoint on the path to resolve to".to_string(),
        };
        return Step::new(StepKind::Dns, Verdict::Skipped, reason);
    }
    let mut worst: Option<Finding> = None;
    let mut seen: Vec<VnetId> = Vec::new();
    for s in served {
        if seen.contains(&s.vnet) {
            continue;
        }
        seen.push(s.vnet);
        let f = vnet_dns(cx, s.vnet, s);
        let rank = |v: Verdict| match v {
            Verdict::Broken => 0,
            Verdict::Unknown => 1,
            _ => 2,
        };
        if worst
            .as_ref()
            .is_none_or(|w| rank(f.verdict) < rank(w.verdict))
        {
            worst = Some(f);
        }
    }
    let Some(f) = worst else {
        return Step::new(
            StepKind::Dns,
            Verdict::Skipped,
            "no private endpoint on the path",
        );
    };
    let mut step = Step::new(StepKind::Dns, f.verdict, f.reason)
        .locs(f.locs)
        .params(f.params);
    step.rule = f.rule;
    step.at = f.at;
    step
}
