//! Pull paths on models built in Rust (the front ends have their own fixtures).

use super::*;
use crate::document::FileId;
use crate::model::*;
use crate::text::TextRange;

/// A small model builder: every field gets its own location so related locations differ.
#[derive(Default)]
pub struct B {
    pub m: Model,
    n: u32,
}

impl B {
    pub fn loc(&mut self) -> Location {
        self.n += 1;
        Location::new(FileId(0), TextRange::new(self.n * 10, self.n * 10 + 5))
    }
    pub fn k<T>(&mut self, v: T) -> Field<T> {
        let l = self.loc();
        Field::known(v, l)
    }
    fn r<I>(&mut self, id: I) -> RefField<I> {
        self.k(Target::Resolved(id))
    }
    fn meta(&mut self) -> Meta {
        let l = self.loc();
        Meta::at(l)
    }
    pub fn vnet(&mut self, name: &str, prefixes: &[&str]) -> VnetId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let items = prefixes
            .iter()
            .map(|p| self.k(p.parse().unwrap()))
            .collect();
        let address_prefixes = Some(self.k(items));
        self.m.add_vnet(Vnet {
            meta,
            name,
            location: None,
            address_prefixes,
            dns_servers: None,
            subnets: vec![],
            peerings: vec![],
        })
    }
    pub fn subnet(&mut self, vnet: VnetId, name: &str, prefix: &str) -> SubnetId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let p = self.k(prefix.parse().unwrap());
        let prefixes = Some(self.k(vec![p]));
        self.m.add_subnet(Subnet {
            meta,
            name,
            vnet,
            prefixes,
            delegations: None,
            nat_gateway: None,
        })
    }
    pub fn delegate(&mut self, s: SubnetId, service: &str) {
        let d = self.k(service.to_string());
        let list = self.k(vec![d]);
        self.m.subnets[s.index()].delegations = Some(list);
    }
    pub fn peer(&mut self, a: VnetId, b: VnetId) -> PeeringId {
        let meta = self.meta();
        let remote = self.r(b);
        self.m.add_peering(Peering {
            meta,
            name: None,
            local: a,
            remote,
            allow_virtual_network_access: None,
            allow_forwarded_traffic: None,
            allow_gateway_transit: None,
            use_remote_gateways: None,
        })
    }
    pub fn peer2(&mut self, a: VnetId, b: VnetId) {
        self.peer(a, b);
        self.peer(b, a);
    }
    /// A Premium registry with public access disabled.
    pub fn registry(&mut self, name: &str) -> RegistryId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let sku = Some(self.k("Premium".to_string()));
        let location = Some(self.k("westeurope".to_string()));
        let pna = Some(self.k("Disabled".to_string()));
        self.m.registries.push(Registry {
            meta,
            name,
            sku,
            location,
            replicas: vec![],
            public_network_access: pna,
            default_action: None,
            bypass: None,
            admin_user_enabled: None,
            role_assignment_mode: None,
            virtual_network_rules: None,
        });
        RegistryId(self.m.registries.len() as u32 - 1)
    }
    pub fn reg(&mut self, r: RegistryId) -> &mut Registry {
        &mut self.m.registries[r.index()]
    }
    pub fn zone(&mut self, name: &str) -> ZoneId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        self.m.zones.push(DnsZone {
            meta,
            name,
            links: vec![],
            records: vec![],
        });
        ZoneId(self.m.zones.len() as u32 - 1)
    }
    pub fn link(&mut self, z: ZoneId, v: VnetId) {
        let meta = self.meta();
        let vnet = self.r(v);
        self.m.zones[z.index()].links.push(ZoneLink {
            meta,
            name: None,
            vnet,
            registration_enabled: None,
        });
    }
    pub fn endpoint(
        &mut self,
        name: &str,
        s: SubnetId,
        r: RegistryId,
        zone: Option<ZoneId>,
    ) -> EndpointId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let subnet = Some(self.r(s));
        let loc = self.loc();
        let target = self.r(r);
        let zone_groups = match zone {
            Some(z) => {
                let meta = self.meta();
                let zr = self.r(z);
                vec![ZoneGroup {
                    meta,
                    zones: vec![zr],
                }]
            }
            None => vec![],
        };
        self.m.endpoints.push(PrivateEndpoint {
            meta,
            name,
            location: None,
            subnet,
            connections: vec![PeConnection {
                loc,
                target,
                group_ids: None,
                manual: false,
            }],
            zone_groups,
            ip_configurations: vec![],
        });
        EndpointId(self.m.endpoints.len() as u32 - 1)
    }
    pub fn identity(&mut self, name: &str) -> IdentityId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        self.m.identities.push(Identity {
            meta,
            name,
            kind: IdentityKind::UserAssigned,
        });
        IdentityId(self.m.identities.len() as u32 - 1)
    }
    pub fn group(&mut self, name: &str, members: Vec<Principal>) -> IdentityId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let members = members.into_iter().map(|p| self.k(p)).collect();
        self.m.identities.push(Identity {
            meta,
            name,
            kind: IdentityKind::Group { members },
        });
        IdentityId(self.m.identities.len() as u32 - 1)
    }
    pub fn role(&mut self, principal: Principal, role: &str, scope: Scope) {
        let meta = self.meta();
        let scope = self.k(scope);
        let role = self.k(role.to_string());
        let principal = self.k(principal);
        self.m.role_assignments.push(RoleAssignment {
            meta,
            scope,
            role,
            principal,
        });
    }
    fn workload(
        &mut self,
        name: &str,
        subnet: Option<SubnetId>,
        r: RegistryId,
        props: WorkloadProps,
    ) -> WorkloadId {
        let meta = self.meta();
        let name = self.k(name.to_string());
        let subnets = subnet.into_iter().map(|s| self.r(s)).collect();
        let loc = self.loc();
        let registry = self.r(r);
        self.m.workloads.push(Workload {
            meta,
            name,
            location: None,
            subnets,
            pulls: vec![Pull { loc, registry }],
            props,
        });
        WorkloadId(self.m.workloads.len() as u32 - 1)
    }
    pub fn aks(&mut self, name: &str, subnet: Option<SubnetId>, r: RegistryId) -> WorkloadId {
        self.workload(
            name,
            subnet,
            r,
            WorkloadProps::Aks(AksProps {
                kubelet_identity: None,
                control_plane_identity: None,
            }),
        )
    }
    /// A container group pulling with user-assigned identity `uami` (held), or with a
    /// username when `uami` is `None` and `username` is set.
    pub fn aci(
        &mut self,
        name: &str,
        subnet: Option<SubnetId>,
        r: RegistryId,
        uami: Option<IdentityId>,
        username: bool,
    ) -> WorkloadId {
        let server = format!(
            "{}.azurecr.io",
            self.m.registries[r.index()].name.get().unwrap()
        );
        let mut credentials = vec![];
        let mut user_assigned = vec![];
        if let Some(u) = uami {
            user_assigned.push(self.r(u));
            let loc = self.loc();
            let server = self.k(server.clone());
            let identity = Some(self.k(CredIdentity::UserAssigned(Target::Resolved(u))));
            credentials.push(AciCredential {
                loc,
                server,
                identity,
                username: None,
            });
        } else if username {
            let loc = self.loc();
            let server = self.k(server);
            let username = Some(self.k("puller".to_string()));
            credentials.push(AciCredential {
                loc,
                server,
                identity: None,
                username,
            });
        }
        let ip_type = Some(self.k("Private".to_string()));
        self.workload(
            name,
            subnet,
            r,
            WorkloadProps::Aci(AciProps {
                ip_type,
                dns_name_label: None,
                system_assigned: false,
                user_assigned,
                credentials,
                dns_config: None,
            }),
        )
    }
}

