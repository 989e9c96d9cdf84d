use crate::analysis::{StepKind, Verdict};
use crate::document::Location;
use crate::model::names::region;
use crate::model::{EndpointId, Workload};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// One private endpoint of a geo-replicated registry serves workloads in several regions
    /// (their pull paths reach the registry through that endpoint). Regions that are unknown
    /// are not counted. This is a caveat, not an error.
    ///
    /// ## Why it matters
    /// Through a private endpoint the registry's name resolves to the endpoint, and Azure, not
    /// the client, picks the replica ("You don't control which geo-replica handles a specific
    /// request"; requests go to the replica with the best network performance profile). When
    /// every region's clients come through one endpoint, replica choice reflects that
    /// endpoint's path rather than the client's region, so spokes far from it may not pull
    /// from their nearest replica. Microsoft's documents do not state the hub-spoke case; it
    /// follows from the routing above.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-geo-replication.md`
    /// (ms.date 2026-08-13) and `container-registry-dedicated-data-endpoints.md` (ms.date
    /// 2026-06-15); AZURE-FACTS §8 (derived; the seed's hub-spoke caveat has no current source).
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "region": "westeurope",
    ///     "replicas": ["eastus"] } ],
    ///   "workloads": [ { "name": "aks-weu", "kind": "aks", "region": "westeurope", "pullsFrom": ["contosoacr"] },
    ///                  { "name": "aks-eus", "kind": "aks", "region": "eastus", "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Nothing is broken. For regional pulls, give each region its own endpoint (in its own
    /// VNet and zone), or pin clients with regional endpoints when they reach stable ARM.
    pub GeorepReplicaRouting {
        id: "georep-replica-routing",
        severity: Info,
        summary: "Clients in several regions pull through one endpoint of a geo-replicated registry",
        fix: false,
    }
}

/// A workload pulling through an endpoint: its region, name and pull.
type User = (String, String, Location);

fn workload_region(m: &crate::model::Model, w: &Workload) -> Option<(String, Location)> {
    if let Some(f) = &w.location {
        return f.get().map(|r| (region(r), f.loc));
    }
    let sid = w.subnets.iter().find_map(|s| s.id())?;
    let f = m.vnet(m.subnet(sid).vnet).location.as_ref()?;
    f.get().map(|r| (region(r), f.loc))
}

impl Check for GeorepReplicaRouting {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        // (endpoint, [(region, workload name, pull)])
        let mut by_ep: Vec<(EndpointId, Vec<User>)> = Vec::new();
        for p in ctx.paths {
            let r = m.registry(p.registry);
            if r.meta.existing || !r.replicas.iter().any(|x| x.location.get().is_some()) {
                continue;
            }
            let Some(step) = p.step(StepKind::Endpoint) else {
                continue;
            };
            if step.verdict != Verdict::Ok {
                continue;
            }
            let eps: Vec<EndpointId> = m
                .endpoints_to(p.registry)
                .filter(|&e| {
                    step.locations
                        .iter()
                        .any(|l| l.location == m.endpoint(e).meta.loc)
                })
                .collect();
            let [e] = eps[..] else { continue };
            let w = m.workload(p.workload);
            let Some((reg, _)) = workload_region(m, w) else {
                continue;
            };
            let entry = match by_ep.iter_mut().find(|(x, _)| *x == e) {
                Some(x) => x,
                None => {
                    by_ep.push((e, Vec::new()));
                    let Some(last) = by_ep.last_mut() else {
                        continue;
                    };
                    last
                }
            };
            entry.1.push((reg, w.name.label(), p.pull_loc));
        }
        for (e, users) in by_ep {
            let mut regions: Vec<&str> = users.iter().map(|(r, _, _)| r.as_str()).collect();
            regions.sort_unstable();
            regions.dedup();
            if regions.len() < 2 {
                continue;
            }
            let ep = m.endpoint(e);
            let Some(rid) = ep.connections.iter().find_map(|c| c.target.id()) else {
                continue;
            };
            let rname = m.registry(rid).name.label();
            let list = regions
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let d = ctx.report(
                ep.meta.loc,
                format!("private endpoint `{}` of geo-replicated registry `{rname}` serves workloads in {list}: Azure picks the replica from the endpoint's path, not the client's region, so some workloads may not pull from their nearest replica", ep.name.label()),
            );
            for (reg, wname, at) in &users {
                d.with_related_mut(*at, format!("`{wname}` in `{reg}` pulls through it"));
            }
            d.help = Some("Nothing is broken. For regional pulls, give each region its own endpoint, VNet and zone.".into());
        }
    }
}
