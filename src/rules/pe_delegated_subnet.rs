use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint placed in a subnet that has a delegation (to Container Instances,
    /// App Service, DNS resolvers, ...). Delegations that are unknown are not guessed.
    ///
    /// ## Why it matters
    /// A delegated subnet belongs to the service it is delegated to: it "can't be used with a
    /// private endpoint if the subnet is delegated", and the deployment fails ("The selected
    /// subnet has a delegation and cannot be used with a private endpoint"). For Container
    /// Instances: "Placing the ACR private endpoint on the same delegated subnet causes a
    /// conflict and the deployment fails."
    ///
    /// ## Source
    /// azure-docs `articles/virtual-network/subnet-delegation-overview.md` (ms.date
    /// 2023-05-08); MicrosoftDocs/azure-docs issue #47048 (2020-01-29); azure-compute-docs
    /// `container-instances/using-azure-container-registry-mi.md` (ms.date 2026-07-25);
    /// AZURE-FACTS §2.1, §4.3.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "apps", "addressSpace": ["10.1.0.0/16"], "subnets": [
    ///     { "name": "aci", "addressPrefix": "10.1.0.0/24",
    ///       "delegations": ["Microsoft.ContainerInstance/containerGroups"] } ] } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "apps/aci", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Put the endpoint in a subnet without delegations (a dedicated endpoint subnet).
    pub PeDelegatedSubnet {
        id: "pe-delegated-subnet",
        severity: Error,
        summary: "A private endpoint is in a delegated subnet",
        fix: false,
    }
}

impl Check for PeDelegatedSubnet {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for e in &m.endpoints {
            let Some(sref) = e.subnet.as_ref() else {
                continue;
            };
            let Some(sid) = sref.id() else { continue };
            let s = m.subnet(sid);
            let Some(dels) = s.delegations.as_ref() else {
                continue;
            };
            let Some((service, field)) = dels.known_items().next() else {
                continue;
            };
            let sname = format!("{}/{}", m.vnet(s.vnet).name.label(), s.name.label());
            let d = ctx.report(
                sref.loc,
                format!("private endpoint `{}` is in subnet `{sname}`, which is delegated to `{service}`: a delegated subnet cannot hold private endpoints, so the endpoint cannot be created", e.name.label()),
            );
            d.with_related_mut(field.loc, "the delegation");
            d.help = Some("Move the endpoint to a subnet without delegations.".into());
        }
    }
}
