use crate::analysis::StepKind;
use crate::rules::pull_step::{dns_severity, report_steps};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A workload reaches a registry's private endpoint, but its VNet uses Azure-provided DNS
    /// and no private DNS zone `privatelink.azurecr.io` is linked to it (and none is linked to
    /// a VNet it is peered with: that case is `dns-peering-no-link`). Error when the registry
    /// refuses public traffic, warning when it is public (the pull then silently goes over the
    /// internet). VNets with custom DNS servers are not checked (`dns-custom-server`);
    /// container groups use Azure DNS whatever their VNet says, unless they set `dnsConfig`.
    ///
    /// ## Why it matters
    /// "DNS resolution against a private DNS zone works only from virtual networks that are
    /// linked to it." An unlinked VNet resolves `<registry>.azurecr.io` through the public
    /// CNAME to the registry's public address: "When a resource has Public network access set
    /// to Disabled ... the service rejects the connection ... regardless of DNS resolution."
    ///
    /// ## Source
    /// azure-docs `articles/dns/private-dns-privatednszone.md` (ms.date 2026-06-22);
    /// learn.microsoft.com `private-link/private-endpoint-dns` (updated 2026-05-07); mgmt-docs
    /// `container-registry-private-endpoints.md` (ms.date 2026-02-11); AZURE-FACTS §2.3, §3.1,
    /// §5.2.
    ///
    /// ## Example
    /// ```json
    /// { "privateEndpoints": [ { "name": "pe", "subnet": "spoke/endpoints", "registry": "contosoacr",
    ///     "zoneGroups": [ { "zones": ["privatelink.azurecr.io"] } ] } ],
    ///   "dnsZones": [ { "name": "privatelink.azurecr.io", "links": [] } ] }
    /// ```
    ///
    /// ## Fix
    /// Link the zone to the workload's VNet: add `{ "vnet": "<workload VNet>" }` to the zone's
    /// `links` (a `virtualNetworkLinks` child with `registrationEnabled: false` in Bicep/ARM).
    pub DnsLinkMissing {
        id: "dns-link-missing",
        severity: Error,
        summary: "The workload's VNet is not linked to the privatelink.azurecr.io zone it needs",
        fix: false,
    }
}

impl Check for DnsLinkMissing {
    fn run(ctx: &mut RuleCtx) {
        report_steps(
            ctx,
            DnsLinkMissing::META.id,
            StepKind::Dns,
            dns_severity,
            |_, _| {
                "Link zone `privatelink.azurecr.io` to the workload's VNet (a link with `registrationEnabled: false`); until then the name resolves to the registry's public address".into()
            },
        );
    }
}