/// "auth:ok endpoint:broken(pull-no-private-endpoint) ..." for the steps that are not ok.
fn summary(p: &PullPath) -> String {
    p.steps
        .iter()
        .filter(|s| s.verdict != Verdict::Ok)
        .map(|s| {
            let v = serde_json::to_value(s.verdict).unwrap();
            let k = serde_json::to_value(s.kind).unwrap();
            match s.rule {
                Some(r) => format!("{}:{}({r})", k.as_str().unwrap(), v.as_str().unwrap()),
                None => format!("{}:{}", k.as_str().unwrap(), v.as_str().unwrap()),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn reason(p: &PullPath, kind: StepKind) -> &str {
    &p.step(kind).unwrap().reason
}

fn one(b: &B) -> PullPath {
    let paths = pull_paths(&b.m);
    assert_eq!(paths.len(), 1, "{paths:#?}");
    // Whatever the case, the verdict is the worst step's.
    let worst = paths[0]
        .steps
        .iter()
        .map(|s| s.verdict)
        .fold(Verdict::Ok, |a, v| match (a, v) {
            (Verdict::Broken, _) | (_, Verdict::Broken) => Verdict::Broken,
            (Verdict::Unknown, _) | (_, Verdict::Unknown) => Verdict::Unknown,
            _ => Verdict::Ok,
        });
    assert_eq!(paths[0].verdict, worst);
    paths.into_iter().next().unwrap()
}

/// Hub with the endpoint and the zone (with a zone group), spoke with AKS, peered both ways,
/// zone linked to both, kubelet AcrPull on the registry.
struct HubSpoke {
    b: B,
    hub: VnetId,
    spoke: VnetId,
    pe_subnet: SubnetId,
    aks_subnet: SubnetId,
    acr: RegistryId,
    zone: ZoneId,
}

fn hub_spoke() -> HubSpoke {
    let mut b = B::default();
    let hub = b.vnet("hub", &["10.0.0.0/16"]);
    let spoke = b.vnet("spoke", &["10.1.0.0/16"]);
    let pe_subnet = b.subnet(hub, "pe", "10.0.1.0/24");
    let aks_subnet = b.subnet(spoke, "aks", "10.1.0.0/20");
    b.peer2(hub, spoke);
    let acr = b.registry("acrprod");
    let zone = b.zone("privatelink.azurecr.io");
    b.link(zone, hub);
    b.link(zone, spoke);
    b.endpoint("pe-acr", pe_subnet, acr, Some(zone));
    HubSpoke {
        b,
        hub,
        spoke,
        pe_subnet,
        aks_subnet,
        acr,
        zone,
    }
}

fn aks_with_role(h: &mut HubSpoke) -> WorkloadId {
    let w = h.b.aks("aks1", Some(h.aks_subnet), h.acr);
    h.b.role(Principal::Kubelet(w), "AcrPull", Scope::Registry(h.acr));
    w
}

#[test]
fn hub_spoke_aks_is_ok() {
    let mut h = hub_spoke();
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(summary(&p), "service:skipped");
    assert_eq!(p.verdict, Verdict::Ok);
    assert_eq!(p.restricted, Some(true));
    let dns = p.step(StepKind::Dns).unwrap();
    assert!(dns.reason.contains("`spoke`"), "{}", dns.reason);
}

#[test]
fn zone_linked_to_hub_only() {
    let mut h = hub_spoke();
    h.b.m.zones[h.zone.index()]
        .links
        .retain(|l| l.vnet.id() != Some(h.spoke));
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "dns:broken(dns-peering-no-link) service:skipped"
    );
    let dns = p.step(StepKind::Dns).unwrap();
    assert_eq!(dns.at, Some(h.b.m.zones[h.zone.index()].meta.loc));
    assert!(dns.locations.iter().any(|r| r.message.contains("peering")));
}

#[test]
fn zone_not_linked_at_all() {
    let mut h = hub_spoke();
    h.b.m.zones[h.zone.index()].links.clear();
    aks_with_role(&mut h);
    assert_eq!(
        summary(&one(&h.b)),
        "dns:broken(dns-link-missing) service:skipped"
    );
    // Without any zone, the endpoint is where the zone group belongs.
    h.b.m.zones.clear();
    h.b.m.endpoints[0].zone_groups.clear();
    let p = one(&h.b);
    assert_eq!(summary(&p), "dns:broken(dns-link-missing) service:skipped");
    assert_eq!(
        p.step(StepKind::Dns).unwrap().at,
        Some(h.b.m.endpoints[0].meta.loc)
    );
}

#[test]
fn custom_dns_is_unknown_not_broken() {
    let mut h = hub_spoke();
    h.b.m.zones[h.zone.index()].links.clear();
    let server = h.b.k("10.0.0.4".to_string());
    let list = h.b.k(vec![server]);
    h.b.m.vnets[h.spoke.index()].dns_servers = Some(list);
    aks_with_role(&mut h);
    assert_eq!(
        summary(&one(&h.b)),
        "dns:unknown(dns-custom-server) service:skipped"
    );
}

#[test]
fn manual_records_and_missing_records() {
    let mut h = hub_spoke();
    h.b.m.endpoints[0].zone_groups.clear();
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "dns:broken(acr-dns-records-missing) service:skipped"
    );
    assert!(reason(&p, StepKind::Dns).contains("`acrprod.westeurope.data`"));
    for n in ["acrprod", "acrprod.westeurope.data"] {
        let meta = h.b.meta();
        let name = h.b.k(n.to_string());
        h.b.m.zones[h.zone.index()].records.push(ARecord {
            meta,
            name,
            ipv4: None,
        });
    }
    assert_eq!(summary(&one(&h.b)), "service:skipped");
}

#[test]
fn peering_one_sided_and_transitive_and_overlap() {
    let mut h = hub_spoke();
    h.b.m.peerings.truncate(1); // hub -> spoke only
    h.b.m.vnets[h.spoke.index()].peerings.clear();
    aks_with_role(&mut h);
    assert_eq!(
        summary(&one(&h.b)),
        "endpoint:broken(peering-one-sided) service:skipped"
    );

    // The endpoint the design meant is still checked for DNS: both fixes show at once.
    h.b.m.zones[h.zone.index()].links.clear();
    assert_eq!(
        summary(&one(&h.b)),
        "endpoint:broken(peering-one-sided) dns:broken(dns-link-missing) service:skipped"
    );

    let mut h = hub_spoke();
    let far = h.b.vnet("far", &["10.2.0.0/16"]);
    let far_sub = h.b.subnet(far, "aks", "10.2.0.0/20");
    h.b.peer2(h.hub, far);
    let w = h.b.aks("aks2", Some(far_sub), h.acr);
    h.b.role(Principal::Kubelet(w), "AcrPull", Scope::Registry(h.acr));
    // Move the endpoint to the spoke: far -> hub -> spoke is two hops.
    let _ = h.spoke;
    h.b.m.endpoints[0].subnet = Some(h.b.r(h.aks_subnet));
    h.b.link(h.zone, far);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "endpoint:broken(peering-transitive) service:skipped"
    );

    let mut h = hub_spoke();
    let p4 = h.b.k("10.0.0.0/8".parse().unwrap());
    h.b.m.vnets[h.spoke.index()].address_prefixes = Some(h.b.k(vec![p4]));
    aks_with_role(&mut h);
    assert_eq!(
        summary(&one(&h.b)),
        "endpoint:broken(peering-overlap) service:skipped"
    );
}

#[test]
fn no_endpoint_restricted_public_incomplete_existing() {
    let mut h = hub_spoke();
    h.b.m.endpoints.clear();
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "endpoint:broken(pull-no-private-endpoint) dns:skipped room:skipped service:skipped"
    );

    // `defaultAction: Deny` with service-endpoint rules may admit the subnet.
    let deny = h.b.k("Deny".to_string());
    let rule = h.b.k("spoke/aks".to_string());
    let rules = h.b.k(vec![rule]);
    let enabled = h.b.k("Enabled".to_string());
    h.b.reg(h.acr).default_action = Some(deny);
    h.b.reg(h.acr).virtual_network_rules = Some(rules);
    h.b.reg(h.acr).public_network_access = Some(enabled);
    assert_eq!(
        summary(&one(&h.b)),
        "endpoint:unknown dns:skipped room:skipped service:skipped"
    );
    h.b.reg(h.acr).default_action = None;
    h.b.reg(h.acr).virtual_network_rules = None;

    // Public registry with no endpoint: fine.
    h.b.m.registries[h.acr.index()].public_network_access = None;
    let p = one(&h.b);
    assert_eq!(p.verdict, Verdict::Ok);
    assert_eq!(p.restricted, Some(false));
    assert_eq!(
        summary(&p),
        "endpoint:skipped dns:skipped room:skipped service:skipped"
    );

    // Endpoints may be declared elsewhere: unknown, still naming the rule (info).
    let pna = h.b.k("Disabled".to_string());
    h.b.reg(h.acr).public_network_access = Some(pna);
    h.b.m.incomplete = Some(Unknown::new("module `x.bicep` is not in the set"));
    assert_eq!(
        summary(&one(&h.b)),
        "endpoint:unknown(pull-no-private-endpoint) dns:skipped room:skipped service:skipped"
    );
    h.b.m.incomplete = None;
    h.b.reg(h.acr).meta.existing = true;
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "auth:unknown access:unknown endpoint:unknown(pull-no-private-endpoint) dns:skipped room:skipped service:skipped"
    );
    assert_eq!(p.restricted, None);

    // An unknown network setting never breaks the path.
    h.b.reg(h.acr).meta.existing = false;
    let l = h.b.loc();
    h.b.reg(h.acr).public_network_access = Some(Field::unknown(
        Unknown::new("parameter `pna` has no default"),
        l,
    ));
    assert_eq!(
        summary(&one(&h.b)),
        "access:unknown endpoint:unknown dns:skipped room:skipped service:skipped"
    );
}

