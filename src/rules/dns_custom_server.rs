use crate::analysis::{StepKind, Verdict};
use crate::diagnostic::Severity;
use crate::document::Location;
use crate::rules::{params_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A workload reaches a registry's private endpoint from a VNet that uses custom DNS
    /// servers (`dhcpOptions.dnsServers`). Whether those servers resolve
    /// `privatelink.azurecr.io` cannot be read from the documents, so the pull path's DNS step
    /// is `unknown`; this says so, once per VNet and registry. Container groups are not
    /// concerned: they ignore the VNet's DNS servers.
    ///
    /// ## Why it matters
    /// "If you define a custom DNS server in a virtual network, the system doesn't
    /// automatically query private DNS zones linked to that virtual network." The servers must
    /// forward the zone to Azure DNS (168.63.129.16) from a VNet linked to the zone, or use an
    /// Azure DNS Private Resolver there; otherwise the registry resolves to its public address.
    ///
    /// ## Source
    /// azure-docs `articles/dns/private-dns-privatednszone.md` (ms.date 2026-06-22);
    /// azure-management-docs `container-registry-private-endpoints.md` (ms.date 2026-02-11),
    /// "DNS configuration options"; AZURE-FACTS §3.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "apps", "dnsServers": ["10.0.0.4"], "addressSpace": ["10.1.0.0/16"],
    ///     "subnets": [ { "name": "nodes", "addressPrefix": "10.1.0.0/22" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Nothing to change in the template if the DNS servers forward `privatelink.azurecr.io`
    /// (or `azurecr.io`) to 168.63.129.16 from a VNet linked to the zone; check that they do.
    pub DnsCustomServer {
        id: "dns-custom-server",
        severity: Info,
        summary: "The workload's VNet uses custom DNS servers: resolution cannot be checked",
        fix: false,
    }
}

impl Check for DnsCustomServer {
    fn run(ctx: &mut RuleCtx) {
        let id = DnsCustomServer::META.id;
        let paths = ctx.paths;
        let mut done: Vec<(Location, String)> = Vec::new();
        for path in paths {
            let Some(step) = path.step(StepKind::Dns) else {
                continue;
            };
            if step.rule != Some(id) || step.verdict != Verdict::Unknown {
                continue;
            }
            let at = step.at.unwrap_or(path.pull_loc);
            if done.iter().any(|(l, r)| *l == at && *r == step.reason) {
                continue;
            }
            done.push((at, step.reason.clone()));
            let mut help = format!("Make sure these servers forward `privatelink.azurecr.io` to Azure DNS (168.63.129.16) from a VNet linked to the zone, or use an Azure DNS Private Resolver there; registry `{}` must resolve to its private endpoint", crate::rules::pull_step::registry_name(ctx.model, path));
            if let Some(n) = params_note(step.params.iter().map(String::as_str).collect()) {
                help = format!("{} ({n}).", help.trim_end_matches('.'));
            }
            let d = ctx.report_as(Severity::Info, at, step.reason.clone());
            if at != path.pull_loc {
                d.with_related_mut(path.pull_loc, "the pull");
            }
            for r in &step.locations {
                if r.location != at {
                    d.related.push(r.clone());
                }
            }
            d.help = Some(help);
        }
    }
}
