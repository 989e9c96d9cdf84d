use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private endpoint connection declared in `manualPrivateLinkServiceConnections` (a
    /// topology endpoint with `manualApproval: true`).
    ///
    /// ## Why it matters
    /// A manual connection waits in the *Pending* state until the owner of the target resource
    /// approves it, and "Only private endpoints in an *Approved* state can send traffic". The
    /// deployment succeeds, but pulls through the endpoint fail until someone approves it.
    ///
    /// ## Source
    /// azure-docs `articles/private-link/private-endpoint-overview.md` (ms.date 2023-08-02);
    /// azure-management-docs `container-registry-private-endpoints.md` (ms.date 2026-02-11);
    /// AZURE-FACTS §1.3, §2.1.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///     "manualApproval": true } ] }
    /// ```
    ///
    /// ## Fix
    /// Use `privateLinkServiceConnections` when the deploying identity has rights on the
    /// registry (the connection is then approved automatically), or plan the approval step.
    pub PeManualConnection {
        id: "pe-manual-connection",
        severity: Info,
        summary: "A private endpoint connection needs manual approval before traffic flows",
        fix: false,
    }
}

impl Check for PeManualConnection {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for e in &m.endpoints {
            for c in e.connections.iter().filter(|c| c.manual) {
                let target = match c.target.id() {
                    Some(r) => format!("registry `{}`", m.registry(r).name.label()),
                    None => "its target".to_string(),
                };
                ctx.report(
                    c.loc,
                    format!("private endpoint `{}` connects to {target} through a manual connection: no traffic flows until the connection is approved", e.name.label()),
                )
                .help = Some("Use `privateLinkServiceConnections` (approved automatically when the deploying identity has rights on the target), or plan the approval.".into());
            }
        }
    }
}
