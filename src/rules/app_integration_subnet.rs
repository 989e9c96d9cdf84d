use crate::model::WorkloadKind;
use crate::rules::occupants::{subnet_label, subnets_of_kind};
use crate::rules::{default_note, Check, RuleCtx};
use ipnet::IpNet;

crate::declare_rule! {
    /// ## What it checks
    /// The subnet a web app is integrated with (`virtualNetworkSubnetId`) is not delegated to
    /// `Microsoft.Web/serverFarms`, or is smaller than /28. Reported once per subnet: on its
    /// delegations when they name other services, on the subnet when it has none, on the
    /// prefix when it is too small. Unknown delegations or prefixes are not checked.
    ///
    /// ## Why it matters
    /// Regional VNet integration "requires an unused subnet that's an IPv4 `/28` block or
    /// larger" delegated to `Microsoft.Web/serverFarms`; otherwise the integration (and with
    /// it the private pull path to the registry) cannot be set up. Microsoft recommends a /26
    /// to leave room for scaling.
    ///
    /// ## Source
    /// azure-docs `articles/app-service/overview-vnet-integration.md` (ms.date 2023-07-21);
    /// AZURE-FACTS §4.3, §4.4.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "web", "addressPrefix": "10.0.2.0/29" } ] } ],
    ///   "workloads": [ { "name": "web", "kind": "webApp", "subnets": ["app/web"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Delegate the subnet to `Microsoft.Web/serverFarms` and give it at least a /28 (a /26 is
    /// recommended).
    pub AppIntegrationSubnet {
        id: "app-integration-subnet",
        severity: Error,
        summary: "A web app's integration subnet is not delegated to Microsoft.Web/serverFarms or is smaller than /28",
        fix: false,
    }
}

const WEB_DELEGATION: &str = "Microsoft.Web/serverFarms";

impl Check for AppIntegrationSubnet {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let subnets = subnets_of_kind(m, WorkloadKind::WebApp, "is integrated here");
        for (sid, users) in subnets {
            let s = m.subnet(sid);
            if s.meta.existing {
                continue;
            }
            let sname = subnet_label(m, sid);
            let (delegated, at) = match &s.delegations {
                None => (false, s.meta.loc),
                Some(list) if list.has_unknown() => (true, s.meta.loc),
                Some(list) => (
                    list.known_items()
                        .any(|(d, _)| d.eq_ignore_ascii_case(WEB_DELEGATION)),
                    list.loc,
                ),
            };
            if !delegated {
                let d = ctx.report(
                    at,
                    format!("subnet `{sname}` is used for web app VNet integration but is not delegated to {WEB_DELEGATION}: the integration cannot be set up"),
                );
                d.related.extend(users.iter().cloned());
                d.help = Some(format!("Delegate subnet `{sname}` to {WEB_DELEGATION}."));
            }
            let Some(prefixes) = &s.prefixes else {
                continue;
            };
            for (net, f) in prefixes.known_items() {
                let IpNet::V4(v4) = net else { continue };
                if v4.prefix_len() <= 28 {
                    continue;
                }
                let mut help =
                    "Use at least a /28 (Microsoft recommends a /26 to leave room for scaling)."
                        .to_string();
                if let Some(note) = default_note(&[Some(f)]) {
                    help = format!("{help} ({note})");
                }
                let d = ctx.report(
                    f.loc,
                    format!("subnet `{sname}` ({v4}) is used for web app VNet integration but is smaller than the /28 it needs"),
                );
                d.related.extend(users.iter().cloned());
                d.help = Some(help);
            }
        }
    }
}
