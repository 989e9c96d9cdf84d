//! Maps built once per model so that each pull path is a handful of lookups: peerings by VNet
//! pair, endpoints by registry and subnet, zone links by VNet, role assignments by principal,
//! group memberships.

use crate::model::names::ACR_ZONE;
use crate::model::{
    DnsZone, EndpointId, IdentityId, IdentityKind, Model, PeeringId, Principal, PrivateEndpoint,
    Registry, RoleAssignmentId, Subnet, SubnetId, Vnet, VnetId, ZoneId,
};
use std::collections::HashMap;

pub struct Index<'m> {
    pub m: &'m Model,
    /// Peerings from the first VNet to the second (both resolved).
    pub peerings: HashMap<(VnetId, VnetId), Vec<PeeringId>>,
    /// For each VNet, the VNets peered with it in at least one direction.
    pub neighbours: HashMap<VnetId, Vec<VnetId>>,
    /// Peerings whose remote VNet is unknown or outside the documents, by local VNet.
    pub open_peerings: HashMap<VnetId, Vec<PeeringId>>,
    /// Endpoints with a connection resolved to the registry.
    pub endpoints_by_registry: HashMap<crate::model::RegistryId, Vec<EndpointId>>,
    /// Endpoints with a connection whose target is unknown (it may be any registry).
    pub endpoints_unknown_target: Vec<EndpointId>,
    pub endpoints_by_subnet: HashMap<SubnetId, Vec<EndpointId>>,
    /// Zones named `privatelink.azurecr.io`, and zones whose name is unknown.
    pub acr_zones: Vec<ZoneId>,
    pub maybe_acr_zones: Vec<ZoneId>,
    /// Links of ACR zones (and maybe-ACR zones) by linked VNet: (zone, link index).
    pub links_by_vnet: HashMap<VnetId, Vec<(ZoneId, usize)>>,
    /// ACR zones with a link whose VNet is unknown.
    pub zones_with_open_links: Vec<ZoneId>,
    pub role_by_principal: HashMap<Principal, Vec<RoleAssignmentId>>,
    /// Role assignments whose principal is unknown.
    pub roles_unknown_principal: Vec<RoleAssignmentId>,
    /// Groups that list the principal as a (known) member.
    pub groups_of: HashMap<Principal, Vec<IdentityId>>,
    /// Groups with a member that is unknown.
    pub groups_with_unknown_members: Vec<IdentityId>,
}