#[test]
fn public_registry_with_unlinked_zone_resolves_publicly() {
    let mut h = hub_spoke();
    h.b.reg(h.acr).public_network_access = None;
    h.b.m.zones[h.zone.index()].links.clear();
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(summary(&p), "dns:broken(dns-link-missing) service:skipped");
    assert_eq!(p.restricted, Some(false));
}

#[test]
fn aks_identity_cases() {
    // Role on the control plane only.
    let mut h = hub_spoke();
    let w = h.b.aks("aks1", Some(h.aks_subnet), h.acr);
    h.b.role(
        Principal::SystemAssigned(w),
        "AcrPull",
        Scope::Registry(h.acr),
    );
    let p = one(&h.b);
    // The most specific rule names the step.
    assert_eq!(
        summary(&p),
        "auth:broken(aks-acrpull-on-control-plane) service:skipped"
    );
    assert!(p
        .step(StepKind::Auth)
        .unwrap()
        .locations
        .iter()
        .any(|r| r.message.contains("control-plane")));

    // Through a group holding the kubelet identity.
    let g = h.b.group("acr-pullers", vec![Principal::Kubelet(w)]);
    h.b.role(Principal::Identity(g), "AcrPull", Scope::ResourceGroup);
    let p = one(&h.b);
    assert_eq!(summary(&p), "service:skipped");
    assert!(reason(&p, StepKind::Auth).contains("through group `acr-pullers`"));
    // Works, with a caveat the step names.
    assert_eq!(
        p.step(StepKind::Auth).unwrap().rule,
        Some("aks-acrpull-via-group")
    );

    // ABAC registry: AcrPull does not pull, Repository Reader does.
    let mut h = hub_spoke();
    let w = aks_with_role(&mut h);
    let mode = h.b.k("AbacRepositoryPermissions".to_string());
    h.b.reg(h.acr).role_assignment_mode = Some(mode);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "auth:broken(acr-abac-role-mismatch) service:skipped"
    );
    assert!(p
        .step(StepKind::Auth)
        .unwrap()
        .locations
        .iter()
        .any(|r| r.message.contains("ABAC")));
    h.b.role(
        Principal::Kubelet(w),
        "Container Registry Repository Reader",
        Scope::Registry(h.acr),
    );
    assert_eq!(summary(&one(&h.b)), "service:skipped");

    // BYO kubelet identity: roles go to it, named by its own principal id or as the
    // cluster's `identityProfile.kubeletidentity.objectId`, which is the same identity
    // (AZURE-FACTS §6.1).
    let byo = || {
        let mut h = hub_spoke();
        let w = h.b.aks("aks1", Some(h.aks_subnet), h.acr);
        let id = h.b.identity("kubelet-id");
        let f = h.b.r(id);
        if let WorkloadProps::Aks(p) = &mut h.b.m.workloads[w.index()].props {
            p.kubelet_identity = Some(f);
        }
        (h, w, id)
    };
    let (h, _, _) = byo();
    assert_eq!(
        summary(&one(&h.b)),
        "auth:broken(aks-kubelet-acrpull-missing) service:skipped"
    );
    let (mut h, w, _) = byo();
    h.b.role(Principal::Kubelet(w), "AcrPull", Scope::Registry(h.acr));
    assert_eq!(summary(&one(&h.b)), "service:skipped");
    let (mut h, _, id) = byo();
    h.b.role(Principal::Identity(id), "AcrPull", Scope::Registry(h.acr));
    assert_eq!(summary(&one(&h.b)), "service:skipped");

    // A role for a principal the documents do not know: unknown, not broken.
    let mut h = hub_spoke();
    h.b.aks("aks1", Some(h.aks_subnet), h.acr);
    let l = h.b.loc();
    let meta = h.b.meta();
    let scope = h.b.k(Scope::Registry(h.acr));
    let role = h.b.k("AcrPull".to_string());
    h.b.m.role_assignments.push(RoleAssignment {
        meta,
        scope,
        role,
        principal: Field::unknown(Unknown::new("parameter `principalId` has no default"), l),
    });
    assert_eq!(summary(&one(&h.b)), "auth:unknown service:skipped");

    // A bare principal id may be a group outside the documents that holds the kubelet.
    let mut h = hub_spoke();
    h.b.aks("aks1", Some(h.aks_subnet), h.acr);
    h.b.role(
        Principal::External("0000-1".into()),
        "AcrPull",
        Scope::Registry(h.acr),
    );
    assert_eq!(summary(&one(&h.b)), "auth:unknown service:skipped");

    // Roles may be assigned in documents that are not in the set.
    let mut h = hub_spoke();
    h.b.aks("aks1", Some(h.aks_subnet), h.acr);
    h.b.m.incomplete = Some(Unknown::new("module `roles.bicep` is not in the set"));
    assert_eq!(summary(&one(&h.b)), "auth:unknown service:skipped");
}

