use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry with `publicNetworkAccess: Disabled` whose SKU is Basic or Standard.
    /// Registries declared `existing` are not checked.
    ///
    /// ## Why it matters
    /// Azure refuses the deployment with `DisablingPublicNetworkAccessNotSupported`:
    /// "Disabling public network access is not supported for the SKU Basic" (the same for
    /// Standard). Network restrictions are a Premium feature.
    ///
    /// ## Source
    /// Azure-Samples/dotNET-Frontend-AB-Testing-on-Azure-Container-Apps issue #5 (2022) and
    /// hashicorp/terraform-provider-azurerm PR #26054 (2024) quote the ARM error; SKU limits
    /// include (ms.date 2026-02-10); AZURE-FACTS §1.2.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Standard",
    ///     "publicNetworkAccess": "Disabled" } ] }
    /// ```
    ///
    /// ## Fix
    /// Set the registry's SKU to `Premium` (quick fix), or leave public access enabled.
    pub AcrPublicDisabledRequiresPremium {
        id: "acr-public-disabled-requires-premium",
        severity: Error,
        summary: "Public network access is disabled on a Basic or Standard registry",
        fix: true,
    }
}

impl Check for AcrPublicDisabledRequiresPremium {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for rid in m.registry_ids() {
            let r = m.registry(rid);
            if r.meta.existing {
                continue;
            }
            let Some(pna) = r.public_network_access.as_ref() else {
                continue;
            };
            if !pna
                .get()
                .is_some_and(|v| v.eq_ignore_ascii_case("Disabled"))
            {
                continue;
            }
            let Some(sku) = r.sku.as_ref() else { continue };
            let Some(name) = sku.get() else { continue };
            if !["Basic", "Standard"]
                .iter()
                .any(|s| name.eq_ignore_ascii_case(s))
            {
                continue;
            }
            let rname = r.name.label();
            // One SKU fix per registry: the endpoint and geo-replication rules offer it first
            // (identical edits must not be applied twice).
            let fix = if m.endpoints_to(rid).next().is_some()
                || r.replicas.iter().any(|x| !x.meta.maybe)
            {
                None
            } else {
                ctx.replace_string(
                    sku.loc,
                    "Premium",
                    format!("Set `{rname}` to the Premium SKU"),
                )
            };
            let note = default_note(&[Some(pna), Some(sku)]);
            let d = ctx.report(
                pna.loc,
                format!("registry `{rname}` disables public network access but is {name}: Azure refuses this for Basic and Standard registries (`DisablingPublicNetworkAccessNotSupported`)"),
            );
            d.with_related_mut(sku.loc, format!("the SKU is {name}"));
            d.help = Some(match note {
                Some(n) => format!("Use the Premium SKU, or keep public access enabled; {n}."),
                None => "Use the Premium SKU, or keep public access enabled.".into(),
            });
            d.fix = fix;
        }
    }
}
