use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint whose target registry has a SKU other than Premium.
    ///
    /// ## Why it matters
    /// Private endpoints for Azure Container Registry exist only in the Premium tier (Basic and
    /// Standard: "N/A"). The endpoint's deployment fails, and a workload counting on it cannot
    /// reach the registry privately.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-skus.md` (ms.date
    /// 2026-03-25) and its limits include (ms.date 2026-02-10); `container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11): "available in the **Premium** ... tier"; AZURE-FACTS §1.2.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Basic" } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Set the registry's SKU to `Premium` (quick fix), or drop the private endpoint.
    pub AcrPeRequiresPremium {
        id: "acr-pe-requires-premium",
        severity: Error,
        summary: "A private endpoint targets a registry that is not Premium",
        fix: true,
    }
}

impl Check for AcrPeRequiresPremium {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let mut done = Vec::new();
        for eid in m.endpoint_ids() {
            let e = m.endpoint(eid);
            for c in &e.connections {
                let Some(rid) = c.target.id() else { continue };
                let r = m.registry(rid);
                // An `existing` registry is a reference: its SKU is not ours to know.
                if r.meta.existing || done.contains(&rid) {
                    continue;
                }
                let Some(sku) = r.sku.as_ref() else { continue };
                let Some(name) = sku.get() else { continue };
                if name.eq_ignore_ascii_case("Premium") {
                    continue;
                }
                done.push(rid);
                let rname = r.name.label();
                let ename = e.name.label();
                let fix = ctx.replace_string(
                    sku.loc,
                    "Premium",
                    format!("Set `{rname}` to the Premium SKU"),
                );
                let note = default_note(&[Some(sku)]);
                let d = ctx.report(
                    sku.loc,
                    format!("registry `{rname}` is {name}, but private endpoint `{ename}` targets it: private endpoints need the Premium SKU, so the endpoint cannot be created"),
                );
                d.with_related_mut(
                    c.loc,
                    format!("private endpoint `{ename}` targets `{rname}`"),
                );
                d.help = Some(match note {
                    Some(n) => format!("Use the Premium SKU, or remove the private endpoint; {n}."),
                    None => "Use the Premium SKU, or remove the private endpoint.".into(),
                });
                d.fix = fix;
            }
        }
    }
}
