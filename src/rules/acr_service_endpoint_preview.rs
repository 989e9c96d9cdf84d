use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry with VNet service-endpoint rules (`networkRuleSet.virtualNetworkRules`, or a
    /// topology `virtualNetworkRules` list) that are not empty. Registries declared `existing`
    /// are not checked.
    ///
    /// ## Why it matters
    /// Registry access through service endpoints is a preview feature: `virtualNetworkRules`
    /// is absent from every stable API version since 2021-09-01, it cannot be configured in
    /// the portal, "only an AKS cluster or Azure virtual machine can be used as a host" (not
    /// Container Instances), trusted services do not apply, and it cannot be combined with
    /// private endpoints. Microsoft recommends private endpoints instead.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-vnet.md` (ms.date
    /// 2023-10-31); Azure/bicep-types-az `containerregistry` scan (snapshot 2026-08-20);
    /// AZURE-FACTS §1.5, §1.9.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium",
    ///     "virtualNetworkRules": ["apps/nodes"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Replace the VNet rules with a private endpoint (`groupIds: ['registry']`) and the
    /// `privatelink.azurecr.io` zone linked to the client VNets.
    pub AcrServiceEndpointPreview {
        id: "acr-service-endpoint-preview",
        severity: Warning,
        summary: "The registry relies on VNet service-endpoint rules (a preview feature)",
        fix: false,
    }
}

impl Check for AcrServiceEndpointPreview {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for r in &m.registries {
            if r.meta.existing {
                continue;
            }
            let Some(rules) = r.virtual_network_rules.as_ref() else {
                continue;
            };
            let Some(items) = rules.get() else { continue };
            if items.is_empty() {
                continue;
            }
            let rname = r.name.label();
            let help = "Use a private endpoint instead: service-endpoint access to registries is in preview, absent from stable API versions, limited to AKS and VMs, and excludes private endpoints on the same registry.";
            let d = ctx.report(
                rules.loc,
                format!(
                    "registry `{rname}` admits {} VNet service-endpoint rule{}: registry service endpoints are a preview feature",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                ),
            );
            d.help = Some(match default_note(&[Some(rules)]) {
                Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                None => help.into(),
            });
        }
    }
}
