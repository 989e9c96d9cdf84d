use crate::analysis::{StepKind, Verdict};
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A workload pulls from a registry that refuses public traffic (`publicNetworkAccess:
    /// Disabled` or `defaultAction: Deny`), and no private endpoint for that registry is in
    /// the workload's VNet or in a VNet peered with it in both directions. Reported as info
    /// when endpoints may be declared outside the documents (the registry is `existing`, or
    /// the documents refer to resources outside themselves). Container groups that pull with
    /// a user-assigned identity through the trusted-services bypass do not need one.
    ///
    /// ## Why it matters
    /// "Disabling the public endpoint overrides all firewall configurations": the registry
    /// accepts such a workload only through a private endpoint it can reach, and peering "isn't
    /// transitive". The nodes fail to pull (`ImagePullBackOff`, `403 Forbidden`).
    ///
    /// ## Source
    /// mgmt-docs `container-registry-private-endpoints.md` (ms.date 2026-02-11) and
    /// `container-registry-access-selected-networks.md` (ms.date 2025-02-28); azure-docs
    /// `virtual-network-manage-peering.md` (ms.date 2022-11-14); AZURE-FACTS §1.3, §1.5, §4.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "spoke", "addressSpace": ["10.1.0.0/16"],
    ///     "subnets": [ { "name": "nodes", "addressPrefix": "10.1.0.0/22" } ] } ],
    ///   "registries": [ { "name": "contosoacr", "sku": "Premium", "publicNetworkAccess": "Disabled" } ],
    ///   "workloads": [ { "name": "aks", "kind": "aks", "subnets": ["spoke/nodes"],
    ///     "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Add a private endpoint to the registry (group `registry`) in the workload's VNet or in a
    /// VNet peered with it both ways, with a zone group on `privatelink.azurecr.io`; or, if the
    /// registry is meant to be public, enable public network access.
    pub PullNoPrivateEndpoint {
        id: "pull-no-private-endpoint",
        severity: Error,
        summary: "A workload pulls from a non-public registry with no private endpoint it can reach",
        fix: false,
    }
}

impl Check for PullNoPrivateEndpoint {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            PullNoPrivateEndpoint::META.id,
            StepKind::Endpoint,
            |_, s| match s.verdict {
                Verdict::Broken => Some(Severity::Error),
                // The step names this rule while unknown only when endpoints may exist
                // outside the documents.
                Verdict::Unknown => Some(Severity::Info),
                _ => None,
            },
            |p, _| {
                format!(
                    "Add a private endpoint to registry `{}` in the workload's VNet or in a VNet peered with it in both directions, with a zone group on `privatelink.azurecr.io`",
                    registry_name(m, p)
                )
            },
        );
    }
}
