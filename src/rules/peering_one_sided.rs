use crate::diagnostic::Fix;
use crate::document::DocumentKind;
use crate::fix::{self, FixValue};
use crate::model::PeeringId;
use crate::rules::dns_link_missing::capitalised;
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A peering from VNet A to VNet B when both VNets are in the documents and B has no
    /// peering back to A.
    ///
    /// ## Why it matters
    /// A peering is only established when both directions exist: "The peering isn't
    /// successfully established until the peering status for both virtual network peerings is
    /// *Connected*." Until then no traffic flows, so a workload in A cannot reach a registry's
    /// private endpoint in B.
    ///
    /// ## Source
    /// azure-docs `articles/virtual-network/virtual-network-manage-peering.md` (ms.date
    /// 2022-11-14); learn.microsoft.com `Add-AzVirtualNetworkPeering` ("a peering link must be
    /// created from vnet1 to vnet2 and vice versa"); AZURE-FACTS §4.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [
    ///   { "name": "hub", "addressSpace": ["10.0.0.0/16"], "peerings": [{ "remote": "spoke" }] },
    ///   { "name": "spoke", "addressSpace": ["10.1.0.0/16"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Add the reverse peering on the remote VNet (`"peerings": [{ "remote": "hub" }]` on
    /// `spoke`).
    ///
    /// The quick fix does that in topology JSON, and in Bicep adds a `virtualNetworkPeerings`
    /// resource after the remote VNet's declaration (`parent: <remote>`,
    /// `remoteVirtualNetwork: { id: <local>.id }`) when both VNets are plain declarations of
    /// the same file (no loop, no condition). In ARM templates it adds the reverse peering
    /// (`<remote>-to-<local>`, `remoteVirtualNetwork.id` a `[resourceId(...)]`) the way the
    /// forward one is declared: a nested `virtualNetworkPeerings` child or a top-level
    /// `<remote>/<name>` resource, both with `dependsOn` (a top-level one when the forward
    /// peering is inline in `properties.virtualNetworkPeerings`: an inline reverse would make
    /// each VNet wait for the other); only when both VNets are declared with literal names
    /// and without `copy`, and the remote VNet does not list peerings inline.
    pub PeeringOneSided {
        id: "peering-one-sided",
        severity: Error,
        summary: "A peering has no reverse peering although both VNets are in the documents",
        fix: true,
    }
}

impl Check for PeeringOneSided {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for pid in m.peering_ids() {
            let p = m.peering(pid);
            let Some(remote) = p.remote.id() else {
                continue;
            };
            let r = m.vnet(remote);
            if r.meta.existing || p.meta.maybe || remote == p.local {
                continue;
            }
            // A reverse peering whose target is unknown might be the one: not provable.
            let reverse = r
                .peerings
                .iter()
                .map(|&q| m.peering(q))
                .any(|q| match q.remote.get() {
                    Some(t) => t.resolved() == Some(p.local),
                    None => true,
                });
            if reverse {
                continue;
            }
            let local = m.vnet(p.local).name.label();
            let rname = r.name.label();
            let fixed = reverse_fix(
                ctx,
                pid,
                &format!("Add a peering from `{rname}` to `{local}`"),
            );
            let d = ctx.report(
                p.remote.loc,
                format!("VNet `{local}` peers with `{rname}`, but `{rname}` has no peering back to `{local}`: Azure connects a peering only when both directions exist, so no traffic flows"),
            )
            .with_related_mut(r.meta.loc, format!("`{rname}` is declared here without a peering to `{local}`"));
            d.help = Some(format!("Add a peering from `{rname}` to `{local}`."));
            d.fix = fixed;
        }
    }
}

/// The reverse of peering `pid`, on its remote VNet.
fn reverse_fix(ctx: &RuleCtx, pid: PeeringId, title: &str) -> Option<Fix> {
    let m = ctx.model;
    let p = m.peering(pid);
    let local = m.vnet(p.local);
    let remote = m.vnet(p.remote.id()?);
    let file = remote.meta.decl.file;
    let edit = match ctx.docs.get(file).kind {
        DocumentKind::Topology => fix::append_item(
            ctx.docs,
            remote.meta.decl,
            "peerings",
            &FixValue::object([("remote", FixValue::str(local.name.get()?))]),
        )?,
        DocumentKind::Bicep if local.meta.decl.file == file => {
            let r = fix::bicep_declaration(ctx.docs, remote.meta.decl)?;
            let l = fix::bicep_declaration(ctx.docs, local.meta.decl)?;
            if !r.plain || !l.plain {
                return None;
            }
            let symbol = fix::unique_symbol(
                ctx.docs,
                file,
                &format!("{}To{}", r.symbol, capitalised(&l.symbol)),
            );
            let body = FixValue::object([
                ("parent", FixValue::expr(&r.symbol)),
                (
                    "name",
                    FixValue::expr(format!(
                        "'${{{}.name}}-to-${{{}.name}}'",
                        r.symbol, l.symbol
                    )),
                ),
                (
                    "properties",
                    FixValue::object([(
                        "remoteVirtualNetwork",
                        FixValue::object([("id", FixValue::expr(format!("{}.id", l.symbol)))]),
                    )]),
                ),
            ]);
            let ty = format!("{}/virtualNetworkPeerings@{}", r.type_name, r.api_version?);
            fix::insert_declaration_after(
                ctx.docs,
                remote.meta.decl,
                &fix::bicep_resource(&symbol, &ty, &body),
            )?
        }
        DocumentKind::Arm if local.meta.decl.file == file && !remote.meta.maybe => {
            let r = fix::arm::arm_declaration(ctx.docs, remote.meta.decl)?;
            let l = fix::arm::arm_declaration(ctx.docs, local.meta.decl)?;
            // A remote VNet that lists its peerings inline: a separate peering resource beside
            // that list, or one more inline entry (see below), are both doubtful; no fix.
            if fix::arm::has_path(
                ctx.docs,
                remote.meta.decl,
                &["properties", "virtualNetworkPeerings"],
            ) {
                return None;
            }
            let name = format!("{}-to-{}", r.name, l.name);
            let remote_vnet = FixValue::object([("id", FixValue::str(l.resource_id()))]);
            let child = fix::arm::ArmChild {
                child_type: "virtualNetworkPeerings",
                name: &name,
                location: None,
                depends_on: vec![l.resource_id()],
                properties: FixValue::object([("remoteVirtualNetwork", remote_vnet)]),
            };
            // Declared the way the forward peering is: nested in its VNet or at the top
            // level. A forward peering inline in its VNet's `properties` gets a top-level
            // reverse: an inline one would make the remote VNet wait for the local one, which
            // (through its own inline peering) may already wait for the remote: a cycle.
            let forward_top = !fix::arm::declares_resource(ctx.docs, p.meta.decl)
                || fix::arm::is_top_level(ctx.docs, p.meta.decl);
            fix::arm::add_child(
                ctx.docs,
                remote.meta.decl,
                &child,
                !forward_top || !r.top_level,
            )?
        }
        _ => return None,
    };
    fix::fix(ctx.docs, title, vec![edit])
}
