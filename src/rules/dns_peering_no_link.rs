use crate::analysis::StepKind;
use crate::rules::dns_link_missing::link_fix;
use crate::rules::pull_step::{dns_severity, report_steps_fixed};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A workload reaches a registry's private endpoint over a peering, and the zone
    /// `privatelink.azurecr.io` is linked to the peered VNet (typically the hub) but not to the
    /// workload's own VNet, which uses Azure-provided DNS. Error when the registry refuses
    /// public traffic, warning when it is public.
    ///
    /// ## Why it matters
    /// Peering connects address spaces, not name resolution: "You can't resolve names in peered
    /// virtual networks using default Azure name resolution", and a private zone answers only
    /// "virtual networks that are linked to it". The spoke resolves the registry to its public
    /// address, which is closed or, if open, bypasses the endpoint.
    ///
    /// ## Source
    /// azure-docs `articles/dns/private-dns-privatednszone.md` (ms.date 2026-06-22) and
    /// `articles/virtual-network/virtual-network-manage-peering.md` (ms.date 2022-11-14);
    /// AZURE-FACTS §3.1, §4.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "hub", "addressSpace": ["10.0.0.0/16"], "peerings": [ { "remote": "spoke" } ] },
    ///     { "name": "spoke", "addressSpace": ["10.1.0.0/16"], "peerings": [ { "remote": "hub" } ] } ],
    ///   "dnsZones": [ { "name": "privatelink.azurecr.io", "links": [ { "vnet": "hub" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Add a link from the zone to the workload's VNet as well (`{ "vnet": "spoke" }`), or give
    /// the spoke a DNS server that forwards to a resolver in a linked VNet.
    ///
    /// The quick fix adds the link as `dns-link-missing`'s does (topology JSON; Bicep when the
    /// zone and the VNet are plain declarations of one file).
    pub DnsPeeringNoLink {
        id: "dns-peering-no-link",
        severity: Error,
        summary: "The zone is linked only to a peered VNet; links are not shared over peering",
        fix: true,
    }
}

impl Check for DnsPeeringNoLink {
    fn run(ctx: &mut RuleCtx) {
        report_steps_fixed(
            ctx,
            DnsPeeringNoLink::META.id,
            StepKind::Dns,
            dns_severity,
            |_, _| {
                "Link zone `privatelink.azurecr.io` to the workload's own VNet too: peering does not share zone links".into()
            },
            link_fix,
        );
    }
}
