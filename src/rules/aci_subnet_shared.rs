use crate::model::{SubnetId, WorkloadKind};
use crate::rules::occupants::{by_subnet, delegated, subnet_label, Kind};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A subnet that a container group (ACI) is deployed into also holds something else: a
    /// private endpoint (for example the registry's own endpoint), an AKS node pool or a web
    /// app's VNet integration. Reported once per intruder, on the reference that puts it in
    /// the subnet. One problem, one rule: an Application Gateway in the subnet is reported by
    /// `appgw-subnet-dedicated`, and a private endpoint in a subnet that is delegated (as a
    /// container group subnet must be) by `pe-delegated-subnet`; this rule reports endpoints
    /// only in an ACI subnet without delegation. This covers the pull path's service step
    /// "the registry's endpoint is in the container group's subnet".
    ///
    /// ## Why it matters
    /// "The subnet that you use for container groups can contain only container groups." For
    /// the registry's endpoint: "the ACR private endpoint must be on a different subnet than
    /// the one delegated to Azure Container Instances ... Placing the ACR private endpoint on
    /// the same delegated subnet causes a conflict and the deployment fails."
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// and `using-azure-container-registry-mi.md` (both ms.date 2026-07-25); AZURE-FACTS §1.7,
    /// §5.1.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [ { "name": "acr-pe", "subnet": "app/aci", "registry": "contosoacr" } ],
    ///   "workloads": [ { "name": "api", "kind": "aci", "subnets": ["app/aci"],
    ///     "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Move the other resource to its own subnet (a private endpoint needs a subnet without
    /// delegation), and keep the container group subnet for container groups only.
    pub AciSubnetShared {
        id: "aci-subnet-shared",
        severity: Error,
        summary: "A container group's subnet also holds other resources",
        fix: false,
    }
}

impl Check for AciSubnetShared {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let index = by_subnet(m);
        let mut seen: Vec<SubnetId> = Vec::new();
        for w in &m.workloads {
            if w.kind() != WorkloadKind::Aci || w.meta.maybe || w.meta.existing {
                continue;
            }
            for sref in &w.subnets {
                let Some(sid) = sref.id() else { continue };
                if seen.contains(&sid) {
                    continue;
                }
                seen.push(sid);
                let all = index.get(&sid).map_or(&[][..], Vec::as_slice);
                let groups: Vec<_> = all
                    .iter()
                    .filter(|o| o.kind == Kind::Workload(WorkloadKind::Aci))
                    .collect();
                let sname = subnet_label(m, sid);
                let endpoints_elsewhere = delegated(m, sid);
                for o in all {
                    if matches!(o.kind, Kind::Workload(WorkloadKind::Aci) | Kind::AppGateway)
                        || (o.kind == Kind::Endpoint && endpoints_elsewhere)
                    {
                        continue;
                    }
                    let first = groups.first().map_or_else(String::new, |g| g.label.clone());
                    let help = match o.kind {
                        Kind::Endpoint => format!("Put {} in another subnet of the VNet, one without delegation; subnet `{sname}` can hold only container groups.", o.label),
                        _ => format!("Give {} its own subnet; subnet `{sname}` can hold only container groups.", o.label),
                    };
                    let d = ctx.report(
                        o.at,
                        format!("{} is in subnet `{sname}`, which {first} uses: a container group subnet can hold only container groups, so the deployment fails", o.label),
                    );
                    for g in &groups {
                        d.with_related_mut(g.at, format!("{} uses the subnet", g.label));
                    }
                    d.help = Some(help);
                }
            }
        }
    }
}
