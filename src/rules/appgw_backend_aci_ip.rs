use crate::model::{WorkloadKind, WorkloadProps};
use crate::rules::{Check, RuleCtx};
use std::collections::HashSet;
use std::net::IpAddr;

crate::declare_rule! {
    /// ## What it checks
    /// An Application Gateway backend address that is a container group's private IP: either
    /// taken from the group at deployment (`aci.properties.ipAddress.ip`), or a literal IP
    /// inside a subnet that holds container groups (used by one of the documents, or
    /// delegated to `Microsoft.ContainerInstance/containerGroups`, which can hold nothing
    /// else). Unknown addresses are not checked.
    ///
    /// ## Why it matters
    /// "Container group IP addresses are subject to change after being created or deleted. We
    /// recommend that your application code doesn't take a dependency on the container group's
    /// IP address." When the group is recreated the gateway keeps sending traffic to the old
    /// address.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-faq.yml` (ms.date
    /// 2025-11-17); AZURE-FACTS §5.4.
    ///
    /// ## Example
    /// ```json
    /// { "appGateways": [ { "name": "agw", "subnet": "app/gateway",
    ///     "backendAddresses": [ { "ipAddress": "10.0.1.4" } ] } ],
    ///   "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Point the backend at a name that follows the group (an FQDN in a private DNS zone you
    /// update on redeployment), or put the containers behind something with a stable address.
    pub AppgwBackendAciIp {
        id: "appgw-backend-aci-ip",
        severity: Warning,
        summary: "An Application Gateway backend hard-codes a container group's IP, which changes",
        fix: false,
    }
}

const ACI_DELEGATION: &str = "Microsoft.ContainerInstance/containerGroups";

impl Check for AppgwBackendAciIp {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        // Subnets that hold container groups, with a name for messages.
        let with_groups: HashSet<_> = m
            .workloads
            .iter()
            .filter(|w| w.kind() == WorkloadKind::Aci)
            .flat_map(|w| w.subnets.iter().filter_map(|r| r.id()))
            .collect();
        let aci_subnets: Vec<_> = m
            .subnet_ids()
            .filter(|&sid| {
                let s = m.subnet(sid);
                let delegated = s.delegations.as_ref().is_some_and(|d| {
                    d.known_items()
                        .any(|(x, _)| x.eq_ignore_ascii_case(ACI_DELEGATION))
                });
                delegated || with_groups.contains(&sid)
            })
            .collect();
        for g in &m.app_gateways {
            if g.meta.existing || g.meta.maybe {
                continue;
            }
            let gname = g.name.label();
            for a in &g.backend_addresses {
                let at = a.ip_address.as_ref().map_or(a.loc, |f| f.loc);
                if let Some(wid) = a.container_group {
                    let w = m.workload(wid);
                    if !matches!(w.props, WorkloadProps::Aci(_)) {
                        continue;
                    }
                    ctx.report(
                        at,
                        format!("a backend address of Application Gateway `{gname}` is the IP of container group `{}` at deployment time: container group IPs change when the group is recreated, and the gateway keeps the old one", w.name.label()),
                    )
                    .with_related_mut(w.meta.loc, "the container group")
                    .help = Some("Use an FQDN backend that follows the group, or give the containers a stable address.".into());
                    continue;
                }
                let Some(ip) = a
                    .ip_address
                    .as_ref()
                    .and_then(|f| f.get())
                    .and_then(|s| s.trim().parse::<IpAddr>().ok())
                else {
                    continue;
                };
                let Some(sid) = aci_subnets.iter().copied().find(|&sid| {
                    m.subnet(sid)
                        .prefixes
                        .as_ref()
                        .is_some_and(|p| p.known_items().any(|(n, _)| n.contains(&ip)))
                }) else {
                    continue;
                };
                let s = m.subnet(sid);
                let sname = format!("{}/{}", m.vnet(s.vnet).name.label(), s.name.label());
                ctx.report(
                    at,
                    format!("backend address {ip} of Application Gateway `{gname}` is in subnet `{sname}`, which holds container groups: container group IPs change when a group is recreated, and the gateway keeps sending to the old address"),
                )
                .with_related_mut(s.meta.loc, "the container group subnet")
                .help = Some("Use an FQDN backend that follows the group, or give the containers a stable address.".into());
            }
        }
    }
}
