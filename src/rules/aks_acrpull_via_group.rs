use crate::analysis::{StepKind, Verdict};
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_step};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// An AKS cluster's kubelet identity can pull from a registry only because it is a member
    /// of an Entra group that holds the pull role: no direct assignment for the kubelet
    /// identity covers the registry. Reported on the group's role assignment. Not reported
    /// when a direct assignment may exist (an unknown role, principal or scope, an identity
    /// or assignments outside the documents).
    ///
    /// The missing-role cases belong to `aks-kubelet-acrpull-missing`,
    /// `aks-acrpull-on-control-plane` and `acr-abac-role-mismatch`; this rule speaks only when
    /// the pull works.
    ///
    /// ## Why it matters
    /// "There's a latency issue with Microsoft Entra groups when attaching ACR. If the
    /// `AcrPull` role is granted to a Microsoft Entra group and the kubelet identity is added
    /// to the group ... there might be a delay before the RBAC group takes effect." Until it
    /// does, new nodes fail to pull.
    ///
    /// ## Source
    /// azure-aks-docs `articles/aks/cluster-container-registry-integration.md` (ms.date
    /// 2026-05-08); AZURE-FACTS §6.1.
    ///
    /// ## Example
    /// ```json
    /// { "identities": [ { "name": "acr-pullers", "type": "group", "members": [ { "kubeletOf": "aks" } ] } ],
    ///   "roleAssignments": [ { "principal": "acr-pullers", "role": "AcrPull", "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// Assign the role to the kubelet identity directly; or, as Microsoft suggests, bring your
    /// own kubelet identity, add it to the group before creating the cluster, and use it as
    /// the kubelet identity.
    pub AksAcrpullViaGroup {
        id: "aks-acrpull-via-group",
        severity: Warning,
        summary: "An AKS kubelet identity gets its registry pull role only through an Entra group",
        fix: false,
    }
}

impl Check for AksAcrpullViaGroup {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for path in ctx.paths {
            let Some(step) = path.step(StepKind::Auth) else {
                continue;
            };
            if step.verdict != Verdict::Ok || step.rule != Some(AksAcrpullViaGroup::META.id) {
                continue;
            }
            let message = format!(
                "{}, and only through that Entra group: a role held through a group can take a while to apply, and pulls fail until it does",
                step.reason
            );
            let help = format!(
                "Assign the pull role on registry `{}` to the kubelet identity directly, or bring your own kubelet identity that is already a member of the group",
                registry_name(m, path)
            );
            report_step(ctx, Severity::Warning, path, step, message, help);
        }
    }
}
