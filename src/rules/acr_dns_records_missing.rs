use crate::analysis::{StepKind, Verdict};
use crate::diagnostic::Severity;
use crate::model::names::{region, ACR_ZONE};
use crate::model::{Model, RegistryId, ZoneId};
use crate::rules::pull_step::report_steps;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// No private DNS zone group writes a registry's records, and the `privatelink.azurecr.io`
    /// zone lacks one of the A records the registry needs: `<registry>` and
    /// `<registry>.<region>.data` for the home region and every replica region. It is reported
    /// on a workload's pull path (the zone linked to the workload's VNet lacks the records), and
    /// for registries no workload of the documents pulls from when the documents hold exactly
    /// one `privatelink.azurecr.io` zone, linked to a VNet, and no endpoint of the registry has
    /// a zone group. Record names that are unknown, or documents that refer to resources
    /// outside themselves, keep it quiet.
    ///
    /// ## Why it matters
    /// Without a zone group, nobody writes the endpoint's records: "If you don't configure all
    /// records, the registry might be unreachable", and "If you later add a new replica, you
    /// need to manually add a new DNS record for the data endpoint in that region". A missing
    /// `<registry>` record breaks the login; a missing data record breaks layer downloads from
    /// that region.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11), "Manually configure DNS records"; AZURE-FACTS §1.3, §2.4, §8.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "region": "westeurope" } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "apps/pe", "registry": "contosoacr" } ],
    ///   "dnsZones": [ { "name": "privatelink.azurecr.io", "links": [ { "vnet": "apps" } ],
    ///     "records": [ { "name": "contosoacr", "ipv4": ["10.1.4.4"] } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Give the endpoint a `privateDnsZoneGroups` child pointing at `privatelink.azurecr.io`
    /// (Azure then writes and updates every record), or add the missing A records by hand.
    pub AcrDnsRecordsMissing {
        id: "acr-dns-records-missing",
        severity: Error,
        summary: "No zone group, and the privatelink.azurecr.io zone lacks records the registry needs",
        fix: false,
    }
}

const HELP: &str = "Add a `privateDnsZoneGroups` child to the endpoint pointing at zone `privatelink.azurecr.io` (Azure then writes every record, including those of future replicas), or add the missing A records by hand";

/// The records registry `rid` needs that zone `z` lacks; `None` when that cannot be known.
fn missing(m: &Model, rid: RegistryId, z: ZoneId) -> Option<Vec<String>> {
    let r = m.registry(rid);
    let name = r.name.get()?.to_ascii_lowercase();
    let mut needed = vec![name.clone()];
    if !r.meta.existing {
        for f in r
            .location
            .iter()
            .chain(r.replicas.iter().map(|x| &x.location))
        {
            if let Some(reg) = f.get() {
                let rec = format!("{name}.{}.data", region(reg));
                if !needed.contains(&rec) {
                    needed.push(rec);
                }
            }
        }
    }
    let mut have = Vec::new();
    for rec in &m.zone(z).records {
        have.push(rec.name.get()?.trim_end_matches('.').to_ascii_lowercase());
    }
    Some(needed.into_iter().filter(|n| !have.contains(n)).collect())
}

impl Check for AcrDnsRecordsMissing {
    fn run(ctx: &mut RuleCtx) {
        let id = AcrDnsRecordsMissing::META.id;
        report_steps(
            ctx,
            id,
            StepKind::Dns,
            |_, s| (s.verdict == Verdict::Broken).then_some(Severity::Error),
            |_, _| HELP.into(),
        );

        // Registries no pull path checks: only when the one ACR zone of the documents is
        // certainly theirs to resolve.
        let m = ctx.model;
        if m.incomplete.is_some() {
            return;
        }
        let acr_zones: Vec<ZoneId> = m
            .zone_ids()
            .filter(|&z| {
                m.zone(z)
                    .name
                    .get()
                    .is_none_or(|n| n.trim_end_matches('.').eq_ignore_ascii_case(ACR_ZONE))
            })
            .collect();
        let [z] = acr_zones[..] else { return };
        let zone = m.zone(z);
        if zone.meta.existing || zone.meta.maybe || zone.name.get().is_none() {
            return;
        }
        let Some(link) = zone
            .links
            .iter()
            .find(|l| !l.meta.maybe && l.vnet.id().is_some())
        else {
            return;
        };
        for rid in m.registry_ids() {
            let on_path = ctx.paths.iter().any(|p| {
                p.registry == rid
                    && p.step(StepKind::Dns)
                        .is_some_and(|s| s.verdict != Verdict::Skipped)
            });
            if on_path {
                continue;
            }
            let eps: Vec<_> = m.endpoints_to(rid).collect();
            let Some(&first) = eps.iter().find(|&&e| !m.endpoint(e).meta.maybe) else {
                continue;
            };
            if eps.iter().any(|&e| !m.endpoint(e).zone_groups.is_empty()) {
                continue;
            }
            let Some(miss) = missing(m, rid, z) else {
                continue;
            };
            if miss.is_empty() {
                continue;
            }
            let list = miss
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let rname = m.registry(rid).name.label();
            let e = m.endpoint(first);
            let d = ctx.report(
                zone.meta.loc,
                format!("no zone group writes the records of registry `{rname}`, and zone `{ACR_ZONE}` lacks its A records {list}: VNets linked to the zone cannot resolve the registry to private endpoint `{}`", e.name.label()),
            );
            d.with_related_mut(e.meta.loc, "the private endpoint, without a zone group");
            d.with_related_mut(link.meta.loc, "the zone is linked here");
            d.help = Some(format!("{HELP}."));
        }
    }
}
