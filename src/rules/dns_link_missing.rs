use crate::analysis::{PullPath, Step, StepKind};
use crate::diagnostic::Fix;
use crate::document::DocumentKind;
use crate::fix::{self, FixValue};
use crate::model::names::ACR_ZONE;
use crate::rules::pull_step::{dns_severity, report_steps_fixed};
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
    ///
    /// The quick fix does that in topology JSON, and in Bicep adds a `virtualNetworkLinks`
    /// resource after the zone's declaration (`parent: <zone>`, `registrationEnabled: false`,
    /// `virtualNetwork: { id: <vnet>.id }`) when the zone and the VNet are plain declarations
    /// of the same file (no loop, no condition, not `existing`). In ARM templates it adds a
    /// `virtualNetworkLinks` resource for the VNet, in the template's style: nested in the
    /// zone's `resources` when the zone nests its children, else a top-level
    /// `Microsoft.Network/privateDnsZones/virtualNetworkLinks` named `<zone>/<vnet>`, both with
    /// `[resourceId(...)]` references and `dependsOn`; only when the zone and the VNet are
    /// declared with literal names, without `copy`, and no link of that name exists.
    pub DnsLinkMissing {
        id: "dns-link-missing",
        severity: Error,
        summary: "The workload's VNet is not linked to the privatelink.azurecr.io zone it needs",
        fix: true,
    }
}

impl Check for DnsLinkMissing {
    fn run(ctx: &mut RuleCtx) {
        report_steps_fixed(
            ctx,
            DnsLinkMissing::META.id,
            StepKind::Dns,
            dns_severity,
            |_, _| {
                "Link zone `privatelink.azurecr.io` to the workload's VNet (a link with `registrationEnabled: false`); until then the name resolves to the registry's public address".into()
            },
            link_fix,
        );
    }
}

/// The fix of both DNS link rules: link the zone the step reports at to the workload's VNet
/// the step names.
pub(crate) fn link_fix(ctx: &RuleCtx, path: &PullPath, step: &Step) -> Option<Fix> {
    let m = ctx.model;
    let at = step.at?;
    let zone = m.zones.iter().find(|z| z.meta.loc == at)?;
    if zone.meta.existing || zone.meta.maybe {
        return None;
    }
    let vnet = m
        .workload(path.workload)
        .subnets
        .iter()
        .filter_map(|s| s.id())
        .map(|s| m.vnet(m.subnet(s).vnet))
        .find(|v| step.locations.iter().any(|r| r.location == v.meta.loc))?;
    let title = format!("Link zone `{ACR_ZONE}` to VNet `{}`", vnet.name.label());
    let file = zone.meta.decl.file;
    let edit = match ctx.docs.get(file).kind {
        DocumentKind::Topology => fix::append_item(
            ctx.docs,
            zone.meta.decl,
            "links",
            &FixValue::object([("vnet", FixValue::str(vnet.name.get()?))]),
        )?,
        DocumentKind::Bicep if vnet.meta.decl.file == file => {
            let z = fix::bicep_declaration(ctx.docs, zone.meta.decl)?;
            let v = fix::bicep_declaration(ctx.docs, vnet.meta.decl)?;
            if !z.plain || !v.plain {
                return None;
            }
            let symbol = fix::unique_symbol(
                ctx.docs,
                file,
                &format!("{}{}Link", z.symbol, capitalised(&v.symbol)),
            );
            let body = FixValue::object([
                ("parent", FixValue::expr(&z.symbol)),
                ("name", FixValue::expr(format!("{}.name", v.symbol))),
                ("location", FixValue::str("global")),
                (
                    "properties",
                    FixValue::object([
                        ("registrationEnabled", FixValue::Bool(false)),
                        (
                            "virtualNetwork",
                            FixValue::object([("id", FixValue::expr(format!("{}.id", v.symbol)))]),
                        ),
                    ]),
                ),
            ]);
            let ty = format!("{}/virtualNetworkLinks@{}", z.type_name, z.api_version?);
            fix::insert_declaration_after(
                ctx.docs,
                zone.meta.decl,
                &fix::bicep_resource(&symbol, &ty, &body),
            )?
        }
        DocumentKind::Arm if vnet.meta.decl.file == file && !vnet.meta.maybe => {
            let v = fix::arm::arm_declaration(ctx.docs, vnet.meta.decl)?;
            let z = fix::arm::arm_declaration(ctx.docs, zone.meta.decl)?;
            // A link of that name already exists (to another VNet): ours would replace it.
            if zone.links.iter().any(|l| {
                l.name
                    .as_ref()
                    .is_none_or(|n| n.get().is_none_or(|n| n.eq_ignore_ascii_case(&v.name)))
            }) {
                return None;
            }
            let id = v.resource_id();
            let child = fix::arm::ArmChild {
                child_type: "virtualNetworkLinks",
                name: &v.name,
                location: Some("global"),
                depends_on: vec![id.clone()],
                properties: FixValue::object([
                    ("registrationEnabled", FixValue::Bool(false)),
                    (
                        "virtualNetwork",
                        FixValue::object([("id", FixValue::str(id))]),
                    ),
                ]),
            };
            // Nested when the zone already nests its children (or is itself nested).
            fix::arm::add_child(
                ctx.docs,
                zone.meta.decl,
                &child,
                z.has_children || !z.top_level,
            )?
        }
        _ => return None,
    };
    fix::fix(ctx.docs, title, vec![edit])
}

/// `spoke` → `Spoke`, for symbols made of two others.
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
