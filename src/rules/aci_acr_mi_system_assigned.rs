use crate::model::{CredIdentity, Target, WorkloadProps};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A container group (ACI) whose registry credential pulls with its system-assigned
    /// identity, or with a user-assigned identity that is not among the group's identities.
    ///
    /// ## Why it matters
    /// ACI pulls images with a **user-assigned** identity only: "system-assigned identity is
    /// not supported for image pull". An identity the group does not carry cannot be used at
    /// all. Either way the pull fails and the group does not start.
    ///
    /// ## Source
    /// azure-compute-docs `articles/container-instances/using-azure-container-registry-mi.md`
    /// (ms.date 2026-07-25); AZURE-FACTS §1.7, §5.3.
    ///
    /// ## Example
    /// ```json
    /// { "workloads": [ { "name": "jobs", "kind": "aci", "systemAssigned": true,
    ///   "registryCredentials": [ { "server": "contoso.azurecr.io", "identity": "system" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Create a user-assigned identity, give it AcrPull on the registry, attach it to the group
    /// and name it in the credential.
    pub AciAcrMiSystemAssigned {
        id: "aci-acr-mi-system-assigned",
        severity: Error,
        summary: "A container group pulls with a system-assigned identity or one it does not carry",
        fix: false,
    }
}

impl Check for AciAcrMiSystemAssigned {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for wid in m.workload_ids() {
            let w = m.workload(wid);
            let WorkloadProps::Aci(aci) = &w.props else {
                continue;
            };
            let wname = w.name.label();
            for cred in &aci.credentials {
                let Some(id) = &cred.identity else { continue };
                let server = cred.server.get().cloned().unwrap_or_default();
                match id.get() {
                    Some(CredIdentity::SystemAssigned) => {
                        ctx.report(
                            id.loc,
                            format!("container group `{wname}` pulls from `{server}` with its system-assigned identity: ACI supports only user-assigned identities for image pulls"),
                        )
                        .help = Some("Use a user-assigned identity holding AcrPull on the registry, and name it here.".into());
                    }
                    Some(CredIdentity::UserAssigned(Target::Resolved(iid))) => {
                        // Only provable when every identity of the group is known.
                        if aci.user_assigned.iter().any(|u| u.get().is_none()) {
                            continue;
                        }
                        if aci.user_assigned.iter().any(|u| u.id() == Some(*iid)) {
                            continue;
                        }
                        let iname = m.identity(*iid).name.label();
                        ctx.report(
                            id.loc,
                            format!("container group `{wname}` pulls from `{server}` with identity `{iname}`, which is not one of its user-assigned identities: the pull cannot use it"),
                        )
                        .help = Some(format!("Add `{iname}` to the container group's user-assigned identities."));
                    }
                    _ => {}
                }
            }
        }
    }
}
