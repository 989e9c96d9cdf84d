use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint with more than one `privateDnsZoneGroups` child, or a zone group with
    /// more than five `privateDnsZoneConfigs`. Zone groups whose deployment condition is
    /// unknown are not counted.
    ///
    /// ## Why it matters
    /// Azure allows one DNS zone group per private endpoint and five DNS zones per group; the
    /// extra group or zone is refused and the deployment fails.
    ///
    /// ## Source
    /// azure-docs `includes/private-link-limits.md` ("Number of private DNS zone groups that can
    /// be linked to a private endpoint | 1"; "Number of DNS zones in each group | 5"); Azure
    /// Verified Modules private-endpoint README; AZURE-FACTS §2.4.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///     "zoneGroups": [ { "zones": ["privatelink.azurecr.io"] },
    ///                     { "zones": ["privatelink.azurecr.io"] } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Keep one zone group per endpoint, with at most five zones (a registry endpoint needs
    /// only `privatelink.azurecr.io`).
    pub PeZonegroupLimits {
        id: "pe-zonegroup-limits",
        severity: Error,
        summary: "More than one zone group on an endpoint, or more than five zones in one",
        fix: false,
    }
}

const MAX_ZONES: usize = 5;

impl Check for PeZonegroupLimits {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for e in &m.endpoints {
            let ename = e.name.label();
            let groups: Vec<_> = e.zone_groups.iter().filter(|g| !g.meta.maybe).collect();
            if let [first, rest @ ..] = &groups[..] {
                for g in rest {
                    let d = ctx.report(
                        g.meta.loc,
                        format!("private endpoint `{ename}` has {} DNS zone groups; Azure allows one per endpoint", groups.len()),
                    );
                    d.with_related_mut(first.meta.loc, "the first zone group");
                    d.help = Some("Merge the zone groups into one (up to five zones).".into());
                }
            }
            for g in &groups {
                if g.zones.len() <= MAX_ZONES {
                    continue;
                }
                let d = ctx.report(
                    g.meta.loc,
                    format!("a DNS zone group of private endpoint `{ename}` lists {} zones; Azure allows at most {MAX_ZONES} per group", g.zones.len()),
                );
                if let Some(z) = g.zones.get(MAX_ZONES) {
                    d.with_related_mut(z.loc, format!("zone {} is over the limit", MAX_ZONES + 1));
                }
                d.help = Some(format!("Keep at most {MAX_ZONES} zones in the group."));
            }
        }
    }
}
