use crate::diagnostic::Severity;
use crate::model::names::{role_name, role_pull, RolePull};
use crate::model::Scope;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A role assignment on a registry whose pull role does not match the registry's
    /// `roleAssignmentMode`: AcrPull or AcrPush on a registry in ABAC mode
    /// (`AbacRepositoryPermissions`) is an error; a Container Registry Repository
    /// Reader/Writer/Contributor role on a registry in the default legacy mode is a warning.
    /// Only assignments scoped to the registry itself are checked (a role on a resource group
    /// may be meant for other registries), and registries declared `existing` are skipped:
    /// their mode is unknown.
    ///
    /// ## Why it matters
    /// "For registries in RBAC Registry Permissions mode, use the `AcrPull` role. For
    /// registries in RBAC Registry + ABAC Repository Permissions mode, use the `Container
    /// Registry Repository Reader` role." AcrPull and AcrPush give no data-plane rights on an
    /// ABAC registry, so the holder cannot pull. The Repository roles are documented for ABAC
    /// registries only; what they do on a legacy registry is not documented, hence a warning.
    ///
    /// ## Source
    /// azure-aks-docs `articles/aks/managed-identity-overview.md` (ms.date 2026-08-18) and
    /// `cluster-container-registry-integration.md` (ms.date 2026-05-08); azure-management-docs
    /// `container-registry-rbac-built-in-roles-directory-reference.md`; AZURE-FACTS §1.5, §6.1.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium",
    ///     "roleAssignmentMode": "AbacRepositoryPermissions" } ],
    ///   "roleAssignments": [ { "principal": { "kubeletOf": "aks" }, "role": "AcrPull",
    ///     "registry": "contosoacr" } ] }
    /// ```
    ///
    /// ## Fix
    /// On an ABAC registry assign Container Registry Repository Reader (or Writer/Contributor);
    /// on a legacy registry assign AcrPull (or AcrPush).
    pub AcrAbacRoleMismatch {
        id: "acr-abac-role-mismatch",
        severity: Error,
        summary: "A pull role does not match the registry's role assignment mode",
        fix: false,
    }
}

const DATA_ONLY: &[&str] = &["AcrPull", "AcrPush"];

impl Check for AcrAbacRoleMismatch {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for ra in &m.role_assignments {
            let Some(Scope::Registry(rid)) = ra.scope.get() else {
                continue;
            };
            let r = m.registry(*rid);
            if r.meta.existing {
                continue;
            }
            let Some(role) = ra.role.get() else { continue };
            let abac = match &r.role_assignment_mode {
                None => false,
                Some(f) => match f.get() {
                    Some(v) => v.eq_ignore_ascii_case("AbacRepositoryPermissions"),
                    None => continue,
                },
            };
            let rn = role_name(role);
            let rname = r.name.label();
            let mode_loc = r.role_assignment_mode.as_ref().map(|f| f.loc);
            let (sev, msg, help) = match (role_pull(role), abac) {
                (RolePull::Legacy, true) if DATA_ONLY.iter().any(|d| rn.eq_ignore_ascii_case(d)) => (
                    Severity::Error,
                    format!("{rn} on registry `{rname}` grants no pull: the registry uses ABAC repository permissions, where only the Container Registry Repository roles reach images"),
                    "Assign Container Registry Repository Reader (b93aa761-3e63-49ed-ac28-beffa264f7ac) instead, or switch the registry to `LegacyRegistryPermissions`.",
                ),
                (RolePull::Abac, false) => (
                    Severity::Warning,
                    format!("{rn} on registry `{rname}` is a role for registries in ABAC mode, but `{rname}` uses legacy registry permissions{}", if mode_loc.is_none() { " (the default)" } else { "" }),
                    "Assign AcrPull (7f951dda-4ed3-4680-a7ca-43fe172d538d) instead, or set `roleAssignmentMode: 'AbacRepositoryPermissions'` on the registry.",
                ),
                _ => continue,
            };
            let note = default_note(&[r.role_assignment_mode.as_ref(), Some(&ra.role)]);
            let d = ctx.report_as(sev, ra.role.loc, msg);
            d.with_related_mut(
                mode_loc.unwrap_or(r.meta.loc),
                match mode_loc {
                    Some(_) => "the registry's role assignment mode",
                    None => "the registry, in the default legacy mode",
                },
            );
            d.help = Some(match note {
                Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                None => help.into(),
            });
        }
    }
}
