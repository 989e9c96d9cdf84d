//! Lower topology JSON documents into the model. Every document of the set shares one
//! namespace: names are resolved across all topology documents of the set.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{FileId, Location};
use crate::model::*;
use crate::syntax::jsonc::{Value, ValueKind};
use ipnet::IpNet;
use std::collections::HashMap;

pub struct Lowerer<'m> {
    pub model: &'m mut Model,
    pub out: &'m mut Vec<Diagnostic>,
    vnets: HashMap<String, VnetId>,
    subnets: HashMap<(String, String), SubnetId>,
    registries: HashMap<String, RegistryId>,
    zones: HashMap<String, ZoneId>,
    identities: HashMap<String, IdentityId>,
    workloads: HashMap<String, WorkloadId>,
}

fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) if !kind.ends_with("ey") => format!("{stem}ies"),
        _ => format!("{kind}s"),
    }
}

fn loc(file: FileId, v: &Value) -> Location {
    Location::new(file, v.range)
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).unwrap_or(&[])
}

fn string(file: FileId, v: Option<&Value>) -> Option<Field<String>> {
    let v = v?;
    Some(Field::known(v.as_str()?.to_string(), loc(file, v)))
}

fn boolean(file: FileId, v: Option<&Value>) -> Option<Field<bool>> {
    let v = v?;
    Some(Field::known(v.as_bool()?, loc(file, v)))
}

fn string_list(file: FileId, v: Option<&Value>) -> Option<ListField<String>> {
    let v = v?;
    let items = match &v.kind {
        ValueKind::Array(items) => items.iter().filter_map(|i| string(file, Some(i))).collect(),
        ValueKind::String(s) => vec![Field::known(s.clone(), loc(file, v))],
        _ => return None,
    };
    Some(Field::known(items, loc(file, v)))
}

/// The name of an entry: known when it is a string, else unknown at the entry.
fn name_of(file: FileId, v: &Value) -> Field<String> {
    string(file, v.get("name"))
        .unwrap_or_else(|| Field::unknown(Unknown::new("the entry has no name"), loc(file, v)))
}

fn meta(file: FileId, v: &Value) -> Meta {
    let at = v.get("name").map_or(v.range, |n| n.range);
    Meta {
        loc: Location::new(file, at),
        decl: loc(file, v),
        existing: false,
        maybe: false,
    }
}

impl<'m> Lowerer<'m> {
    pub fn new(model: &'m mut Model, out: &'m mut Vec<Diagnostic>) -> Self {
        Lowerer {
            model,
            out,
            vnets: HashMap::new(),
            subnets: HashMap::new(),
            registries: HashMap::new(),
            zones: HashMap::new(),
            identities: HashMap::new(),
            workloads: HashMap::new(),
        }
    }

    fn error(&mut self, code: &str, at: Location, message: String) {
        self.out
            .push(Diagnostic::new(code, Severity::Error, at, message));
    }

    fn declare<I: Copy>(
        map: &mut HashMap<String, I>,
        name: &Field<String>,
        id: I,
        kind: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(n) = name.get() else { return };
        if map.contains_key(n) {
            out.push(Diagnostic::new(
                "duplicate-name",
                Severity::Error,
                name.loc,
                format!("another {kind} is already named `{n}`; names must be unique so that references are not ambiguous"),
            ));
            return;
        }
        map.insert(n.clone(), id);
    }

