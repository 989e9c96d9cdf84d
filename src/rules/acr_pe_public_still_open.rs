use crate::model::OptFieldExt;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry that has a private endpoint but still accepts public traffic:
    /// `publicNetworkAccess` absent or `Enabled` and `networkRuleSet.defaultAction` absent or
    /// `Allow`. Registries declared `existing`, endpoints whose deployment condition is
    /// unknown, and registries whose SKU is known not to be Premium (`acr-pe-requires-premium`
    /// reports those) are left alone.
    ///
    /// ## Why it matters
    /// "Private endpoints provide a privately accessible IP address for the Azure service, but
    /// do not necessarily restrict public network access to it." The registry stays reachable
    /// from the internet, and a client that resolves the public name (an unlinked VNet, a
    /// wrong zone) silently pulls over the internet instead of failing.
    ///
    /// ## Source
    /// azure-docs `articles/private-link/private-endpoint-overview.md` (ms.date 2023-08-02);
    /// swagger `RegistryProperties` 2025-11-01 (`publicNetworkAccess` default `Enabled`);
    /// AZURE-FACTS §1.5, §2.1.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium" } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `publicNetworkAccess: 'Disabled'` once every client comes through an endpoint (or
    /// `networkRuleSet.defaultAction: 'Deny'` with the IP rules that must stay open).
    pub AcrPePublicStillOpen {
        id: "acr-pe-public-still-open",
        severity: Warning,
        summary: "A registry with a private endpoint still accepts public traffic",
        fix: false,
    }
}

impl Check for AcrPePublicStillOpen {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for rid in m.registry_ids() {
            let r = m.registry(rid);
            if r.meta.existing {
                continue;
            }
            if r.sku
                .as_ref()
                .and_then(|s| s.get())
                .is_some_and(|s| !s.eq_ignore_ascii_case("Premium"))
            {
                continue;
            }
            let Some(eid) = m.endpoints_to(rid).find(|&e| !m.endpoint(e).meta.maybe) else {
                continue;
            };
            let enabled = "Enabled".to_string();
            let allow = "Allow".to_string();
            let Some(pna) = r.public_network_access.or_default_val(&enabled) else {
                continue;
            };
            let Some(da) = r.default_action.or_default_val(&allow) else {
                continue;
            };
            if !pna.eq_ignore_ascii_case("Enabled") || !da.eq_ignore_ascii_case("Allow") {
                continue;
            }
            let rname = r.name.label();
            let e = m.endpoint(eid);
            let at = r
                .public_network_access
                .as_ref()
                .map_or(r.meta.loc, |f| f.loc);
            let how = match &r.public_network_access {
                Some(_) => "`publicNetworkAccess` is `Enabled`",
                None => "`publicNetworkAccess` is not set (default `Enabled`)",
            };
            let note = default_note(&[r.public_network_access.as_ref(), r.default_action.as_ref()]);
            let d = ctx.report(
                at,
                format!("registry `{rname}` has private endpoint `{}`, but {how}: the registry still accepts traffic from the internet", e.name.label()),
            );
            d.with_related_mut(e.meta.loc, "the private endpoint");
            if let Some(f) = &r.default_action {
                d.with_related_mut(f.loc, "the network rules allow by default");
            }
            let help = "Set `publicNetworkAccess` to `Disabled` once every client comes through a private endpoint (or `networkRuleSet.defaultAction` to `Deny` with the IP rules that must stay open).";
            d.help = Some(match note {
                Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                None => help.into(),
            });
        }
    }
}
