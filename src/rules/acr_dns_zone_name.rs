use crate::model::names::ACR_ZONE;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry private endpoint whose DNS zone group writes into a zone not named exactly
    /// `privatelink.azurecr.io`.
    ///
    /// ## Why it matters
    /// Clients resolve `<registry>.azurecr.io` through the public CNAME to
    /// `<registry>.privatelink.azurecr.io`; only a private zone with exactly that name overrides
    /// it. Records in any other zone are never consulted, so pulls go to the public endpoint
    /// (and fail when public access is disabled). There is no regional zone either: data
    /// endpoint records `<registry>.<region>.data` live in the same zone.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11): "name the zone **privatelink.azurecr.io**"; learn
    /// `private-link/private-endpoint-dns` (updated 2026-05-07); AZURE-FACTS §1.3, §2.3.
    ///
    /// ## Example
    /// ```json
    /// { "dnsZones": [ { "name": "privatelink.azurecr.com" } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///     "zoneGroups": [ { "zones": ["privatelink.azurecr.com"] } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Name the zone `privatelink.azurecr.io`.
    pub AcrDnsZoneName {
        id: "acr-dns-zone-name",
        severity: Error,
        summary: "A registry endpoint's zone group uses a zone not named privatelink.azurecr.io",
        fix: false,
    }
}

impl Check for AcrDnsZoneName {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for eid in m.endpoint_ids() {
            let e = m.endpoint(eid);
            let Some(rid) = e.connections.iter().find_map(|c| c.target.id()) else {
                continue;
            };
            let rname = m.registry(rid).name.label();
            for g in &e.zone_groups {
                for zref in &g.zones {
                    let Some(zid) = zref.id() else { continue };
                    let zone = m.zone(zid);
                    if zone.meta.existing {
                        continue;
                    }
                    let Some(zname) = zone.name.get() else {
                        continue;
                    };
                    if zname.trim_end_matches('.').eq_ignore_ascii_case(ACR_ZONE) {
                        continue;
                    }
                    let ename = e.name.label();
                    ctx.report(
                        zref.loc,
                        format!("private endpoint `{ename}` to registry `{rname}` writes its records into zone `{zname}`; registry names resolve only through a zone named exactly `{ACR_ZONE}`"),
                    )
                    .with_related_mut(zone.name.loc, format!("zone `{zname}` is declared here"))
                    .help = Some(format!("Name the zone `{ACR_ZONE}` (data-endpoint records `<registry>.<region>.data` go in the same zone)."));
                }
            }
        }
    }
}
