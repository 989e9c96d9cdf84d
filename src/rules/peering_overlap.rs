use crate::model::VnetId;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// Two VNets peered with each other whose address spaces overlap.
    ///
    /// ## Why it matters
    /// Azure refuses the peering: "The virtual networks you peer must have non-overlapping IP
    /// address spaces." Nothing on either side can reach the other, including a registry's
    /// private endpoint.
    ///
    /// ## Source
    /// azure-docs `articles/virtual-network/virtual-network-manage-peering.md` (ms.date
    /// 2022-11-14); AZURE-FACTS §4.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [
    ///   { "name": "hub", "addressSpace": ["10.0.0.0/16"], "peerings": [{ "remote": "spoke" }] },
    ///   { "name": "spoke", "addressSpace": ["10.0.128.0/17"], "peerings": [{ "remote": "hub" }] } ] }
    /// ```
    ///
    /// ## Fix
    /// Renumber one VNet so that the address spaces are disjoint.
    pub PeeringOverlap {
        id: "peering-overlap",
        severity: Error,
        summary: "Peered VNets have overlapping address spaces",
        fix: false,
    }
}

impl Check for PeeringOverlap {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let mut seen: Vec<(VnetId, VnetId)> = Vec::new();
        for pid in m.peering_ids() {
            let p = m.peering(pid);
            let Some(remote) = p.remote.id() else {
                continue;
            };
            let local = p.local;
            let key = (local.min(remote), local.max(remote));
            if local == remote || seen.contains(&key) {
                continue;
            }
            let (a, b) = (m.vnet(local), m.vnet(remote));
            let (Some(pa), Some(pb)) = (a.address_prefixes.as_ref(), b.address_prefixes.as_ref())
            else {
                continue;
            };
            for (na, fa) in pa.known_items() {
                for (nb, fb) in pb.known_items() {
                    if na.contains(&nb.network()) || nb.contains(&na.network()) {
                        seen.push(key);
                        let (an, bn) = (a.name.label(), b.name.label());
                        let note = default_note(&[Some(fa), Some(fb)]);
                        let d = ctx.report(
                            fa.loc,
                            format!("VNet `{an}` ({na}) overlaps peered VNet `{bn}` ({nb}): Azure refuses to peer overlapping address spaces"),
                        );
                        d.related.push(crate::diagnostic::Related {
                            location: fb.loc,
                            message: format!("`{bn}` uses {nb}"),
                        });
                        d.related.push(crate::diagnostic::Related {
                            location: p.meta.loc,
                            message: "the peering".into(),
                        });
                        d.help = Some(match note {
                            Some(n) => format!("Renumber one of the VNets so their address spaces are disjoint; {n}."),
                            None => "Renumber one of the VNets so their address spaces are disjoint.".into(),
                        });
                    }
                }
            }
        }
    }
}
