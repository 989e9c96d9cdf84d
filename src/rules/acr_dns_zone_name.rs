use crate::diagnostic::Fix;
use crate::fix;
use crate::model::names::ACR_ZONE;
use crate::model::ZoneId;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry private endpoint whose DNS zone group writes into a zone not named exactly
    /// `privatelink.azurecr.io`.
    ///
    /// ## Why it matters
    /// Clients resolve `<registry>.azurecr.io` through the public CNAME to
    /// `<registry>.privatelink.azurecr.io`; only a private zone with exactly that name overrides
    /// it. Records in any other zone are never consulted, so pulls go to the public endpoint
    /// (and fail when public access is disabled). There is no regional zone either: data
    /// endpoint records `<registry>.<region>.data` live in the same zone.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-private-endpoints.md`
    /// (ms.date 2026-02-11): "name the zone **privatelink.azurecr.io**"; learn
    /// `private-link/private-endpoint-dns` (updated 2026-05-07); AZURE-FACTS §1.3, §2.3.
    ///
    /// ## Example
    /// ```json
    /// { "dnsZones": [ { "name": "privatelink.azurecr.com" } ],
    ///   "privateEndpoints": [ { "name": "pe", "subnet": "hub/pe", "registry": "contosoacr",
    ///     "zoneGroups": [ { "zones": ["privatelink.azurecr.com"] } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Name the zone `privatelink.azurecr.io`.
    ///
    /// The quick fix renames it where that is safe: the zone's name is a literal (not a
    /// parameter or an expression), no zone of that name exists already, no other resource
    /// has the zone's current name, the zone holds no hand-written records (their names are
    /// relative to the zone), and only registry endpoints write into the zone. It also renames every place that names the zone by the
    /// same literal (topology JSON zone-group entries, ARM `resourceId(...)` arguments and
    /// `<zone>/<link>` child names, Bicep `existing` references), so that the document stays
    /// consistent; references by symbol (`zone.id`) follow by themselves.
    pub AcrDnsZoneName {
        id: "acr-dns-zone-name",
        severity: Error,
        summary: "A registry endpoint's zone group uses a zone not named privatelink.azurecr.io",
        fix: true,
    }
}

impl Check for AcrDnsZoneName {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for eid in m.endpoint_ids() {
            let e = m.endpoint(eid);
            let Some(rid) = e.connections.iter().find_map(|c| c.target.id()) else {
                continue;
            };
            let rname = m.registry(rid).name.label();
            for g in &e.zone_groups {
                for zref in &g.zones {
                    let Some(zid) = zref.id() else { continue };
                    let zone = m.zone(zid);
                    if zone.meta.existing {
                        continue;
                    }
                    let Some(zname) = zone.name.get() else {
                        continue;
                    };
                    if zname.trim_end_matches('.').eq_ignore_ascii_case(ACR_ZONE) {
                        continue;
                    }
                    let ename = e.name.label();
                    let fixed = rename_fix(ctx, zid);
                    let d = ctx.report(
                        zref.loc,
                        format!("private endpoint `{ename}` to registry `{rname}` writes its records into zone `{zname}`; registry names resolve only through a zone named exactly `{ACR_ZONE}`"),
                    )
                    .with_related_mut(zone.name.loc, format!("zone `{zname}` is declared here"));
                    d.help = Some(format!("Name the zone `{ACR_ZONE}` (data-endpoint records `<registry>.<region>.data` go in the same zone)."));
                    d.fix = fixed;
                }
            }
        }
    }
}

/// Rename zone `zid` to `privatelink.azurecr.io`, with every literal that names it.
fn rename_fix(ctx: &RuleCtx, zid: ZoneId) -> Option<Fix> {
    let m = ctx.model;
    let zone = m.zone(zid);
    let old = zone.name.get()?;
    // Records written by hand are relative to the zone: under another zone name they would
    // name other hosts (`myregistry` in a regional zone is not `myregistry` in ours).
    if zone.meta.maybe || zone.name.via_param.is_some() || !zone.records.is_empty() {
        return None;
    }
    // Renaming into a name another zone holds would make two zones of one name.
    if m.zones.iter().any(|z| {
        z.name
            .get()
            .is_none_or(|n| n.trim_end_matches('.').eq_ignore_ascii_case(ACR_ZONE))
    }) {
        return None;
    }
    // A zone that other endpoints also write into is theirs too: not ours to rename.
    let users_are_registries = m.endpoint_ids().map(|e| m.endpoint(e)).all(|e| {
        let uses = e
            .zone_groups
            .iter()
            .flat_map(|g| &g.zones)
            .any(|z| z.id().is_none_or(|id| id == zid));
        !uses || e.connections.iter().all(|c| c.target.id().is_some())
    });
    if !users_are_registries {
        return None;
    }
    // The rename finds the zone's name wherever it is written as a literal: another resource
    // of the same name would be renamed with it.
    let same =
        |n: &crate::model::Field<String>| n.get().is_some_and(|n| n.eq_ignore_ascii_case(old));
    let shared = m.vnets.iter().any(|v| same(&v.name))
        || m.subnets.iter().any(|s| same(&s.name))
        || m.registries.iter().any(|r| same(&r.name))
        || m.endpoints.iter().any(|e| same(&e.name))
        || m.identities.iter().any(|i| same(&i.name))
        || m.workloads.iter().any(|w| same(&w.name))
        || m.app_gateways.iter().any(|g| same(&g.name))
        || m.zones.iter().filter(|z| same(&z.name)).count() > 1;
    if shared {
        return None;
    }
    let edits = fix::rename_literal(ctx.docs, old, ACR_ZONE);
    // The declaration itself must be one of the literals found, else its name is not written
    // as a literal and the rename would miss it.
    let decl = zone.name.loc;
    if !edits
        .iter()
        .any(|e| e.file == decl.file && decl.range.contains_range(e.range))
    {
        return None;
    }
    let others = edits.len() - 1;
    let title = match others {
        0 => format!("Rename zone `{old}` to `{ACR_ZONE}`"),
        1 => format!("Rename zone `{old}` to `{ACR_ZONE}` (and the 1 other place naming it)"),
        n => format!("Rename zone `{old}` to `{ACR_ZONE}` (and the {n} other places naming it)"),
    };
    fix::fix(ctx.docs, title, edits)
}
