use crate::rules::{default_note, Check, RuleCtx};
use ipnet::IpNet;

crate::declare_rule! {
    /// ## What it checks
    /// An IPv4 subnet prefix shorter than /2 or longer than /29. Unknown prefixes and IPv6
    /// prefixes are not checked.
    ///
    /// ## Why it matters
    /// "The smallest supported IPv4 subnet is /29 (8 addresses minus 5 reserved = 3 usable).
    /// The largest supported IPv4 subnet is /2." Azure refuses to create a subnet outside
    /// these bounds, so the deployment fails. (An older FAQ said /8 was the largest; the 2026
    /// page supersedes it.)
    ///
    /// ## Source
    /// azure-docs networking architecture "IP address planning for Azure virtual networks"
    /// (ms.date 2026-06-22); AZURE-FACTS §4.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "app", "addressSpace": ["10.0.0.0/16"],
    ///     "subnets": [ { "name": "tiny", "addressPrefix": "10.0.0.0/30" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Give the subnet a prefix between /2 and /29: at least /28 in practice, since Azure keeps
    /// 5 addresses of every subnet.
    pub VnetSubnetSize {
        id: "vnet-subnet-size",
        severity: Error,
        summary: "An IPv4 subnet is larger than /2 or smaller than /29",
        fix: false,
    }
}

impl Check for VnetSubnetSize {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for sid in m.subnet_ids() {
            let s = m.subnet(sid);
            if s.meta.existing {
                continue;
            }
            let Some(prefixes) = &s.prefixes else {
                continue;
            };
            let sname = format!("{}/{}", m.vnet(s.vnet).name.label(), s.name.label());
            for (net, f) in prefixes.known_items() {
                let IpNet::V4(v4) = net else { continue };
                let len = v4.prefix_len();
                let why = if len > 29 {
                    format!("subnet `{sname}` is /{len}: the smallest subnet Azure accepts is /29 (3 usable addresses after the 5 it reserves), so the deployment fails")
                } else if len < 2 {
                    format!("subnet `{sname}` is /{len}: the largest subnet Azure accepts is /2, so the deployment fails")
                } else {
                    continue;
                };
                let mut help =
                    "Use a prefix between /2 and /29 (at least /28 leaves room to grow)."
                        .to_string();
                if let Some(note) = default_note(&[Some(f)]) {
                    help = format!("{help} ({note})");
                }
                ctx.report(f.loc, why).help = Some(help);
            }
        }
    }
}
