use crate::model::names::ACR_ZONE;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A private DNS zone named `<region>.data.privatelink.azurecr.io` is created (zones
    /// declared `existing` are not checked).
    ///
    /// ## Why it matters
    /// The private-endpoint DNS table lists `{regionName}.data.privatelink.azurecr.io` next to
    /// `privatelink.azurecr.io` with the footnote "If you are using Azure Private DNS Zones, do
    /// not deploy this as an additional zone. DNS entries will be automatically added to the
    /// existing DNS Zone `privatelink.azurecr.io`." The endpoint's data-endpoint records
    /// (`<registry>.<region>.data`) are written to `privatelink.azurecr.io`; a more specific
    /// zone linked to the same VNet answers for the names under it without them, so layer
    /// downloads from that region may fail.
    ///
    /// ## Source
    /// learn.microsoft.com `azure/private-link/private-endpoint-dns` (updated 2026-05-07),
    /// footnote 1; azure-management-docs `container-registry-private-endpoints.md` (ms.date
    /// 2026-02-11); AZURE-FACTS §2.3.
    ///
    /// ## Example
    /// ```json
    /// { "dnsZones": [ { "name": "privatelink.azurecr.io" },
    ///                 { "name": "westeurope.data.privatelink.azurecr.io" } ] }
    /// ```
    ///
    /// ## Fix
    /// Delete the regional zone; the data-endpoint records `<registry>.<region>.data` belong
    /// in `privatelink.azurecr.io`.
    pub AcrDnsRegionalZone {
        id: "acr-dns-regional-zone",
        severity: Warning,
        summary: "A separate <region>.data.privatelink.azurecr.io zone is created",
        fix: false,
    }
}

/// The region of a regional data zone name, if `name` is one.
fn regional(name: &str) -> Option<String> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let region = n.strip_suffix(&format!(".data.{ACR_ZONE}"))?;
    (!region.is_empty() && !region.contains('.')).then(|| region.to_string())
}

impl Check for AcrDnsRegionalZone {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for z in &m.zones {
            if z.meta.existing {
                continue;
            }
            let Some(name) = z.name.get() else { continue };
            let Some(region) = regional(name) else {
                continue;
            };
            ctx.report(
                z.name.loc,
                format!("zone `{name}` is a separate regional zone: the data-endpoint records of region `{region}` are written to `{ACR_ZONE}`, not here, and a VNet linked to both zones looks them up here"),
            )
            .help = Some(format!("Remove this zone; records `<registry>.{region}.data` belong in `{ACR_ZONE}`."));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn regional() {
        assert_eq!(
            super::regional("WestEurope.data.privatelink.azurecr.io."),
            Some("westeurope".into())
        );
        assert_eq!(super::regional("privatelink.azurecr.io"), None);
        assert_eq!(super::regional(".data.privatelink.azurecr.io"), None);
    }
}
