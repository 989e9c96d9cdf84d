use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// An AKS cluster pulls from a registry, its kubelet identity has no pull-capable role
    /// covering the registry, and the cluster's control-plane identity (`identity`,
    /// `aks.identity.principalId`) has one. Reported on the role assignment's principal.
    ///
    /// One problem, one rule: this rule takes the case from `aks-kubelet-acrpull-missing`
    /// (the most specific rule wins). When the kubelet identity holds a role of the wrong
    /// registry mode, `acr-abac-role-mismatch` reports it instead. Not reported when the
    /// kubelet identity is outside the documents (its roles may be too).
    ///
    /// ## Why it matters
    /// Nodes pull with the kubelet identity, `identityProfile.kubeletidentity`, not with the
    /// cluster's identity: "The AKS to ACR integration assigns the AcrPull role to the
    /// Microsoft Entra ID managed identity associated with the agent pool". A role on the
    /// control-plane identity lets nothing pull: pods stay in `ImagePullBackOff` with
    /// `401 Unauthorized`.
    ///
    /// ## Source
    /// azure-aks-docs `articles/aks/managed-identity-overview.md` (ms.date 2026-08-18) and
    /// `cluster-container-registry-integration.md` (ms.date 2026-05-08); AZURE-FACTS §6.1.
    ///
    /// ## Example
    /// ```bicep
    /// resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
    ///   scope: acr
    ///   name: guid(acr.id, aks.id, 'acrpull')
    ///   properties: {
    ///     principalId: aks.identity.principalId
    ///     roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Give the role to the kubelet identity:
    /// `principalId: aks.properties.identityProfile.kubeletidentity.objectId` (topology JSON:
    /// `"principal": { "kubeletOf": "<cluster>" }`).
    pub AksAcrpullOnControlPlane {
        id: "aks-acrpull-on-control-plane",
        severity: Error,
        summary: "The registry pull role is on an AKS cluster's control-plane identity, not its kubelet identity",
        fix: false,
    }
}

impl Check for AksAcrpullOnControlPlane {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AksAcrpullOnControlPlane::META.id,
            StepKind::Auth,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Give the role on registry `{}` to the kubelet identity (`identityProfile.kubeletidentity.objectId`); the control-plane identity does not pull images",
                    registry_name(m, p)
                )
            },
        );
    }
}
