use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A subnet prefix that is not inside its VNet's address space, or that overlaps a sibling
    /// subnet's prefix.
    ///
    /// ## Why it matters
    /// Azure rejects the subnet: a subnet's range must lie in the VNet's address space and
    /// "subnet address spaces cannot overlap one another". The deployment fails, and with it
    /// every endpoint and workload placed in the subnet.
    ///
    /// ## Source
    /// azure-docs `articles/virtual-network/virtual-networks-faq.md`; "IP address planning for
    /// Azure virtual networks" (ms.date 2026-06-22); AZURE-FACTS §4.1.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [ { "name": "hub", "addressSpace": ["10.0.0.0/16"],
    ///   "subnets": [ { "name": "pe", "addressPrefix": "10.1.0.0/24" } ] } ] }
    /// ```
    ///
    /// ## Fix
    /// Choose a prefix inside the VNet's address space that no other subnet uses, or add the
    /// range to the VNet's address space.
    pub VnetSubnetOutsideSpace {
        id: "vnet-subnet-outside-space",
        severity: Error,
        summary: "A subnet lies outside its VNet's address space or overlaps a sibling subnet",
        fix: false,
    }
}

impl Check for VnetSubnetOutsideSpace {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for vid in m.vnet_ids() {
            let v = m.vnet(vid);
            let vname = v.name.label();
            let space = v.address_prefixes.as_ref().and_then(|a| a.all_known());
            let mut earlier: Vec<(ipnet::IpNet, &crate::model::Field<ipnet::IpNet>, String)> =
                Vec::new();
            for &sid in &v.subnets {
                let s = m.subnet(sid);
                let sname = s.name.label();
                let Some(prefixes) = &s.prefixes else {
                    continue;
                };
                for (net, field) in prefixes.known_items() {
                    if let Some(space) = &space {
                        if !space.is_empty() && !space.iter().any(|(sp, _)| sp.contains(net)) {
                            let list = space
                                .iter()
                                .map(|(sp, _)| sp.to_string())
                                .collect::<Vec<_>>()
                                .join(", ");
                            let d = ctx.report(
                                field.loc,
                                format!("subnet `{sname}` ({net}) is outside the address space of VNet `{vname}` ({list}): Azure rejects the subnet"),
                            );
                            if let Some(a) = &v.address_prefixes {
                                d.with_related_mut(a.loc, format!("`{vname}` address space"));
                            }
                            d.help = Some("Pick a prefix inside the VNet's address space, or add the range to the address space.".into());
                        }
                    }
                    if let Some((other, ofield, oname)) = earlier
                        .iter()
                        .find(|(o, _, _)| o.contains(&net.network()) || net.contains(&o.network()))
                    {
                        let d = ctx.report(
                            field.loc,
                            format!("subnet `{sname}` ({net}) overlaps subnet `{oname}` ({other}) of VNet `{vname}`: subnet ranges cannot overlap"),
                        );
                        d.with_related_mut(ofield.loc, format!("`{oname}` uses {other}"));
                        d.help = Some("Give each subnet its own range.".into());
                    }
                    earlier.push((*net, field, sname.clone()));
                }
            }
        }
    }
}
