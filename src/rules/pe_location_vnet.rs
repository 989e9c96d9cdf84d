use crate::model::names::region;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint whose `location` differs from the location of its subnet's VNet
    /// (compared as regions: `West Europe` is `westeurope`). Either location unknown or absent
    /// keeps it quiet. The target registry may be in another region: that is allowed.
    ///
    /// ## Why it matters
    /// "The private endpoint must be deployed in the same region and subscription as the
    /// virtual network." Azure rejects the endpoint.
    ///
    /// ## Source
    /// azure-docs `articles/private-link/private-endpoint-overview.md` (ms.date 2023-08-02);
    /// AZURE-FACTS §2.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "hub", "region": "westeurope", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "pe", "addressPrefix": "10.0.1.0/24" } ] } ],
    ///   "privateEndpoints": [ { "name": "pe", "region": "northeurope", "subnet": "hub/pe",
    ///     "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Deploy the endpoint in its VNet's region (the registry itself may stay where it is).
    pub PeLocationVnet {
        id: "pe-location-vnet",
        severity: Error,
        summary: "A private endpoint's location differs from its VNet's",
        fix: false,
    }
}

impl Check for PeLocationVnet {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for e in &m.endpoints {
            let Some(eloc) = e.location.as_ref() else {
                continue;
            };
            let Some(el) = eloc.get() else { continue };
            let Some(sid) = e.subnet.as_ref().and_then(|s| s.id()) else {
                continue;
            };
            let v = m.vnet(m.subnet(sid).vnet);
            let Some(vloc) = v.location.as_ref() else {
                continue;
            };
            let Some(vl) = vloc.get() else { continue };
            if region(el) == region(vl) {
                continue;
            }
            let vname = v.name.label();
            let note = default_note(&[Some(eloc), Some(vloc)]);
            let d = ctx.report(
                eloc.loc,
                format!("private endpoint `{}` is in `{el}`, but its VNet `{vname}` is in `{vl}`: an endpoint must be in its VNet's region", e.name.label()),
            );
            d.with_related_mut(vloc.loc, format!("VNet `{vname}` is in `{vl}`"));
            let help =
                format!("Deploy the endpoint in `{vl}`; the registry may stay in another region.");
            d.help = Some(match note {
                Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                None => help,
            });
        }
    }
}
