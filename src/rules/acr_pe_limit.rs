use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// More than 200 private endpoints in the documents target one registry. Endpoints whose
    /// deployment condition is unknown are not counted.
    ///
    /// ## Why it matters
    /// A registry supports at most 200 private endpoints (Private Link connections); the
    /// 201st cannot be created until support raises the limit. (Older pages said 10: that
    /// limit is gone.)
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-skus.md` (ms.date
    /// 2026-03-25) and `container-registry-private-endpoints.md` (ms.date 2026-02-11): "a
    /// maximum of 200 private endpoints"; the limit can be raised through support;
    /// AZURE-FACTS §1.2.
    ///
    /// ## Example
    /// ```bicep
    /// resource pes 'Microsoft.Network/privateEndpoints@2025-09-01' = [for i in range(0, 201): { ... }]
    /// ```
    ///
    /// ## Fix
    /// Share endpoints between VNets through peering (one endpoint per hub), or ask support to
    /// raise the limit before deploying.
    pub AcrPeLimit {
        id: "acr-pe-limit",
        severity: Warning,
        summary: "More than 200 private endpoints target one registry",
        fix: false,
    }
}

const LIMIT: usize = 200;

impl Check for AcrPeLimit {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for rid in m.registry_ids() {
            let eps: Vec<_> = m
                .endpoints_to(rid)
                .filter(|&e| !m.endpoint(e).meta.maybe)
                .collect();
            if eps.len() <= LIMIT {
                continue;
            }
            let r = m.registry(rid);
            let rname = r.name.label();
            let d = ctx.report(
                r.meta.loc,
                format!(
                    "{} private endpoints target registry `{rname}`; a registry supports at most {LIMIT} unless support raises the limit",
                    eps.len()
                ),
            );
            if let Some(&first) = eps.first() {
                d.with_related_mut(m.endpoint(first).meta.loc, "the first endpoint");
            }
            if let Some(&over) = eps.get(LIMIT).filter(|&&o| {
                eps.first()
                    .is_none_or(|&f| m.endpoint(f).meta.loc != m.endpoint(o).meta.loc)
            }) {
                d.with_related_mut(
                    m.endpoint(over).meta.loc,
                    format!("endpoint {} is over the limit", LIMIT + 1),
                );
            }
            d.help = Some("Share endpoints between VNets through peering, or ask Azure support to raise the limit before deploying.".into());
        }
    }
}
