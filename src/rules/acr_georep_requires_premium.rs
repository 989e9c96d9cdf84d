use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A geo-replication (`Microsoft.ContainerRegistry/registries/replications`, or a topology
    /// `replicas` entry) under a registry whose SKU is known and is not Premium. Registries
    /// declared `existing` are not checked: their SKU is not in the document. Replications
    /// whose deployment condition is unknown are not counted.
    ///
    /// ## Why it matters
    /// "Geo-replication requires the Premium SKU": the replication cannot be created, and the
    /// deployment fails.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-geo-replication.md`
    /// (ms.date 2026-08-13); SKU limits include (ms.date 2026-02-10): geo-replication "N/A" on
    /// Basic and Standard; AZURE-FACTS §1.2.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Standard", "region": "westeurope",
    ///     "replicas": ["northeurope"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Set the registry's SKU to `Premium` (quick fix), or remove the replication.
    pub AcrGeorepRequiresPremium {
        id: "acr-georep-requires-premium",
        severity: Error,
        summary: "A geo-replication under a registry that is not Premium",
        fix: true,
    }
}

impl Check for AcrGeorepRequiresPremium {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for rid in m.registry_ids() {
            let r = m.registry(rid);
            // A replication whose condition is unknown may not be deployed: not proof.
            let replicas: Vec<_> = r.replicas.iter().filter(|x| !x.meta.maybe).collect();
            if r.meta.existing || replicas.is_empty() {
                continue;
            }
            let Some(sku) = r.sku.as_ref() else { continue };
            let Some(name) = sku.get() else { continue };
            if name.eq_ignore_ascii_case("Premium") {
                continue;
            }
            let rname = r.name.label();
            // One SKU fix per registry: `acr-pe-requires-premium` offers it when an endpoint
            // targets the registry (identical edits must not be applied twice).
            let fix = if m.endpoints_to(rid).next().is_some() {
                None
            } else {
                ctx.replace_string(
                    sku.loc,
                    "Premium",
                    format!("Set `{rname}` to the Premium SKU"),
                )
            };
            let regions: Vec<String> = replicas
                .iter()
                .map(|x| format!("`{}`", x.location.label()))
                .collect();
            let d = ctx.report(
                sku.loc,
                format!(
                    "registry `{rname}` is {name}, but it has geo-replications ({}): geo-replication needs the Premium SKU, so the replications cannot be created",
                    regions.join(", ")
                ),
            );
            for x in &replicas {
                d.with_related_mut(
                    x.meta.loc,
                    format!("replication to `{}`", x.location.label()),
                );
            }
            d.help = Some(match default_note(&[Some(sku)]) {
                Some(n) => format!("Use the Premium SKU, or remove the replications; {n}."),
                None => "Use the Premium SKU, or remove the replications.".into(),
            });
            d.fix = fix;
        }
    }
}