impl<'m> Index<'m> {
    pub fn new(m: &'m Model) -> Self {
        let mut ix = Index {
            m,
            // Sized up front (at most one entry per item indexed): growing them rehashed.
            peerings: HashMap::with_capacity(m.peerings.len()),
            neighbours: HashMap::with_capacity(m.vnets.len().min(2 * m.peerings.len())),
            open_peerings: HashMap::new(),
            endpoints_by_registry: HashMap::new(),
            endpoints_unknown_target: Vec::new(),
            endpoints_by_subnet: HashMap::with_capacity(m.endpoints.len()),
            acr_zones: Vec::new(),
            maybe_acr_zones: Vec::new(),
            links_by_vnet: HashMap::with_capacity(m.vnets.len()),
            zones_with_open_links: Vec::new(),
            role_by_principal: HashMap::with_capacity(m.role_assignments.len()),
            roles_unknown_principal: Vec::new(),
            groups_of: HashMap::new(),
            groups_with_unknown_members: Vec::new(),
        };
        for (i, p) in m.peerings.iter().enumerate() {
            let id = PeeringId(i as u32);
            match p.remote.id().filter(|r| m.vnets.get(r.index()).is_some()) {
                Some(remote) if remote != p.local => {
                    ix.peerings.entry((p.local, remote)).or_default().push(id);
                    for (a, b) in [(p.local, remote), (remote, p.local)] {
                        let n = ix.neighbours.entry(a).or_default();
                        if !n.contains(&b) {
                            n.push(b);
                        }
                    }
                }
                Some(_) => {}
                None => ix.open_peerings.entry(p.local).or_default().push(id),
            }
        }
        for (i, e) in m.endpoints.iter().enumerate() {
            let id = EndpointId(i as u32);
            let mut unknown = false;
            for c in &e.connections {
                match c.target.get() {
                    Some(t) => {
                        if let Some(r) = t.resolved() {
                            let v = ix.endpoints_by_registry.entry(r).or_default();
                            if !v.contains(&id) {
                                v.push(id);
                            }
                        }
                    }
                    None => unknown = true,
                }
            }
            if unknown {
                ix.endpoints_unknown_target.push(id);
            }
            if let Some(s) = e.subnet.as_ref().and_then(|s| s.id()) {
                ix.endpoints_by_subnet.entry(s).or_default().push(id);
            }
        }
        for (i, z) in m.zones.iter().enumerate() {
            let id = ZoneId(i as u32);
            match z.name.get() {
                Some(n) if is_acr_zone(n) => ix.acr_zones.push(id),
                Some(_) => continue,
                None => ix.maybe_acr_zones.push(id),
            }
            for (li, l) in z.links.iter().enumerate() {
                match l.vnet.get() {
                    Some(t) => {
                        if let Some(v) = t.resolved() {
                            ix.links_by_vnet.entry(v).or_default().push((id, li));
                        }
                    }
                    None => {
                        if !ix.zones_with_open_links.contains(&id) {
                            ix.zones_with_open_links.push(id);
                        }
                    }
                }
            }
        }
        for (i, a) in m.role_assignments.iter().enumerate() {
            let id = RoleAssignmentId(i as u32);
            match a.principal.get() {
                Some(p) => ix.role_by_principal.entry(p.clone()).or_default().push(id),
                None => ix.roles_unknown_principal.push(id),
            }
        }
        for (i, ident) in m.identities.iter().enumerate() {
            let id = IdentityId(i as u32);
            if let IdentityKind::Group { members } = &ident.kind {
                for mem in members {
                    match mem.get() {
                        Some(p) => ix.groups_of.entry(p.clone()).or_default().push(id),
                        None => {
                            if !ix.groups_with_unknown_members.contains(&id) {
                                ix.groups_with_unknown_members.push(id);
                            }
                        }
                    }
                }
            }
        }
        ix
    }

    // Checked lookups: ids come from the front ends, but a bad one must not panic the check.
    pub fn vnet(&self, id: VnetId) -> Option<&'m Vnet> {
        self.m.vnets.get(id.index())
    }
    pub fn subnet(&self, id: SubnetId) -> Option<&'m Subnet> {
        self.m.subnets.get(id.index())
    }
    pub fn endpoint(&self, id: EndpointId) -> Option<&'m PrivateEndpoint> {
        self.m.endpoints.get(id.index())
    }
    pub fn zone(&self, id: ZoneId) -> Option<&'m DnsZone> {
        self.m.zones.get(id.index())
    }
    pub fn registry(&self, id: crate::model::RegistryId) -> Option<&'m Registry> {
        self.m.registries.get(id.index())
    }

    /// The VNet of a subnet that exists.
    pub fn vnet_of(&self, s: SubnetId) -> Option<VnetId> {
        self.subnet(s)
            .map(|s| s.vnet)
            .filter(|v| self.vnet(*v).is_some())
    }

    /// The VNet of an endpoint whose subnet is known.
    pub fn endpoint_vnet(&self, e: EndpointId) -> Option<VnetId> {
        let s = self.endpoint(e)?.subnet.as_ref()?.id()?;
        self.vnet_of(s)
    }

    pub fn peerings_between(&self, a: VnetId, b: VnetId) -> &[PeeringId] {
        self.peerings.get(&(a, b)).map_or(&[], Vec::as_slice)
    }

    pub fn neighbours(&self, v: VnetId) -> &[VnetId] {
        self.neighbours.get(&v).map_or(&[], Vec::as_slice)
    }

    /// Peered in both directions.
    pub fn bidirectional(&self, a: VnetId, b: VnetId) -> bool {
        !self.peerings_between(a, b).is_empty() && !self.peerings_between(b, a).is_empty()
    }

    pub fn open_peerings(&self, v: VnetId) -> &[PeeringId] {
        self.open_peerings.get(&v).map_or(&[], Vec::as_slice)
    }
}

/// `privatelink.azurecr.io`, ignoring case and a trailing dot (DNS names are case-insensitive).
pub fn is_acr_zone(name: &str) -> bool {
    name.trim()
        .trim_end_matches('.')
        .eq_ignore_ascii_case(ACR_ZONE)
}
