use crate::model::{VnetId, WorkloadProps};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) in a VNet whose VNet uses custom DNS servers
    /// (`dhcpOptions.dnsServers`), while the container group sets no `dnsConfig`. Not
    /// reported when the VNet's DNS servers are unknown.
    ///
    /// ## Why it matters
    /// "Container instances don't read or inherit DNS settings from an associated virtual
    /// network. DNS settings must be explicitly set for container instances." The group uses
    /// Azure DNS, not the servers the VNet names: names that only those servers resolve fail
    /// in the group, and the registry resolves through the private DNS zones linked to the
    /// VNet (see `dns-link-missing`). A caveat, not an error.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// (ms.date 2026-07-25); AZURE-FACTS §5.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["10.0.0.0/16"], "dnsServers": ["10.0.0.4"] } ],
    ///   "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"] } ] }
    /// ```
    ///
    /// ## Fix
    /// If the group must use the VNet's DNS servers, set `dnsConfig.nameServers` on it;
    /// otherwise link the private DNS zones it needs to its VNet.
    pub AciDnsNotInherited {
        id: "aci-dns-not-inherited",
        severity: Info,
        summary: "A container group does not use its VNet's custom DNS servers",
        fix: false,
    }
}

impl Check for AciDnsNotInherited {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for w in &m.workloads {
            let WorkloadProps::Aci(aci) = &w.props else {
                continue;
            };
            if aci.dns_config.is_some() || w.meta.existing || w.meta.maybe {
                continue;
            }
            let mut seen: Vec<VnetId> = Vec::new();
            for sref in &w.subnets {
                let Some(sid) = sref.id() else { continue };
                let vid = m.subnet(sid).vnet;
                if seen.contains(&vid) {
                    continue;
                }
                seen.push(vid);
                let v = m.vnet(vid);
                if v.meta.existing {
                    continue;
                }
                let Some(servers) = &v.dns_servers else {
                    continue;
                };
                let Some(items) = servers.get() else { continue };
                if items.is_empty() {
                    continue;
                }
                let names: Vec<String> = servers.known_items().map(|(s, _)| s.clone()).collect();
                let list = if names.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", names.join(", "))
                };
                ctx.report(
                    w.meta.loc,
                    format!(
                        "container group `{}` is in VNet `{}`, which uses custom DNS servers{list}, but sets no `dnsConfig`: container groups do not inherit a VNet's DNS servers and resolve names with Azure DNS",
                        w.name.label(),
                        v.name.label()
                    ),
                )
                .with_related_mut(servers.loc, "the VNet's DNS servers")
                .help = Some("Set `dnsConfig.nameServers` on the container group if it must use these servers; otherwise make sure the private DNS zones it needs are linked to its VNet.".into());
            }
        }
    }
}
