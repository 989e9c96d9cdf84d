use crate::analysis::StepKind;
use crate::diagnostic::Severity;
use crate::rules::pull_step::{registry_name, report_steps, when_broken};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A workload pulls from a registry that refuses public traffic, and the only private
    /// endpoint for it is two peering hops away: the workload's VNet and the endpoint's VNet
    /// are both peered with a third VNet (a hub) but not with each other.
    ///
    /// ## Why it matters
    /// "Peerings by themselves aren't transitive ... There's no connectivity between
    /// VirtualNetwork1 and VirtualNetwork3 through VirtualNetwork2". Without a direct peering,
    /// or a firewall/NVA in the hub with routes and `allowForwardedTraffic`, the nodes cannot
    /// reach the endpoint and the pull fails.
    ///
    /// ## Source
    /// azure-docs `articles/virtual-network/virtual-network-manage-peering.md` (ms.date
    /// 2022-11-14); AZURE-FACTS §4.2.
    ///
    /// ## Example
    /// ```json
    /// { "vnets": [
    ///   { "name": "hub", "addressSpace": ["10.0.0.0/16"], "peerings": [ { "remote": "a" }, { "remote": "b" } ] },
    ///   { "name": "a", "addressSpace": ["10.1.0.0/16"], "peerings": [ { "remote": "hub" } ] },
    ///   { "name": "b", "addressSpace": ["10.2.0.0/16"], "peerings": [ { "remote": "hub" } ] } ] }
    /// ```
    /// with the workload in `a` and the registry's endpoint in `b`.
    ///
    /// ## Fix
    /// Put the endpoint in the hub (or in the workload's VNet), or peer the two VNets directly
    /// in both directions.
    pub PeeringTransitive {
        id: "peering-transitive",
        severity: Error,
        summary: "The pull path needs two peering hops; peering is not transitive",
        fix: false,
    }
}

impl Check for PeeringTransitive {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        report_steps(
            ctx,
            PeeringTransitive::META.id,
            StepKind::Endpoint,
            when_broken(Severity::Error),
            |p, _| {
                format!(
                    "Move the endpoint of registry `{}` to the hub or to the workload's VNet, or peer the two VNets directly in both directions",
                    registry_name(m, p)
                )
            },
        );
    }
}
