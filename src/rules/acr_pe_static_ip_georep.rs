use crate::model::names::region;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint to a registry with static IPs (`ipConfigurations`) that has no
    /// configuration with member name `registry_data_<region>` for one of the registry's
    /// regions (home region and every replica). Member names or regions that are unknown are
    /// not guessed; registries declared `existing` are not checked (their regions are unknown).
    ///
    /// ## Why it matters
    /// A registry endpoint exposes one IP per member: `registry` and `registry_data_<region>`
    /// for each registry region. With static allocation Azure cannot add the IP of a missing
    /// member: "Adding a geo-replica fails when the registry's private endpoint is configured
    /// with static private IP allocation" ("Private Endpoint needs to be reconfigured with
    /// missing memberNames").
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-geo-replication.md`
    /// (ms.date 2026-08-13), "Geo-replica creation fails on registries with a static-IP private
    /// endpoint"; `container-registry-private-endpoints.md` (ms.date 2026-02-11);
    /// AZURE-FACTS §1.3.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "region": "westeurope",
    ///     "replicas": ["northeurope"] } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///     "ipConfigurations": [ { "memberName": "registry", "privateIPAddress": "10.0.1.10" },
    ///       { "memberName": "registry_data_westeurope", "privateIPAddress": "10.0.1.11" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Add an `ipConfigurations` entry (`groupId: 'registry'`, `memberName:
    /// 'registry_data_<region>'`) for every registry region, or drop the static IPs and let
    /// Azure allocate them.
    pub AcrPeStaticIpGeorep {
        id: "acr-pe-static-ip-georep",
        severity: Error,
        summary: "A static-IP registry endpoint lacks a registry_data_<region> member",
        fix: false,
    }
}

impl Check for AcrPeStaticIpGeorep {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for eid in m.endpoint_ids() {
            let e = m.endpoint(eid);
            if e.ip_configurations.is_empty() {
                continue;
            }
            let mut members = Vec::new();
            let mut unknown = false;
            for c in &e.ip_configurations {
                match c.member_name.as_ref().map(|f| f.get()) {
                    Some(Some(n)) => members.push(n.to_ascii_lowercase()),
                    Some(None) => unknown = true,
                    None => {}
                }
            }
            if unknown {
                continue;
            }
            let Some(rid) = e.connections.iter().find_map(|c| c.target.id()) else {
                continue;
            };
            let r = m.registry(rid);
            if r.meta.existing {
                continue;
            }
            let rname = r.name.label();
            let mut regions: Vec<(String, &crate::model::Field<String>)> = Vec::new();
            for f in r
                .location
                .iter()
                .chain(r.replicas.iter().map(|x| &x.location))
            {
                if let Some(reg) = f.get() {
                    let reg = region(reg);
                    if !regions.iter().any(|(x, _)| *x == reg) {
                        regions.push((reg, f));
                    }
                }
            }
            let ename = e.name.label();
            for (reg, f) in regions {
                let member = format!("registry_data_{reg}");
                if members.contains(&member) {
                    continue;
                }
                let d = ctx.report(
                    e.meta.loc,
                    format!("private endpoint `{ename}` to registry `{rname}` uses static IPs but has no `ipConfigurations` entry for member `{member}`: Azure cannot give region `{reg}` its data-endpoint IP, and creating the replica (or the endpoint) fails"),
                );
                d.with_related_mut(f.loc, format!("registry region `{reg}`"));
                if let Some(c) = e.ip_configurations.first() {
                    d.with_related_mut(c.loc, "the static IP configurations");
                }
                d.help = Some(format!("Add an `ipConfigurations` entry with `groupId: 'registry'` and `memberName: '{member}'`, or let Azure allocate the endpoint's IPs (no `ipConfigurations`)."));
            }
        }
    }
}
