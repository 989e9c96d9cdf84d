use crate::rules::{default_note, Check, RuleCtx};
use ipnet::{IpNet, Ipv4Net};

crate::declare_rule! {
    /// ## What it checks
    /// A VNet address space that overlaps a range Azure forbids: 224.0.0.0/4 (multicast),
    /// 255.255.255.255/32 (broadcast), 127.0.0.0/8 (loopback), 169.254.0.0/16 (link-local) or
    /// 168.63.129.16/32 (the Azure platform's DNS and health-probe address). Unknown prefixes
    /// are not checked.
    ///
    /// ## Why it matters
    /// Azure refuses these ranges in a VNet's address space, so the deployment fails; and
    /// 168.63.129.16 is where every VNet sends DNS queries for private DNS zones.
    ///
    /// ## Source
    /// azure-docs networking architecture "IP address planning for Azure virtual networks"
    /// (ms.date 2026-06-22) and `virtual-network/virtual-networks-faq.md`; AZURE-FACTS §4.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["169.254.0.0/16"] } ] }
    /// ```
    ///
    /// ## Fix
    /// Use private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, or 100.64.0.0/10,
    /// which Azure treats as private) that avoids these ranges.
    pub VnetReservedRange {
        id: "vnet-reserved-range",
        severity: Error,
        summary: "A VNet's address space uses a range Azure reserves",
        fix: false,
    }
}

const RESERVED: &[(&str, &str)] = &[
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    (
        "168.63.129.16/32",
        "the Azure platform address used for DNS and health probes",
    ),
];

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

impl Check for VnetReservedRange {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for vid in m.vnet_ids() {
            let v = m.vnet(vid);
            if v.meta.existing {
                continue;
            }
            let Some(prefixes) = &v.address_prefixes else {
                continue;
            };
            for (net, f) in prefixes.known_items() {
                let IpNet::V4(v4) = net else { continue };
                let hits: Vec<String> = RESERVED
                    .iter()
                    .filter_map(|(r, what)| {
                        let r: Ipv4Net = r.parse().ok()?;
                        overlaps(v4, &r).then(|| format!("{r} ({what})"))
                    })
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                let mut help = "Use private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids Azure's reserved ranges.".to_string();
                if let Some(note) = default_note(&[Some(f)]) {
                    help = format!("{help} ({note})");
                }
                ctx.report(
                    f.loc,
                    format!(
                        "VNet `{}` uses {v4}, which overlaps {}: Azure does not allow this range in a VNet, so the deployment fails",
                        v.name.label(),
                        hits.join(" and ")
                    ),
                )
                .help = Some(help);
            }
        }
    }
}
