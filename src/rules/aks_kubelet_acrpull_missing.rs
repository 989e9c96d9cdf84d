use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// An AKS cluster pulls from a registry, and its kubelet identity (the one AKS creates, or
    /// the bring-your-own `kubeletIdentity`) has no pull-capable role on the registry, its
    /// resource group or subscription, directly or through an Entra group it belongs to.
    /// Legacy registries: AcrPull, AcrPush, Owner, Contributor, Reader. ABAC registries
    /// (`roleAssignmentMode: AbacRepositoryPermissions`): Container Registry Repository
    /// Reader, Writer or Contributor. A role on the cluster's control-plane identity does not
    /// count. Not reported when the identity or a role assignment is outside the documents.
    ///
    /// ## Why it matters
    /// Nodes pull with the kubelet identity: "The AKS to ACR integration assigns the AcrPull
    /// role to the Microsoft Entra ID managed identity associated with the agent pool".
    /// Without the role every pull fails with `401 Unauthorized` and pods stay in
    /// `ImagePullBackOff`. "ABAC-enabled ACR registries require the Container Registry
    /// Repository Reader role instead of the AcrPull role."
    ///
    /// ## Source
    /// azure-aks-docs `articles/aks/cluster-container-registry-integration.md` (ms.date
    /// 2026-05-08) and `managed-identity-overview.md` (ms.date 2026-08-18); mgmt-docs
    /// `container-registry-rbac-built-in-roles-directory-reference.md`; AZURE-FACTS §6.1.
    ///
    /// ## Example
    /// ```json
    /// { "roleAssignments": [ { "principal": { "systemAssignedOf": "aks" }, "role": "AcrPull",
    ///     "registry": "contosoacr" } ],
    ///   "workloads": [ { "name": "aks", "kind": "aks", "pullsFrom": ["contosoacr"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Assign AcrPull (Container Registry Repository Reader on ABAC registries) on the registry
    /// to the kubelet identity: `{ "principal": { "kubeletOf": "aks" }, "role": "AcrPull",
    /// "registry": "contosoacr" }` (`identityProfile.kubeletidentity.objectId` in Bicep/ARM).
    pub AksKubeletAcrpullMissing {
        id: "aks-kubelet-acrpull-missing",
        severity: Error,
        summary: "An AKS cluster's kubelet identity has no role that pulls from the registry",
        fix: false,
    }
}

impl Check for AksKubeletAcrpullMissing {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AksKubeletAcrpullMissing::META.id,
            StepKind::Auth,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Assign AcrPull (Container Registry Repository Reader if the registry uses ABAC) on registry `{}` to the cluster's kubelet identity, not to its control-plane identity",
                    registry_name(m, p)
                )
            },
        );
    }
}
