use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) in a VNet reaches its registry's private endpoint only through
    /// a peering with a VNet in another region (global peering). Both VNets' regions must be
    /// known; the pull path reports this step.
    ///
    /// ## Why it matters
    /// "Global virtual network peering - Global peering (connecting virtual networks across
    /// Azure regions) isn't supported" for container groups in a VNet: the pull cannot reach
    /// the endpoint, and the container group never starts.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/container-instances-virtual-network-concepts.md`
    /// (ms.date 2026-07-25); AZURE-FACTS §5.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "hub", "region": "northeurope", "addressSpace": ["10.0.0.0/16"] },
    ///     { "name": "app", "region": "westeurope", "addressSpace": ["10.1.0.0/16"] } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/endpoints", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Add a private endpoint for the registry in the container group's VNet, or in a VNet of
    /// the same region peered with it in both directions.
    pub AciGlobalPeering {
        id: "aci-global-peering",
        severity: Error,
        summary: "A container group reaches the registry's endpoint only over cross-region peering",
        fix: false,
    }
}

impl Check for AciGlobalPeering {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AciGlobalPeering::META.id,
            StepKind::Endpoint,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Add a private endpoint for registry `{}` in the container group's VNet or in a same-region VNet peered with it both ways",
                    registry_name(m, p)
                )
            },
        );
    }
}
