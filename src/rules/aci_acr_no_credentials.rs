use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) pulls from a registry that refuses public traffic
    /// (`publicNetworkAccess: Disabled` or `defaultAction: Deny`), and has no
    /// `imageRegistryCredentials` entry for the registry's login server that names a managed
    /// identity: none at all, or username/password only.
    ///
    /// ## Why it matters
    /// A restricted registry admits a container group only as a trusted service pulling with a
    /// managed identity: "When access to an Azure Container Registry (ACR) is restricted using a
    /// private endpoint, using a managed identity allows Azure Container Instances deployed into
    /// a virtual network to access the container registry through the private endpoint", and
    /// "You must use a user-assigned managed identity to authenticate image pulls from ACR".
    /// Without it the group fails to start with an image pull error.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/using-azure-container-registry-mi.md`
    /// (ms.date 2026-07-25); mgmt-docs `allow-access-trusted-services.md` (ms.date
    /// 2025-02-28); AZURE-FACTS §1.6, §1.7, §5.3.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "publicNetworkAccess": "Disabled" } ],
    ///   "workloads": [ { "name": "jobs", "kind": "aci", "pullsFrom": ["contosoacr"],
    ///     "registryCredentials": [ { "server": "contosoacr.azurecr.io", "username": "puller" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Give the group a user-assigned identity holding AcrPull on the registry and name it in a
    /// credential: `"identities": ["pull"]`, `"registryCredentials": [ { "server":
    /// "contosoacr.azurecr.io", "identity": "pull" } ]`; keep `bypass` at `AzureServices`.
    pub AciAcrNoCredentials {
        id: "aci-acr-no-credentials",
        severity: Error,
        summary: "A container group pulls from a restricted registry without an identity-based credential",
        fix: false,
    }
}

impl Check for AciAcrNoCredentials {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            AciAcrNoCredentials::META.id,
            StepKind::Auth,
            when_broken(Severity::Error),
            |p, _| {
                let r = registry_name(m, p).to_ascii_lowercase();
                format!(
                    "Add a credential `{{ \"server\": \"{r}.azurecr.io\", \"identity\": \"<user-assigned identity>\" }}` naming a user-assigned identity of the group that holds AcrPull on the registry"
                )
            },
        );
    }
}
