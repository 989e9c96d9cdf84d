use crate::model::WorkloadProps;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) deployed into a VNet that asks for a public IP
    /// (`ipAddress.type: Public`) or a DNS name label.
    ///
    /// ## Why it matters
    /// "Container groups deployed to a virtual network don't currently support exposing
    /// containers directly to the internet with a public IP address or a fully qualified domain
    /// name." The deployment fails; expose the group through an Application Gateway instead.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// (ms.date 2026-07-25); AZURE-FACTS §5.2.
    ///
    /// ## Example
    /// ```json
    /// { "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"],
    ///   "ipAddressType": "Public", "dnsNameLabel": "api-demo" } ] }
    /// ```
    ///
    /// ## Fix
    /// Set the IP address type to `Private` (quick fix) and drop the DNS name label.
    pub AciVnetPublicIp {
        id: "aci-vnet-public-ip",
        severity: Error,
        summary: "A container group in a VNet asks for a public IP or DNS name label",
        fix: true,
    }
}

impl Check for AciVnetPublicIp {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for wid in m.workload_ids() {
            let w = m.workload(wid);
            let WorkloadProps::Aci(aci) = &w.props else {
                continue;
            };
            if w.subnets.is_empty() {
                continue;
            }
            let wname = w.name.label();
            if let Some(ip) = &aci.ip_type {
                if ip.get().is_some_and(|t| t.eq_ignore_ascii_case("Public")) {
                    let fix =
                        ctx.replace_string(ip.loc, "Private", format!("Make `{wname}` private"));
                    let d = ctx.report(
                        ip.loc,
                        format!("container group `{wname}` is deployed into a VNet but asks for a public IP: container groups in a VNet support only private IPs, so the deployment fails"),
                    );
                    d.help = Some(
                        "Use `Private` and expose the group through an Application Gateway.".into(),
                    );
                    d.fix = fix;
                }
            }
            if let Some(label) = &aci.dns_name_label {
                if let Some(l) = label.get() {
                    ctx.report(
                        label.loc,
                        format!("container group `{wname}` is deployed into a VNet but sets DNS name label `{l}`: container groups in a VNet cannot have a public name"),
                    )
                    .help = Some("Remove the DNS name label; resolve the group through a private DNS zone instead.".into());
                }
            }
        }
    }
}
