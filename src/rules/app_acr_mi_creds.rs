use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A web app running a container from a registry of the documents pulls without
    /// `siteConfig.acrUseManagedIdentityCreds: true` and without registry credentials (app
    /// setting `DOCKER_REGISTRY_SERVER_USERNAME`). Reported on `acrUseManagedIdentityCreds`
    /// when it is `false`, else on the site. Not reported when the setting is unknown.
    ///
    /// ## Why it matters
    /// Without a managed identity or credentials App Service pulls anonymously, which works
    /// only if the registry allows anonymous pull (off by default): the container does not
    /// start. With `acrUseManagedIdentityCreds` the site pulls with its managed identity
    /// (`acrUserManagedIdentityID` names a user-assigned one), which needs AcrPull on the
    /// registry.
    ///
    /// ## Source
    /// Azure/bicep-types-az `generated/web/microsoft.web/2025-03-01/types.md` (`SiteConfig`,
    /// snapshot 2026-08-20); AZURE-FACTS §1.8.
    ///
    /// ## Example
    /// ```json
    /// { "workloads": [ { "name": "web", "kind": "webApp", "subnets": ["app/web"],
    ///     "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `siteConfig.acrUseManagedIdentityCreds: true` and give the site's identity AcrPull
    /// on the registry.
    pub AppAcrMiCreds {
        id: "app-acr-mi-creds",
        severity: Warning,
        summary: "A web app pulls from ACR without a managed identity or registry credentials",
        fix: false,
    }
}

impl Check for AppAcrMiCreds {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AppAcrMiCreds::META.id,
            StepKind::Auth,
            when_broken(Severity::Warning),
            |p, _| {
                format!(
                    "Set `siteConfig.acrUseManagedIdentityCreds: true` and give the site's managed identity AcrPull on registry `{}`",
                    registry_name(m, p)
                )
            },
        );
    }
}
