use crate::model::WorkloadKind;
use crate::rules::occupants::{subnet_label, subnets_of_kind};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A subnet that a container group (ACI) is deployed into has no NAT gateway
    /// (`natGateway`). Reported once per subnet, on the subnet. Not reported when the subnet's
    /// properties or delegations are unknown, or the subnet is declared `existing`.
    ///
    /// ## Why it matters
    /// "If you deploy your container group into a virtual network, you must use a NAT gateway
    /// for outbound connectivity. This is the only supported configuration for outbound
    /// connectivity from your container group in a virtual network." Pulls through a private
    /// endpoint do not need it, but anything else the group reaches outside the VNet does.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// (ms.date 2026-07-25) and `container-instances-vnet.md` (ms.date 2025-11-17);
    /// AZURE-FACTS §5.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "aci", "addressPrefix": "10.0.1.0/24",
    ///       "delegations": ["Microsoft.ContainerInstance/containerGroups"] } ] } ],
    ///   "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Attach a NAT gateway to the subnet: `natGateway: { id: natGateway.id }` in the subnet's
    /// properties (`"natGateway": true` in topology JSON).
    pub AciVnetNatgw {
        id: "aci-vnet-natgw",
        severity: Warning,
        summary: "A container group's subnet has no NAT gateway, the only supported outbound",
        fix: false,
    }
}

impl Check for AciVnetNatgw {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let subnets = subnets_of_kind(m, WorkloadKind::Aci, "is deployed here");
        for (sid, users) in subnets {
            let s = m.subnet(sid);
            // An unknown properties object shows as unknown delegations: NAT may be there.
            let opaque = s.delegations.as_ref().is_some_and(|d| d.get().is_none());
            if s.meta.existing || opaque || s.nat_gateway.is_some() {
                continue;
            }
            let sname = subnet_label(m, sid);
            let d = ctx.report(
                s.meta.loc,
                format!("subnet `{sname}` holds container groups but has no NAT gateway: a NAT gateway is the only supported outbound connectivity for container groups in a VNet"),
            );
            d.related.extend(users);
            d.help = Some(format!(
                "Attach a NAT gateway to subnet `{sname}` (`natGateway: {{ id: ... }}` in its properties)."
            ));
        }
    }
}
