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
    /// One problem, one rule (the most specific wins): when the role went to the cluster's
    /// control-plane identity instead, `aks-acrpull-on-control-plane` reports it; when the
    /// kubelet identity holds a role of the wrong registry mode on the registry itself
    /// (AcrPull on an ABAC registry, a Repository role on a legacy one),
    /// `acr-abac-role-mismatch` reports it, and this rule does only while that rule is not in
    /// the catalogue. A wrong-mode role on the resource group or subscription stays here. A role held only through an Entra
    /// group works and is `aks-acrpull-via-group`'s caveat.
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

/// The more specific rule for a kubelet role of the wrong registry mode.
const MODE_MISMATCH: &str = "acr-abac-role-mismatch";

impl Check for AksKubeletAcrpullMissing {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let help = |p: &crate::analysis::PullPath, _: &crate::analysis::Step| {
            format!(
                "Assign AcrPull (Container Registry Repository Reader if the registry uses ABAC) on registry `{}` to the cluster's kubelet identity, not to its control-plane identity",
                registry_name(m, p)
            )
        };
        report_steps(
            ctx,
            AksKubeletAcrpullMissing::META.id,
            StepKind::Auth,
            when_broken(Severity::Error),
            help,
        );
        if crate::rules::find(MODE_MISMATCH).is_none() {
            // Until the mode rule exists, the kubelet still lacks a role that pulls.
            report_steps(
                ctx,
                MODE_MISMATCH,
                StepKind::Auth,
                when_broken(Severity::Error),
                help,
            );
        }
    }
}
