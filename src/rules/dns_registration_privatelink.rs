use crate::rules::acr_admin_user_enabled::set_false;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A VNet link with `registrationEnabled: true` on a private DNS zone whose name starts
    /// with `privatelink.`.
    ///
    /// ## Why it matters
    /// Auto-registration writes the VNet's virtual machines into the zone, which is meant to
    /// hold only private-endpoint records, and "every virtual network can have exactly one
    /// registration zone": the link uses up the VNet's single registration slot. The ACR
    /// guidance links the zone with `--registration-enabled false`.
    ///
    /// ## Source
    /// azure-docs `articles/dns/private-dns-virtual-network-links.md` (ms.date 2019-09-24);
    /// azure-management-docs `container-registry-private-endpoints.md` (ms.date 2026-02-11);
    /// AZURE-FACTS §3.2.
    ///
    /// ## Example
    /// ```json
    /// { "dnsZones": [ { "name": "privatelink.azurecr.io",
    ///     "links": [ { "vnet": "apps", "registrationEnabled": true } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `registrationEnabled` to `false` (quick fix).
    pub DnsRegistrationPrivatelink {
        id: "dns-registration-privatelink",
        severity: Warning,
        summary: "Auto-registration is enabled on a privatelink.* zone link",
        fix: true,
    }
}

impl Check for DnsRegistrationPrivatelink {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for z in &m.zones {
            let Some(zname) = z.name.get() else { continue };
            if !zname.to_ascii_lowercase().starts_with("privatelink.") {
                continue;
            }
            for l in &z.links {
                let Some(f) = l.registration_enabled.as_ref() else {
                    continue;
                };
                if f.get() != Some(&true) {
                    continue;
                }
                let vname = l.vnet.id().map_or_else(
                    || "its VNet".to_string(),
                    |v| format!("VNet `{}`", m.vnet(v).name.label()),
                );
                let fix = set_false(ctx, f, "Turn off auto-registration");
                let help = "Set `registrationEnabled` to `false`: a privatelink zone holds only endpoint records.";
                let d = ctx.report(
                    f.loc,
                    format!("the link of zone `{zname}` to {vname} enables auto-registration: the VNet's machines get written into a private-endpoint zone, and the VNet's only registration slot is used up"),
                );
                d.help = Some(match default_note(&[Some(f)]) {
                    Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                    None => help.into(),
                });
                d.fix = fix;
            }
        }
    }
}
