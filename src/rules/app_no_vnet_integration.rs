use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A web app running a container (`linuxFxVersion: DOCKER|<registry>.azurecr.io/...`)
    /// pulls from a registry that refuses public traffic (`publicNetworkAccess: Disabled` or
    /// `networkRuleSet.defaultAction: Deny`), and has no VNet integration
    /// (`virtualNetworkSubnetId`). Reported on the site. Not reported when the registry's
    /// network settings are unknown.
    ///
    /// ## Why it matters
    /// App Service reaches a private endpoint only through regional VNet integration, and
    /// "enabling the `allow trusted services` setting doesn't apply to App Service": without
    /// integration the pull goes to the registry's public endpoint, which refuses it, and the
    /// container never starts.
    ///
    /// ## Source
    /// azure-docs `articles/app-service/overview-vnet-integration.md` (ms.date 2023-07-21);
    /// mgmt-docs `allow-access-trusted-services.md` (ms.date 2025-02-28); AZURE-FACTS §1.6,
    /// §1.8.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "publicNetworkAccess": "Disabled" } ],
    ///   "workloads": [ { "name": "web", "kind": "webApp", "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Integrate the app with a subnet delegated to `Microsoft.Web/serverFarms` in a VNet that
    /// reaches the registry's endpoint (`virtualNetworkSubnetId`), and pull images over it
    /// (see `app-vnet-pull-not-enabled`).
    pub AppNoVnetIntegration {
        id: "app-no-vnet-integration",
        severity: Error,
        summary: "A web app pulls from a private registry without VNet integration",
        fix: false,
    }
}

impl Check for AppNoVnetIntegration {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AppNoVnetIntegration::META.id,
            StepKind::Endpoint,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Set `virtualNetworkSubnetId` to a subnet delegated to Microsoft.Web/serverFarms in a VNet that reaches the endpoint of registry `{}`",
                    registry_name(m, p)
                )
            },
        );
    }
}
