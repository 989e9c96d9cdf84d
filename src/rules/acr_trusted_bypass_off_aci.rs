use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group pulls from a registry that refuses public traffic
    /// (`publicNetworkAccess: Disabled` or `networkRuleSet.defaultAction: Deny`) and whose
    /// `networkRuleBypassOptions` is `None`. It reports the pull path's service step.
    ///
    /// ## Why it matters
    /// Container Instances reach a network-restricted registry, even through a private
    /// endpoint, as a trusted Azure service with a user-assigned managed identity: "Your
    /// container registry must have Trusted Services enabled". With the bypass off the
    /// registry refuses the pull and the container group does not start. The default is
    /// `AzureServices` (on).
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/using-azure-container-registry-mi.md`
    /// (ms.date 2026-07-25); azure-management-docs `allow-access-trusted-services.md` (ms.date
    /// 2025-02-28); swagger 2025-11-01 default `networkRuleBypassOptions: AzureServices`;
    /// AZURE-FACTS §1.6, §1.7.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium",
    ///     "publicNetworkAccess": "Disabled", "bypass": "None" } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `networkRuleBypassOptions` to `AzureServices` (or remove it: that is the default).
    pub AcrTrustedBypassOffAci {
        id: "acr-trusted-bypass-off-aci",
        severity: Error,
        summary: "A container group pulls from a restricted registry whose trusted-services bypass is off",
        fix: false,
    }
}

impl Check for AcrTrustedBypassOffAci {
    fn run(ctx: &mut RuleCtx) {
        let model = ctx.model;
        report_steps(
            ctx,
            AcrTrustedBypassOffAci::META.id,
            StepKind::Service,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Set `networkRuleBypassOptions` of registry `{}` to `AzureServices` (the default): container groups pull from a restricted registry as a trusted service",
                    registry_name(model, p)
                )
            },
        );
    }
}
