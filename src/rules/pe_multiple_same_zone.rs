use crate::document::Location;
use crate::model::{EndpointId, ZoneId};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// Two private endpoints to the same registry whose DNS zone groups write into the same
    /// private DNS zone. Endpoints or zone groups whose deployment condition is unknown are not
    /// counted.
    ///
    /// ## Why it matters
    /// Both endpoints write the record `<registry>` (and the data records) into one zone: the
    /// records collide, and every VNet linked to the zone may resolve the registry to an
    /// endpoint it cannot reach. Microsoft recommends "a single private
    /// endpoint for a specified private-link resource" per DNS configuration, and for
    /// endpoints in several regions a separate zone per region.
    ///
    /// ## Source
    /// azure-docs `articles/private-link/private-endpoint-overview.md` (ms.date 2023-08-02);
    /// azure-management-docs `container-registry-private-endpoints.md` (ms.date 2026-02-11);
    /// AZURE-FACTS §8.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [
    ///     { "name": "pe-weu", "subnet": "weu/pe", "registry": "contosoacr",
    ///       "zoneGroups": [ { "zones": ["privatelink.azurecr.io"] } ] },
    ///     { "name": "pe-neu", "subnet": "neu/pe", "registry": "contosoacr",
    ///       "zoneGroups": [ { "zones": ["privatelink.azurecr.io"] } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Keep one endpoint per registry for VNets that share a zone (reach it through peering),
    /// or give each region its own resource group, VNet and zone.
    pub PeMultipleSameZone {
        id: "pe-multiple-same-zone",
        severity: Warning,
        summary: "Two endpoints to one registry write into the same DNS zone",
        fix: false,
    }
}

impl Check for PeMultipleSameZone {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for rid in m.registry_ids() {
            // Per zone, the endpoints writing into it with the place they say so.
            let mut by_zone: Vec<(ZoneId, Vec<(EndpointId, Location)>)> = Vec::new();
            for eid in m.endpoints_to(rid) {
                let e = m.endpoint(eid);
                if e.meta.maybe {
                    continue;
                }
                for g in e.zone_groups.iter().filter(|g| !g.meta.maybe) {
                    for zref in &g.zones {
                        let Some(z) = zref.id() else { continue };
                        match by_zone.iter_mut().find(|(x, _)| *x == z) {
                            Some((_, eps)) => {
                                if !eps.iter().any(|(x, _)| *x == eid) {
                                    eps.push((eid, zref.loc));
                                }
                            }
                            None => by_zone.push((z, vec![(eid, zref.loc)])),
                        }
                    }
                }
            }
            for (z, eps) in by_zone {
                let [(first, _), (_, at), ..] = eps[..] else {
                    continue;
                };
                let zname = m.zone(z).name.label();
                let rname = m.registry(rid).name.label();
                let names: Vec<String> = eps
                    .iter()
                    .map(|(e, _)| format!("`{}`", m.endpoint(*e).name.label()))
                    .collect();
                let who = if names.len() == 2 {
                    format!("private endpoints {} and {}", names[0], names[1])
                } else {
                    format!("{} private endpoints ({})", names.len(), names.join(", "))
                };
                let d = ctx.report(
                    at,
                    format!("{who} to registry `{rname}` write into zone `{zname}`: their records for the registry collide, so VNets linked to the zone may resolve it to an endpoint they cannot reach"),
                );
                d.with_related_mut(
                    m.endpoint(first).meta.loc,
                    format!(
                        "endpoint `{}` writes into the same zone",
                        m.endpoint(first).name.label()
                    ),
                );
                d.help = Some("Use one endpoint per registry for VNets that share a zone, or a separate zone (and resource group) per region.".into());
            }
        }
    }
}
