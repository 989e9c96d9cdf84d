use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint to a registry whose `groupIds` is not exactly `['registry']`.
    ///
    /// ## Why it matters
    /// `registry` is the only group id (sub-resource) of Azure Container Registry; any other
    /// value makes the endpoint's creation fail, and none means no connection.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11): "pass `--group-ids registry`"; azure-docs
    /// `articles/private-link/private-endpoint-overview.md`; AZURE-FACTS §1.3.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///   "groupIds": ["registry_data_westeurope"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `groupIds` to `['registry']`.
    pub AcrPeGroupid {
        id: "acr-pe-groupid",
        severity: Error,
        summary: "A registry private endpoint uses group ids other than ['registry']",
        fix: false,
    }
}

impl Check for AcrPeGroupid {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for eid in m.endpoint_ids() {
            let e = m.endpoint(eid);
            for c in &e.connections {
                let Some(rid) = c.target.id() else { continue };
                let Some(groups) = &c.group_ids else { continue };
                let Some(ids) = groups.all_known() else {
                    continue;
                };
                if ids.len() == 1 && ids[0].0.eq_ignore_ascii_case("registry") {
                    continue;
                }
                let rname = m.registry(rid).name.label();
                let ename = e.name.label();
                let got = if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.iter()
                        .map(|(s, _)| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                ctx.report(
                    groups.loc,
                    format!("private endpoint `{ename}` to registry `{rname}` uses group ids {got}: a registry's only group id is `registry`"),
                )
                .help = Some("Set `groupIds` to `['registry']`.".into());
            }
        }
    }
}