/// ACI in its own delegated subnet of the spoke, pulling through the hub's endpoint.
fn aci_case(uami: bool, username: bool) -> (HubSpoke, WorkloadId) {
    let mut h = hub_spoke();
    let sub = h.b.subnet(h.spoke, "aci", "10.1.16.0/24");
    h.b.delegate(sub, "Microsoft.ContainerInstance/containerGroups");
    let id = h.b.identity("aci-pull");
    let w =
        h.b.aci("cg1", Some(sub), h.acr, uami.then_some(id), username);
    h.b.role(Principal::Identity(id), "AcrPull", Scope::Registry(h.acr));
    (h, w)
}

#[test]
fn aci_cases() {
    let (h, _) = aci_case(true, false);
    let p = one(&h.b);
    assert_eq!(summary(&p), "", "{p:#?}");

    let (h, _) = aci_case(false, false);
    assert_eq!(summary(&one(&h.b)), "auth:broken(aci-acr-no-credentials)");
    let (h, _) = aci_case(false, true);
    let p = one(&h.b);
    assert_eq!(summary(&p), "auth:broken(aci-acr-no-credentials)");
    assert!(reason(&p, StepKind::Auth).contains("username/password"));

    // Public registry with username/password: fine.
    let (mut h, _) = aci_case(false, true);
    h.b.reg(h.acr).public_network_access = None;
    assert_eq!(summary(&one(&h.b)), "");

    let (mut h, _) = aci_case(true, false);
    let none = h.b.k("None".to_string());
    h.b.reg(h.acr).bypass = Some(none);
    assert_eq!(
        summary(&one(&h.b)),
        "service:broken(acr-trusted-bypass-off-aci)"
    );

    // No endpoint: the bypass with a user-assigned identity still reaches the registry.
    let (mut h, _) = aci_case(true, false);
    h.b.m.endpoints.clear();
    assert_eq!(summary(&one(&h.b)), "dns:skipped room:skipped");

    // The endpoint in the container group's subnet.
    let (mut h, w) = aci_case(true, false);
    let s = h.b.m.workloads[w.index()].subnets[0].id().unwrap();
    h.b.m.endpoints[0].subnet = Some(h.b.r(s));
    assert_eq!(summary(&one(&h.b)), "service:broken(aci-subnet-shared)");

    // Cross-region peering.
    let (mut h, _) = aci_case(true, false);
    let ne = h.b.k("northeurope".to_string());
    let we = h.b.k("westeurope".to_string());
    h.b.m.vnets[h.hub.index()].location = Some(ne);
    h.b.m.vnets[h.spoke.index()].location = Some(we);
    h.b.m.endpoints.clear();
    h.b.endpoint("pe-acr", h.pe_subnet, h.acr, Some(h.zone));
    h.b.reg(h.acr).bypass = Some(Field::known("None".into(), Location::default()));
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "endpoint:broken(aci-global-peering) service:broken(acr-trusted-bypass-off-aci)"
    );
}

