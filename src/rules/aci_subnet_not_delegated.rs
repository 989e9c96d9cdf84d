use crate::model::WorkloadProps;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) deployed into a subnet that is not delegated to
    /// `Microsoft.ContainerInstance/containerGroups`.
    ///
    /// ## Why it matters
    /// "Before you deploy a container group to a subnet, you must explicitly delegate the
    /// subnet before provisioning." Without the delegation the container group's deployment
    /// fails.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// (ms.date 2026-07-25); AZURE-FACTS §5.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "aci", "addressPrefix": "10.0.1.0/24" } ] } ],
    ///   "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Delegate the subnet: `"delegations": ["Microsoft.ContainerInstance/containerGroups"]`.
    pub AciSubnetNotDelegated {
        id: "aci-subnet-not-delegated",
        severity: Error,
        summary: "A container group's subnet is not delegated to Microsoft.ContainerInstance/containerGroups",
        fix: false,
    }
}

pub const ACI_DELEGATION: &str = "Microsoft.ContainerInstance/containerGroups";

impl Check for AciSubnetNotDelegated {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for wid in m.workload_ids() {
            let w = m.workload(wid);
            if !matches!(w.props, WorkloadProps::Aci(_)) {
                continue;
            }
            for sref in &w.subnets {
                let Some(sid) = sref.id() else { continue };
                let s = m.subnet(sid);
                if s.meta.existing {
                    continue;
                }
                // Absent means none; unknown means we cannot tell.
                let delegated = match &s.delegations {
                    None => false,
                    Some(list) if list.has_unknown() => continue,
                    Some(list) => list
                        .known_items()
                        .any(|(d, _)| d.eq_ignore_ascii_case(ACI_DELEGATION)),
                };
                if delegated {
                    continue;
                }
                let sname = s.name.label();
                let wname = w.name.label();
                ctx.report(
                    sref.loc,
                    format!("container group `{wname}` is deployed into subnet `{sname}`, which is not delegated to {ACI_DELEGATION}: the deployment fails"),
                )
                .with_related_mut(s.meta.loc, format!("subnet `{sname}` has no {ACI_DELEGATION} delegation"))
                .help = Some(format!("Delegate subnet `{sname}` to {ACI_DELEGATION} (it can then hold only container groups)."));
            }
        }
    }
}
