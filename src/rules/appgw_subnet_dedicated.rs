use crate::model::SubnetId;
use crate::rules::occupants::{by_subnet, delegated, subnet_label, Kind};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A subnet that holds an Application Gateway also holds something other than Application
    /// Gateways: a private endpoint, an AKS node pool, a container group or a web app's VNet
    /// integration. Reported once per intruder, on the reference that puts it in the subnet.
    /// (A container group in a gateway subnet is reported here, not by `aci-subnet-shared`; an
    /// endpoint in a delegated gateway subnet is `pe-delegated-subnet`'s.)
    ///
    /// ## Why it matters
    /// "A dedicated subnet is required ... You can also deploy other application gateways in
    /// the subnet. But you can't deploy any other resource in the Application Gateway subnet."
    /// Whichever is deployed second fails.
    ///
    /// ## Source
    /// azure-docs `articles/application-gateway/configuration-infrastructure.md` (ms.date
    /// 2023-07-05); AZURE-FACTS §4.4, §7.
    ///
    /// ## Example
    /// ```json
    /// { "appGateways": [ { "name": "agw", "subnet": "app/gateway" } ],
    ///   "privateEndpoints": [ { "name": "acr-pe", "subnet": "app/gateway", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Move the other resource to another subnet; keep the gateway's subnet for Application
    /// Gateways only.
    pub AppgwSubnetDedicated {
        id: "appgw-subnet-dedicated",
        severity: Error,
        summary: "An Application Gateway's subnet holds other resources",
        fix: false,
    }
}

impl Check for AppgwSubnetDedicated {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let index = by_subnet(m);
        let mut seen: Vec<SubnetId> = Vec::new();
        for g in &m.app_gateways {
            if g.meta.maybe || g.meta.existing {
                continue;
            }
            for sref in &g.subnets {
                let Some(sid) = sref.id() else { continue };
                if seen.contains(&sid) {
                    continue;
                }
                seen.push(sid);
                let all = index.get(&sid).map_or(&[][..], Vec::as_slice);
                let gateways: Vec<_> = all.iter().filter(|o| o.kind == Kind::AppGateway).collect();
                let sname = subnet_label(m, sid);
                let endpoints_elsewhere = delegated(m, sid);
                let first = gateways
                    .first()
                    .map_or_else(String::new, |o| o.label.clone());
                for o in all {
                    if o.kind == Kind::AppGateway
                        || (o.kind == Kind::Endpoint && endpoints_elsewhere)
                    {
                        continue;
                    }
                    let d = ctx.report(
                        o.at,
                        format!("{} is in subnet `{sname}`, which {first} uses: an Application Gateway subnet can hold only Application Gateways, so the deployment fails", o.label),
                    );
                    for gw in &gateways {
                        d.with_related_mut(gw.at, format!("{} uses the subnet", gw.label));
                    }
                    d.help = Some(format!(
                        "Give {} another subnet; keep subnet `{sname}` for Application Gateways only.",
                        o.label
                    ));
                }
            }
        }
    }
}
