use crate::diagnostic::Severity;
use crate::model::{names, Model, RegistryId, SubnetId, WorkloadId};
use crate::rules::{Check, RuleCtx};
use std::collections::BTreeSet;

crate::declare_rule! {
    /// ## What it checks
    /// A subnet holding registry private endpoints that has fewer free addresses than they need.
    /// An ACR endpoint takes one IP for the registry plus one data-endpoint IP per registry
    /// region (home and every geo-replica); Azure reserves 5 addresses in every subnet; every
    /// other endpoint and workload in the subnet takes at least one more. Also warns when the
    /// endpoint subnet of a geo-replicated registry is smaller than /27 (option
    /// `minPrefixGeoReplicated`, default 27: `"acr-pe-subnet-capacity": ["warning", {
    /// "minPrefixGeoReplicated": 26 }]` in `topolint.json` warns below a /26).
    ///
    /// ## Why it matters
    /// When a subnet runs out, the endpoint cannot be created, or adding a replica fails and
    /// "the entire operation rolls back ... The resulting error does not identify which subnet
    /// or VNet is exhausted."
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11), "Plan subnet IP capacity" ("Microsoft recommends using at minimum
    /// a `/27` ... subnet for PE subnets on geo-replicated registries"); "IP address planning
    /// for Azure virtual networks" (ms.date 2026-06-22) for the 5 reserved addresses;
    /// AZURE-FACTS §1.3, §4.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "hub", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "pe", "addressPrefix": "10.0.1.0/29" } ] } ],
    ///   "registries": [ { "name": "contosoacr", "sku": "Premium", "region": "westeurope",
    ///     "replicas": ["northeurope", "eastus"] } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Give the endpoints a larger subnet (/27 or more for geo-replicated registries, /24 where
    /// possible).
    pub AcrPeSubnetCapacity {
        id: "acr-pe-subnet-capacity",
        severity: Error,
        summary: "A private endpoint subnet has fewer free IPs than its registry endpoints need",
        fix: false,
    }
}

/// The fewest regions a registry can have, from what the document proves (home + distinct
/// replica regions); at least 1.
fn min_regions(m: &Model, r: RegistryId) -> (usize, Vec<String>) {
    let reg = m.registry(r);
    let mut regions = BTreeSet::new();
    if let Some(home) = reg.location.as_ref().and_then(|l| l.get()) {
        regions.insert(names::region(home));
    }
    for rep in &reg.replicas {
        if rep.meta.maybe {
            continue;
        }
        if let Some(l) = rep.location.get() {
            regions.insert(names::region(l));
        }
    }
    let list: Vec<String> = regions.into_iter().collect();
    (list.len().max(1), list)
}

impl Check for AcrPeSubnetCapacity {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let min_prefix = ctx.option("minPrefixGeoReplicated").unwrap_or(27);
        let mut subnets: Vec<SubnetId> = m
            .endpoint_ids()
            .filter_map(|e| m.endpoint(e).subnet.as_ref()?.id())
            .collect();
        subnets.sort();
        subnets.dedup();
        for sid in subnets {
            let s = m.subnet(sid);
            let Some(prefixes) = s.prefixes.as_ref().and_then(|p| p.all_known()) else {
                continue;
            };
            let v4: Vec<_> = prefixes
                .iter()
                .filter_map(|(n, l)| match n {
                    ipnet::IpNet::V4(n) => Some((*n, *l)),
                    ipnet::IpNet::V6(_) => None,
                })
                .collect();
            if v4.is_empty() || v4.len() != prefixes.len() {
                continue;
            }
            let capacity: u64 = v4
                .iter()
                .map(|(n, _)| (1u64 << (32 - n.prefix_len() as u32)).saturating_sub(5))
                .sum();
            let largest = v4.iter().map(|(n, _)| n.prefix_len()).min().unwrap_or(32);

            let mut needed = 0u64;
            let mut parts = Vec::new();
            let mut related = Vec::new();
            let mut georep: Option<String> = None;
            for eid in m.endpoint_ids() {
                let e = m.endpoint(eid);
                if e.meta.maybe || e.subnet.as_ref().and_then(|f| f.id()) != Some(sid) {
                    continue;
                }
                let ename = e.name.label();
                match e.connections.iter().find_map(|c| c.target.id()) {
                    Some(rid) => {
                        let (n, regions) = min_regions(m, rid);
                        let rname = m.registry(rid).name.label();
                        needed += 1 + n as u64;
                        if n > 1 {
                            georep = Some(rname.clone());
                        }
                        let which = if regions.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", regions.join(", "))
                        };
                        parts.push(format!(
                            "endpoint `{ename}` to `{rname}` takes {} (1 + {n} region{}{which})",
                            1 + n,
                            if n == 1 { "" } else { "s" }
                        ));
                        related.push((
                            e.meta.loc,
                            format!("endpoint `{ename}` takes {} addresses", 1 + n),
                        ));
                    }
                    None => {
                        needed += 1;
                        parts.push(format!("endpoint `{ename}` takes at least 1"));
                        related.push((
                            e.meta.loc,
                            format!("endpoint `{ename}` takes at least 1 address"),
                        ));
                    }
                }
            }
            let workloads: Vec<WorkloadId> = m
                .workload_ids()
                .filter(|&w| {
                    !m.workload(w).meta.maybe
                        && m.workload(w).subnets.iter().any(|f| f.id() == Some(sid))
                })
                .collect();
            for w in &workloads {
                needed += 1;
                let wl = m.workload(*w);
                parts.push(format!(
                    "{} `{}` takes at least 1",
                    wl.kind().label(),
                    wl.name.label()
                ));
            }
            let sname = format!("{}/{}", m.vnet(s.vnet).name.label(), s.name.label());
            let prefix_loc = s.prefixes.as_ref().map_or(s.meta.loc, |p| p.loc);
            let shown: Vec<String> = v4.iter().map(|(n, _)| n.to_string()).collect();
            if needed > capacity {
                let d = ctx.report(
                    prefix_loc,
                    format!(
                        "subnet `{sname}` ({}) has {capacity} usable addresses after Azure's 5 reserved per subnet, but needs at least {needed}: {}",
                        shown.join(", "),
                        parts.join("; ")
                    ),
                );
                for (l, msg) in related {
                    d.with_related_mut(l, msg);
                }
                d.help = Some("Use a larger subnet for the endpoints: /27 or more for geo-replicated registries, /24 where possible.".into());
            } else if let Some(rname) = georep.filter(|_| i64::from(largest) > min_prefix) {
                let d = ctx.report_as(
                    Severity::Warning,
                    prefix_loc,
                    format!(
                        "subnet `{sname}` ({}) holds an endpoint of geo-replicated registry `{rname}` and is smaller than /{min_prefix}: every new replica needs one more address in it, and when it runs out adding a replica fails and rolls back",
                        shown.join(", ")
                    ),
                );
                for (l, msg) in related {
                    d.with_related_mut(l, msg);
                }
                d.help = Some(if min_prefix == 27 {
                    "Microsoft recommends at least a /27 for endpoint subnets of geo-replicated registries.".into()
                } else {
                    format!("Use at least a /{min_prefix} (option `minPrefixGeoReplicated`); Microsoft recommends at least a /27 for endpoint subnets of geo-replicated registries.")
                });
            }
        }
    }
}
