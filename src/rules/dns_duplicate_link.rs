use crate::model::{Target, VnetId};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// Two `virtualNetworkLinks` of one private DNS zone to the same VNet (the same VNet of the
    /// documents, or the same resource id, compared case-insensitively). Links whose VNet or
    /// deployment condition is unknown are not compared.
    ///
    /// ## Why it matters
    /// "You can create only one link between a private DNS zone and a virtual network." The
    /// second link is refused and the deployment fails.
    ///
    /// ## Source
    /// azure-docs `articles/dns/private-dns-virtual-network-links.md` (ms.date 2019-09-24);
    /// AZURE-FACTS §3.1.
    ///
    /// ## Example
    /// ```json
    /// { "dnsZones": [ { "name": "privatelink.azurecr.io", "links": [
    ///     { "name": "apps", "vnet": "apps" }, { "name": "apps-2", "vnet": "apps" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Remove one of the links.
    pub DnsDuplicateLink {
        id: "dns-duplicate-link",
        severity: Error,
        summary: "Two links from one zone to the same VNet",
        fix: false,
    }
}

#[derive(PartialEq)]
enum Key {
    Vnet(VnetId),
    External(String),
}

impl Check for DnsDuplicateLink {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for z in &m.zones {
            let mut seen: Vec<(Key, usize)> = Vec::new();
            for (i, l) in z.links.iter().enumerate() {
                if l.meta.maybe {
                    continue;
                }
                let key = match l.vnet.get() {
                    Some(Target::Resolved(v)) => Key::Vnet(*v),
                    Some(Target::External(s)) => Key::External(s.to_ascii_lowercase()),
                    None => continue,
                };
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    let f = &z.links[*first];
                    let vname = match &key {
                        Key::Vnet(v) => format!("`{}`", m.vnet(*v).name.label()),
                        Key::External(s) => format!("`{s}`"),
                    };
                    let d = ctx.report(
                        l.vnet.loc,
                        format!("zone `{}` is linked to VNet {vname} twice; Azure allows one link between a zone and a VNet", z.name.label()),
                    );
                    d.with_related_mut(f.meta.loc, "the first link");
                    d.help = Some("Remove one of the links.".into());
                } else {
                    seen.push((key, i));
                }
            }
        }
    }
}