    /// Pass 1: create every named resource, so that pass 2 can resolve references in any order.
    pub fn declare_doc(&mut self, file: FileId, root: &Value) {
        for v in arr(root, "vnets") {
            let name = name_of(file, v);
            let prefixes = v.get("addressSpace").map(|a| self.prefixes(file, a));
            let id = self.model.add_vnet(Vnet {
                meta: meta(file, v),
                name: name.clone(),
                location: string(file, v.get("region")),
                address_prefixes: prefixes,
                dns_servers: string_list(file, v.get("dnsServers")),
                subnets: Vec::new(),
                peerings: Vec::new(),
            });
            Self::declare(&mut self.vnets, &name, id, "VNet", self.out);
            for s in arr(v, "subnets") {
                let sname = name_of(file, s);
                let prefixes = s.get("addressPrefix").map(|a| self.prefixes(file, a));
                let sid = self.model.add_subnet(Subnet {
                    meta: meta(file, s),
                    name: sname.clone(),
                    vnet: id,
                    prefixes,
                    delegations: string_list(file, s.get("delegations")),
                    nat_gateway: s
                        .get("natGateway")
                        .filter(|n| n.as_bool() == Some(true))
                        .map(|n| loc(file, n)),
                });
                if let (Some(vn), Some(sn)) = (name.get(), sname.get()) {
                    let key = (vn.clone(), sn.clone());
                    match self.subnets.entry(key) {
                        std::collections::hash_map::Entry::Occupied(_) => {
                            self.out.push(Diagnostic::new(
                                "duplicate-name",
                                Severity::Error,
                                sname.loc,
                                format!("VNet `{vn}` already has a subnet named `{sn}`"),
                            ))
                        }
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(sid);
                        }
                    }
                }
            }
        }
        for r in arr(root, "registries") {
            let name = name_of(file, r);
            let existing = r.get("existing").and_then(Value::as_bool) == Some(true);
            let mut m = meta(file, r);
            m.existing = existing;
            let replicas = arr(r, "replicas")
                .iter()
                .filter_map(|x| {
                    string(file, Some(x)).map(|location| Replica {
                        meta: Meta::at(loc(file, x)),
                        location,
                    })
                })
                .collect();
            let reg = Registry {
                meta: m,
                name: name.clone(),
                sku: string(file, r.get("sku")),
                location: string(file, r.get("region")),
                replicas,
                public_network_access: string(file, r.get("publicNetworkAccess")),
                default_action: string(file, r.get("defaultAction")),
                bypass: string(file, r.get("bypass")),
                admin_user_enabled: boolean(file, r.get("adminUserEnabled")),
                role_assignment_mode: string(file, r.get("roleAssignmentMode")),
                virtual_network_rules: string_list(file, r.get("virtualNetworkRules")),
            };
            self.model.registries.push(reg);
            let id = RegistryId(self.model.registries.len() as u32 - 1);
            Self::declare(&mut self.registries, &name, id, "registry", self.out);
        }
        for z in arr(root, "dnsZones") {
            let name = name_of(file, z);
            self.model.zones.push(DnsZone {
                meta: meta(file, z),
                name: name.clone(),
                links: Vec::new(),
                records: Vec::new(),
            });
            let id = ZoneId(self.model.zones.len() as u32 - 1);
            Self::declare(&mut self.zones, &name, id, "DNS zone", self.out);
        }
        for i in arr(root, "identities") {
            let name = name_of(file, i);
            let kind = match i.get("type").and_then(Value::as_str) {
                Some("group") => IdentityKind::Group {
                    members: Vec::new(),
                },
                _ => IdentityKind::UserAssigned,
            };
            self.model.identities.push(Identity {
                meta: meta(file, i),
                name: name.clone(),
                kind,
            });
            let id = IdentityId(self.model.identities.len() as u32 - 1);
            Self::declare(&mut self.identities, &name, id, "identity", self.out);
        }
        for w in arr(root, "workloads") {
            let name = name_of(file, w);
            let props = match w.get("kind").and_then(Value::as_str) {
                Some("aci") => WorkloadProps::Aci(AciProps {
                    ip_type: None,
                    dns_name_label: None,
                    system_assigned: false,
                    user_assigned: Vec::new(),
                    credentials: Vec::new(),
                    dns_config: None,
                }),
                Some("webApp") => WorkloadProps::WebApp(WebAppProps {
                    vnet_image_pull: None,
                    api_version: None,
                    acr_use_managed_identity_creds: None,
                    has_registry_credentials: false,
                    vnet_image_pull_shape: None,
                }),
                Some("aks") => WorkloadProps::Aks(AksProps {
                    kubelet_identity: None,
                    control_plane_identity: None,
                }),
                // Unknown kinds are schema violations; nothing pulls for them.
                _ => continue,
            };
            self.model.workloads.push(Workload {
                meta: meta(file, w),
                name: name.clone(),
                location: string(file, w.get("region")),
                subnets: Vec::new(),
                pulls: Vec::new(),
                props,
            });
            let id = WorkloadId(self.model.workloads.len() as u32 - 1);
            Self::declare(&mut self.workloads, &name, id, "workload", self.out);
        }
    }

    fn prefixes(&mut self, file: FileId, v: &Value) -> ListField<IpNet> {
        let one = |this: &mut Self, x: &Value| -> Option<Field<IpNet>> {
            let s = x.as_str()?;
            match s.trim().parse::<IpNet>() {
                Ok(n) => {
                    if n.network() != n.addr() {
                        this.out.push(Diagnostic::new(
                            "invalid-prefix",
                            Severity::Error,
                            loc(file, x),
                            format!(
                                "`{s}` has host bits set; Azure expects the network address `{}`",
                                n.trunc()
                            ),
                        ));
                    }
                    Some(Field::known(n.trunc(), loc(file, x)))
                }
                Err(_) => {
                    this.error(
                        "invalid-prefix",
                        loc(file, x),
                        format!("`{s}` is not a CIDR prefix such as `10.0.0.0/16`"),
                    );
                    None
                }
            }
        };
        let items = match &v.kind {
            ValueKind::Array(items) => items.iter().filter_map(|x| one(self, x)).collect(),
            ValueKind::String(_) => one(self, v).into_iter().collect(),
            _ => Vec::new(),
        };
        Field::known(items, loc(file, v))
    }

    fn resolve<I: Copy>(
        map: &HashMap<String, I>,
        file: FileId,
        v: &Value,
        kind: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<RefField<I>> {
        let s = v.as_str()?;
        let at = loc(file, v);
        Some(match map.get(s) {
            Some(id) => Field::known(Target::Resolved(*id), at),
            None => {
                let mut names: Vec<&String> = map.keys().collect();
                names.sort();
                let known = if names.is_empty() {
                    format!("the document declares no {kind}")
                } else {
                    format!(
                        "{} here: {}",
                        plural(kind),
                        names
                            .iter()
                            .take(8)
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(Diagnostic::new(
                    "unresolved-reference",
                    Severity::Error,
                    at,
                    format!("no {kind} named `{s}` ({known})"),
                ));
                Field::known(Target::External(s.to_string()), at)
            }
        })
    }

    fn subnet_ref(&mut self, file: FileId, v: &Value) -> Option<RefField<SubnetId>> {
        let s = v.as_str()?;
        let at = loc(file, v);
        let Some((vn, sn)) = s.split_once('/') else {
            self.error(
                "unresolved-reference",
                at,
                format!("`{s}` is not a subnet reference; write `vnet/subnet`"),
            );
            return Some(Field::known(Target::External(s.to_string()), at));
        };
        Some(match self.subnets.get(&(vn.to_string(), sn.to_string())) {
            Some(id) => Field::known(Target::Resolved(*id), at),
            None => {
                let msg = if self.vnets.contains_key(vn) {
                    format!("VNet `{vn}` has no subnet named `{sn}`")
                } else {
                    format!("no VNet named `{vn}`")
                };
                self.error("unresolved-reference", at, msg);
                Field::known(Target::External(s.to_string()), at)
            }
        })
    }

    fn principal(&mut self, file: FileId, v: &Value) -> Option<Field<Principal>> {
        let at = loc(file, v);
        let p = if let Some(name) = v
            .as_str()
            .or_else(|| v.get("identity").and_then(Value::as_str))
        {
            let target = if v.as_str().is_some() {
                v
            } else {
                v.get("identity")?
            };
            match Self::resolve(&self.identities, file, target, "identity", self.out)?.val {
                Val::Known(Target::Resolved(id)) => Principal::Identity(id),
                _ => Principal::External(name.to_string()),
            }
        } else if let Some(w) = v.get("kubeletOf") {
            match Self::resolve(&self.workloads, file, w, "workload", self.out)?.id() {
                Some(id) => Principal::Kubelet(id),
                None => Principal::External(w.as_str()?.to_string()),
            }
        } else if let Some(w) = v.get("systemAssignedOf") {
            match Self::resolve(&self.workloads, file, w, "workload", self.out)?.id() {
                Some(id) => Principal::SystemAssigned(id),
                None => Principal::External(w.as_str()?.to_string()),
            }
        } else {
            Principal::External(v.get("principalId")?.as_str()?.to_string())
        };
        Some(Field::known(p, at))
    }

    /// Pass 2: fill references. Entries are visited in the order pass 1 created them.
    pub fn lower_doc(&mut self, file: FileId, root: &Value, first: &Counts) {
        for (vnet_i, v) in (first.vnets..).zip(arr(root, "vnets")) {
            let local = VnetId(vnet_i as u32);
            for p in arr(v, "peerings") {
                let Some(remote) = p
                    .get("remote")
                    .and_then(|r| Self::resolve(&self.vnets, file, r, "VNet", self.out))
                else {
                    continue;
                };
                self.model.add_peering(Peering {
                    meta: meta(file, p),
                    name: string(file, p.get("name")),
                    local,
                    remote,
                    allow_virtual_network_access: boolean(file, p.get("allowVirtualNetworkAccess")),
                    allow_forwarded_traffic: boolean(file, p.get("allowForwardedTraffic")),
                    allow_gateway_transit: boolean(file, p.get("allowGatewayTransit")),
                    use_remote_gateways: boolean(file, p.get("useRemoteGateways")),
                });
            }
        }
        for e in arr(root, "privateEndpoints") {
            let subnet = e.get("subnet").and_then(|s| self.subnet_ref(file, s));
            let target = e
                .get("registry")
                .and_then(|r| Self::resolve(&self.registries, file, r, "registry", self.out));
            let connections = target
                .map(|target| PeConnection {
                    loc: loc(file, e.get("registry").unwrap_or(e)),
                    target,
                    group_ids: Some(string_list(file, e.get("groupIds")).unwrap_or_else(|| {
                        Field::known(
                            vec![Field::known("registry".to_string(), loc(file, e))],
                            loc(file, e),
                        )
                    })),
                    manual: e.get("manualApproval").and_then(Value::as_bool) == Some(true),
                })
                .into_iter()
                .collect();
            let zone_groups = arr(e, "zoneGroups")
                .iter()
                .map(|g| ZoneGroup {
                    meta: Meta::at(loc(file, g)),
                    zones: arr(g, "zones")
                        .iter()
                        .filter_map(|z| Self::resolve(&self.zones, file, z, "DNS zone", self.out))
                        .collect(),
                })
                .collect();
            let ip_configurations = arr(e, "ipConfigurations")
                .iter()
                .map(|c| PeIpConfig {
                    loc: loc(file, c),
                    group_id: string(file, c.get("groupId")),
                    member_name: string(file, c.get("memberName")),
                })
                .collect();
            // The endpoint's region defaults to its VNet's (a sketch need not repeat it).
            let location = string(file, e.get("region"));
            self.model.endpoints.push(PrivateEndpoint {
                meta: meta(file, e),
                name: name_of(file, e),
                location,
                subnet,
                connections,
                zone_groups,
                ip_configurations,
            });
        }
        for (id, z) in (first.zones..).zip(arr(root, "dnsZones")) {
            let links: Vec<ZoneLink> = arr(z, "links")
                .iter()
                .filter_map(|l| {
                    let vnet = Self::resolve(&self.vnets, file, l.get("vnet")?, "VNet", self.out)?;
                    Some(ZoneLink {
                        meta: meta(file, l),
                        name: string(file, l.get("name")),
                        vnet,
                        registration_enabled: boolean(file, l.get("registrationEnabled")),
                    })
                })
                .collect();
            let records = arr(z, "records")
                .iter()
                .filter_map(|r| {
                    Some(ARecord {
                        meta: meta(file, r),
                        name: string(file, r.get("name"))?,
                        ipv4: string_list(file, r.get("ipv4")),
                    })
                })
                .collect();
            if let Some(zone) = self.model.zones.get_mut(id) {
                zone.links = links;
                zone.records = records;
            }
        }
        for (id, i) in (first.identities..).zip(arr(root, "identities")) {
            let members: Vec<Field<Principal>> = arr(i, "members")
                .iter()
                .filter_map(|m| self.principal(file, m))
                .collect();
            if let Some(Identity {
                kind: IdentityKind::Group { members: ms },
                ..
            }) = self.model.identities.get_mut(id)
            {
                *ms = members;
            }
        }
        for r in arr(root, "roleAssignments") {
            let Some(principal) = r.get("principal").and_then(|p| self.principal(file, p)) else {
                continue;
            };
            let Some(role) = string(file, r.get("role")) else {
                continue;
            };
            let scope = match (r.get("scope").and_then(Value::as_str), r.get("registry")) {
                (Some("resourceGroup"), _) => {
                    Field::known(Scope::ResourceGroup, loc(file, r.get("scope").unwrap_or(r)))
                }
                (Some("subscription"), _) => {
                    Field::known(Scope::Subscription, loc(file, r.get("scope").unwrap_or(r)))
                }
                (_, Some(reg)) => {
                    match Self::resolve(&self.registries, file, reg, "registry", self.out) {
                        Some(f) => f.map(|t| match t {
                            Target::Resolved(id) => Scope::Registry(id),
                            Target::External(s) => Scope::Other(s),
                        }),
                        None => continue,
                    }
                }
                _ => {
                    self.error("schema-violation", loc(file, r), "a role assignment needs a `registry` or a `scope` of `resourceGroup` or `subscription`".into());
                    continue;
                }
            };
            self.model.role_assignments.push(RoleAssignment {
                meta: meta(file, r),
                scope,
                role,
                principal,
            });
        }
        let mut work_i = first.workloads;
        for w in arr(root, "workloads") {
            if !matches!(
                w.get("kind").and_then(Value::as_str),
                Some("aci" | "webApp" | "aks")
            ) {
                continue;
            }
            let id = work_i;
            work_i += 1;
            let subnets: Vec<_> = arr(w, "subnets")
                .iter()
                .filter_map(|s| self.subnet_ref(file, s))
                .collect();
            let pulls: Vec<Pull> = arr(w, "pullsFrom")
                .iter()
                .filter_map(|p| {
                    let s = p.as_str()?;
                    let at = loc(file, p);
                    let name = crate::model::names::registry_of_image(s).unwrap_or(s);
                    let registry = match self
                        .registries
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    {
                        Some((_, id)) => Field::known(Target::Resolved(*id), at),
                        None => {
                            if !s.contains('.') {
                                let reg = Value {
                                    kind: ValueKind::String(name.to_string()),
                                    range: p.range,
                                };
                                return Self::resolve(
                                    &self.registries,
                                    file,
                                    &reg,
                                    "registry",
                                    self.out,
                                )
                                .map(|registry| Pull { loc: at, registry });
                            }
                            Field::known(Target::External(s.to_string()), at)
                        }
                    };
                    Some(Pull { loc: at, registry })
                })
                .collect();
            let kubelet = w
                .get("kubeletIdentity")
                .and_then(|k| Self::resolve(&self.identities, file, k, "identity", self.out));
            let user_assigned: Vec<_> = arr(w, "identities")
                .iter()
                .filter_map(|i| Self::resolve(&self.identities, file, i, "identity", self.out))
                .collect();
            let credentials: Vec<AciCredential> = arr(w, "registryCredentials")
                .iter()
                .filter_map(|c| {
                    let server = string(file, c.get("server"))?;
                    let identity = c.get("identity").and_then(|i| {
                        let s = i.as_str()?;
                        if s.eq_ignore_ascii_case("system") {
                            return Some(Field::known(CredIdentity::SystemAssigned, loc(file, i)));
                        }
                        Self::resolve(&self.identities, file, i, "identity", self.out)
                            .map(|f| f.map(CredIdentity::UserAssigned))
                    });
                    Some(AciCredential {
                        loc: loc(file, c),
                        server,
                        identity,
                        username: string(file, c.get("username")),
                    })
                })
                .collect();
            let Some(work) = self.model.workloads.get_mut(id) else {
                continue;
            };
            work.subnets = subnets;
            work.pulls = pulls;
            match &mut work.props {
                WorkloadProps::Aks(a) => a.kubelet_identity = kubelet,
                WorkloadProps::Aci(a) => {
                    a.ip_type = string(file, w.get("ipAddressType"));
                    a.dns_name_label = string(file, w.get("dnsNameLabel"));
                    a.system_assigned =
                        w.get("systemAssigned").and_then(Value::as_bool) == Some(true);
                    a.user_assigned = user_assigned;
                    a.credentials = credentials;
                    a.dns_config = w.get("dnsConfig").map(|d| loc(file, d));
                }
                WorkloadProps::WebApp(a) => {
                    a.vnet_image_pull = boolean(file, w.get("vnetImagePull"));
                    a.vnet_image_pull_shape =
                        a.vnet_image_pull.as_ref().map(|_| VnetPullShape::Topology);
                    a.acr_use_managed_identity_creds =
                        boolean(file, w.get("acrUseManagedIdentityCreds"));
                    a.has_registry_credentials = w.get("registryUsername").is_some();
                }
            }
        }
        for g in arr(root, "appGateways") {
            let subnets = g
                .get("subnet")
                .and_then(|s| self.subnet_ref(file, s))
                .into_iter()
                .collect();
            let backend_addresses = arr(g, "backendAddresses")
                .iter()
                .map(|a| BackendAddress {
                    loc: loc(file, a),
                    ip_address: string(file, a.get("ipAddress")),
                    container_group: a.get("containerGroup").and_then(|c| {
                        Self::resolve(&self.workloads, file, c, "workload", self.out)?.id()
                    }),
                })
                .collect();
            self.model.app_gateways.push(AppGateway {
                meta: meta(file, g),
                name: name_of(file, g),
                subnets,
                backend_addresses,
            });
        }
    }
}

/// How many of each resource existed before a document was declared (pass 2 walks the same
/// entries in the same order, so `first + position` is the id).
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub vnets: usize,
    pub zones: usize,
    pub identities: usize,
    pub workloads: usize,
}

impl Counts {
    pub fn of(model: &Model) -> Self {
        Counts {
            vnets: model.vnets.len(),
            zones: model.zones.len(),
            identities: model.identities.len(),
            workloads: model.workloads.len(),
        }
    }
}