#[test]
fn room_in_the_endpoint_subnet() {
    let mut h = hub_spoke();
    let p = h.b.k("10.0.2.0/29".parse().unwrap());
    let tiny = h.b.k(vec![p]);
    h.b.m.subnets[h.pe_subnet.index()].prefixes = Some(tiny);
    for r in ["northeurope", "francecentral"] {
        let meta = h.b.meta();
        let location = h.b.k(r.to_string());
        h.b.reg(h.acr).replicas.push(Replica { meta, location });
    }
    aks_with_role(&mut h);
    let p = one(&h.b);
    assert_eq!(
        summary(&p),
        "room:broken(acr-pe-subnet-capacity) service:skipped"
    );
    assert!(reason(&p, StepKind::Room).contains("3 usable addresses"));
}

#[test]
fn bad_ids_do_not_panic() {
    let mut h = hub_spoke();
    let w = aks_with_role(&mut h);
    let bad_sub = h.b.r(SubnetId(999));
    h.b.m.workloads[w.index()].subnets.push(bad_sub);
    let bad_reg = h.b.r(RegistryId(999));
    let loc = h.b.loc();
    h.b.m.workloads[w.index()].pulls.push(Pull {
        loc,
        registry: bad_reg,
    });
    let bad_vnet = h.b.r(VnetId(999));
    h.b.m.peerings[0].remote = bad_vnet;
    h.b.m.endpoints[0].subnet = Some(h.b.r(SubnetId(998)));
    let bad_zone = h.b.r(ZoneId(999));
    h.b.m.endpoints[0].zone_groups[0].zones.push(bad_zone);
    h.b.role(
        Principal::Identity(IdentityId(999)),
        "AcrPull",
        Scope::Registry(RegistryId(999)),
    );
    let paths = pull_paths(&h.b.m);
    assert_eq!(paths.len(), 1);
}

#[test]
fn many_workloads_share_one_index() {
    // A large design: 300 spokes around one hub, each with a cluster. Speed lives in
    // benchmarks; this checks the shape of the answer at size.
    let mut h = hub_spoke();
    for i in 0..300u32 {
        let v = h.b.vnet(
            &format!("s{i}"),
            &[&format!("10.{}.{}.0/24", 100 + i / 256, i % 256)],
        );
        let s =
            h.b.subnet(v, "aks", &format!("10.{}.{}.0/25", 100 + i / 256, i % 256));
        h.b.peer2(h.hub, v);
        h.b.link(h.zone, v);
        let w = h.b.aks(&format!("aks{i}"), Some(s), h.acr);
        h.b.role(Principal::Kubelet(w), "AcrPull", Scope::Registry(h.acr));
    }
    let paths = pull_paths(&h.b.m);
    assert_eq!(paths.len(), 300);
    assert!(paths.iter().all(|p| p.verdict == Verdict::Ok));
}
