//! Map evaluated Azure resources into the network model, whichever language declared them.
//! Inline `subnets[]` and child `virtualNetworks/subnets` are the same subnets; child resources
//! may come nested, with `parent:`, or named `parent/child` (the evaluators normalise all three
//! into full types and name lists).

use super::resource::Resource;
use super::value::{parse_resid_key, parse_resource_id, EKind, EVal, ResId};
use crate::diagnostic::Diagnostic;
use crate::model::names::{registry_of_image, role_pull, RolePull};
use crate::model::*;
use ipnet::IpNet;
use std::collections::HashMap;

mod types {
    pub const VNET: &str = "Microsoft.Network/virtualNetworks";
    pub const SUBNET: &str = "Microsoft.Network/virtualNetworks/subnets";
    pub const PEERING: &str = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";
    pub const REGISTRY: &str = "Microsoft.ContainerRegistry/registries";
    pub const REPLICATION: &str = "Microsoft.ContainerRegistry/registries/replications";
    pub const ENDPOINT: &str = "Microsoft.Network/privateEndpoints";
    pub const ZONE_GROUP: &str = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
    pub const ZONE: &str = "Microsoft.Network/privateDnsZones";
    pub const ZONE_LINK: &str = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
    pub const ZONE_A: &str = "Microsoft.Network/privateDnsZones/A";
    pub const IDENTITY: &str = "Microsoft.ManagedIdentity/userAssignedIdentities";
    pub const ROLE: &str = "Microsoft.Authorization/roleAssignments";
    pub const AKS: &str = "Microsoft.ContainerService/managedClusters";
    pub const ACI: &str = "Microsoft.ContainerInstance/containerGroups";
    pub const SITE: &str = "Microsoft.Web/sites";
    pub const SITE_CONFIG: &str = "Microsoft.Web/sites/config";
    pub const APP_GATEWAY: &str = "Microsoft.Network/applicationGateways";
}

/// What a property lookup found.
enum Look<'a> {
    Present(&'a EVal),
    Absent,
    /// An enclosing object is not known, so the property may exist.
    Opaque(&'a EVal),
}

fn look<'a>(v: &'a EVal, keys: &[&str]) -> Look<'a> {
    let mut cur = v;
    for k in keys {
        match &cur.kind {
            EKind::Object(_) => match cur.get(k) {
                Some(next) => cur = next,
                None => return Look::Absent,
            },
            EKind::Null => return Look::Absent,
            _ => return Look::Opaque(cur),
        }
    }
    Look::Present(cur)
}

fn unknown_of(v: &EVal) -> Unknown {
    match &v.kind {
        EKind::Unknown(u) => u.clone(),
        EKind::Interp(_) => Unknown::with_identity(
            "the value is built from values that are not known before deployment",
            v.identity().unwrap_or_default(),
        ),
        EKind::Property { path, .. } => Unknown::new(format!(
            "`{}` is known only after deployment",
            path.join(".")
        )),
        _ => Unknown::new("the value is not of the expected type"),
    }
}

fn field_from<T>(v: &EVal, f: impl FnOnce(&EVal) -> Option<T>) -> Field<T> {
    let val = match f(v) {
        Some(x) => Val::Known(x),
        None => Val::Unknown(unknown_of(v)),
    };
    Field {
        val,
        loc: v.loc,
        via_param: v.via_param.clone(),
    }
}

fn str_of(v: &EVal) -> Option<String> {
    match &v.kind {
        EKind::Str(s) => Some(s.clone()),
        EKind::Int(i) => Some(i.to_string()),
        EKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn opt<T>(res: &Resource, keys: &[&str], f: impl Fn(&EVal) -> Option<T>) -> Option<Field<T>> {
    opt_of(look(&res.body, keys), f)
}

/// A looked-up property as an optional field: absent or `null` is `None`, an unknown
/// enclosing object an unknown field.
fn opt_of<T>(l: Look, f: impl Fn(&EVal) -> Option<T>) -> Option<Field<T>> {
    match l {
        Look::Present(v) if matches!(v.kind, EKind::Null) => None,
        Look::Present(v) => Some(field_from(v, f)),
        Look::Absent => None,
        Look::Opaque(v) => Some(Field {
            val: Val::Unknown(unknown_of(v)),
            loc: v.loc,
            via_param: v.via_param.clone(),
        }),
    }
}

fn opt_str(res: &Resource, keys: &[&str]) -> Option<Field<String>> {
    opt(res, keys, str_of)
}

fn opt_bool(res: &Resource, keys: &[&str]) -> Option<Field<bool>> {
    opt(res, keys, EVal::as_bool)
}

fn list_field<T>(v: &EVal, f: impl Fn(&EVal) -> Option<T>) -> ListField<T> {
    match &v.kind {
        EKind::Array(items) => Field {
            val: Val::Known(items.iter().map(|i| field_from(i, &f)).collect()),
            loc: v.loc,
            via_param: v.via_param.clone(),
        },
        _ => Field {
            val: Val::Unknown(unknown_of(v)),
            loc: v.loc,
            via_param: v.via_param.clone(),
        },
    }
}

fn prefix(v: &EVal) -> Option<IpNet> {
    v.as_str()?.trim().parse::<IpNet>().ok().map(|n| n.trunc())
}

fn meta_of(res: &Resource) -> Meta {
    Meta {
        loc: res.loc,
        decl: res.decl,
        existing: res.existing,
        maybe: res.maybe,
    }
}

/// A name key for resolution: the identity of each name.
type Key = (String, Vec<String>);

fn key_of(rtype: &str, names: &[EVal]) -> Option<Key> {
    Some((
        rtype.to_ascii_lowercase(),
        names
            .iter()
            .map(EVal::identity)
            .collect::<Option<Vec<_>>>()?,
    ))
}

fn name_field(res: &Resource) -> Field<String> {
    let mut f = match res.name() {
        Some(n) => field_from(n, str_of),
        None => Field::unknown(Unknown::new("the resource has no name"), res.loc),
    };
    if let Val::Unknown(u) = &mut f.val {
        u.label = res.symbol.clone();
    }
    f
}

/// What a reference value points at: a resource id (from `ResourceId`, a literal id string,
/// or a `resid:` key).
fn ref_key(v: &EVal) -> Option<Key> {
    match &v.kind {
        EKind::ResourceId(id) => key_of(&id.rtype, &id.names),
        EKind::Str(s) => {
            if let Some((t, n)) = parse_resid_key(s) {
                return Some((t.to_ascii_lowercase(), n));
            }
            let (t, n) = parse_resource_id(s)?;
            Some((
                t.to_ascii_lowercase(),
                n.into_iter().map(|x| x.to_ascii_lowercase()).collect(),
            ))
        }
        _ => None,
    }
}

fn ref_text(v: &EVal) -> String {
    match &v.kind {
        EKind::Str(s) => s.clone(),
        EKind::ResourceId(id) => format!(
            "{}/{}",
            id.rtype,
            id.names
                .iter()
                .map(|n| n.identity().unwrap_or_else(|| "?".into()))
                .collect::<Vec<_>>()
                .join("/")
        ),
        _ => "an id outside the documents".into(),
    }
}

#[derive(Default)]
struct Index {
    vnets: HashMap<Key, VnetId>,
    subnets: HashMap<Key, SubnetId>,
    registries: HashMap<Key, RegistryId>,
    endpoints: HashMap<Key, EndpointId>,
    zones: HashMap<Key, ZoneId>,
    identities: HashMap<Key, IdentityId>,
    workloads: HashMap<Key, WorkloadId>,
}

fn resolve<I: Copy>(map: &HashMap<Key, I>, v: &EVal) -> RefField<I> {
    let val = match ref_key(v) {
        Some(k) => match map.get(&k) {
            Some(id) => Val::Known(Target::Resolved(*id)),
            None => Val::Known(Target::External(ref_text(v))),
        },
        None => Val::Unknown(unknown_of(v)),
    };
    Field {
        val,
        loc: v.loc,
        via_param: v.via_param.clone(),
    }
}

/// Add the model's view of `resources` (from every Bicep/ARM document of one deployment).
pub fn lower_resources(resources: &[Resource], model: &mut Model, out: &mut Vec<Diagnostic>) {
    let _ = out;
    let mut ix = Index::default();
    let of = |t: &'static str| resources.iter().filter(move |r| r.is_type(t));

    // VNets with their inline subnets.
    for r in of(types::VNET) {
        let id = model.add_vnet(Vnet {
            meta: meta_of(r),
            name: name_field(r),
            location: opt_str(r, &["location"]),
            address_prefixes: opt(r, &["properties", "addressSpace", "addressPrefixes"], |v| {
                Some(list_field(v, prefix))
            })
            .map(flatten),
            dns_servers: opt(r, &["properties", "dhcpOptions", "dnsServers"], |v| {
                Some(list_field(v, str_of))
            })
            .map(flatten),
            subnets: Vec::new(),
            peerings: Vec::new(),
        });
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.vnets.entry(k).or_insert(id);
        }
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = look(&r.body, &["properties", "subnets"])
        {
            for s in items {
                let name = s.get("name");
                let subnet = subnet_from(s, name, id, r);
                let sid = model.add_subnet(subnet);
                if let Some(n) = name {
                    let mut names = r.names.clone();
                    names.push(n.clone());
                    if let Some(k) = key_of(types::SUBNET, &names) {
                        ix.subnets.entry(k).or_insert(sid);
                    }
                }
            }
        }
    }
    // Child subnets (unless already declared inline under the same name).
    for r in of(types::SUBNET) {
        let Some(vk) = key_of(types::VNET, r.names.get(..1).unwrap_or(&[])) else {
            continue;
        };
        let Some(&vid) = ix.vnets.get(&vk) else {
            continue;
        };
        let Some(k) = key_of(&r.rtype, &r.names) else {
            continue;
        };
        if ix.subnets.contains_key(&k) {
            continue;
        }
        let mut s = subnet_from(&r.body, r.name(), vid, r);
        s.meta = meta_of(r);
        let sid = model.add_subnet(s);
        ix.subnets.insert(k, sid);
    }
    // Registries and replicas.
    for r in of(types::REGISTRY) {
        let known = !r.existing;
        let get = |keys: &[&str]| if known { opt_str(r, keys) } else { None };
        let reg = Registry {
            meta: meta_of(r),
            name: name_field(r),
            sku: get(&["sku", "name"]),
            location: get(&["location"]),
            replicas: Vec::new(),
            public_network_access: get(&["properties", "publicNetworkAccess"]),
            default_action: get(&["properties", "networkRuleSet", "defaultAction"]),
            bypass: get(&["properties", "networkRuleBypassOptions"]),
            admin_user_enabled: if known {
                opt_bool(r, &["properties", "adminUserEnabled"])
            } else {
                None
            },
            role_assignment_mode: get(&["properties", "roleAssignmentMode"]),
            virtual_network_rules: if known {
                opt(
                    r,
                    &["properties", "networkRuleSet", "virtualNetworkRules"],
                    |v| {
                        Some(list_field(v, |x| {
                            x.get("id")
                                .and_then(|i| str_of(i).or_else(|| Some(ref_text(i))))
                        }))
                    },
                )
                .map(flatten)
            } else {
                None
            },
        };
        model.registries.push(reg);
        let id = RegistryId(model.registries.len() as u32 - 1);
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.registries.entry(k).or_insert(id);
        }
    }
    for r in of(types::REPLICATION) {
        let Some(k) = key_of(types::REGISTRY, r.names.get(..1).unwrap_or(&[])) else {
            continue;
        };
        let Some(&rid) = ix.registries.get(&k) else {
            continue;
        };
        let location = opt_str(r, &["location"])
            .unwrap_or_else(|| Field::unknown(Unknown::new("the replica has no location"), r.loc));
        model.registries[rid.index()].replicas.push(Replica {
            meta: meta_of(r),
            location,
        });
    }
    // Zones, links, records.
    for r in of(types::ZONE) {
        model.zones.push(DnsZone {
            meta: meta_of(r),
            name: name_field(r),
            links: Vec::new(),
            records: Vec::new(),
        });
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.zones
                .entry(k)
                .or_insert(ZoneId(model.zones.len() as u32 - 1));
        }
    }
    // Identities.
    for r in of(types::IDENTITY) {
        model.identities.push(Identity {
            meta: meta_of(r),
            name: name_field(r),
            kind: IdentityKind::UserAssigned,
        });
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.identities
                .entry(k)
                .or_insert(IdentityId(model.identities.len() as u32 - 1));
        }
    }
    // Workloads (declared before references to them are resolved).
    let site_settings: Vec<&Resource> = of(types::SITE_CONFIG).collect();
    for r in resources
        .iter()
        .filter(|r| r.is_type(types::AKS) || r.is_type(types::ACI) || r.is_type(types::SITE))
    {
        let props = if r.is_type(types::AKS) {
            WorkloadProps::Aks(AksProps {
                kubelet_identity: None,
                control_plane_identity: None,
            })
        } else if r.is_type(types::ACI) {
            WorkloadProps::Aci(AciProps {
                ip_type: None,
                dns_name_label: None,
                system_assigned: false,
                user_assigned: Vec::new(),
                credentials: Vec::new(),
                dns_config: None,
            })
        } else {
            // Only Linux container apps pull images; other sites are not workloads here.
            let fx = opt_of(site_config(r, &site_settings, "linuxFxVersion"), str_of);
            let is_container = match &fx {
                Some(f) => f
                    .get()
                    .is_none_or(|s| s.to_ascii_uppercase().starts_with("DOCKER|")),
                None => false,
            };
            if !is_container {
                continue;
            }
            WorkloadProps::WebApp(WebAppProps {
                vnet_image_pull: None,
                api_version: r.api_version.clone(),
                acr_use_managed_identity_creds: None,
                has_registry_credentials: false,
                vnet_image_pull_shape: None,
            })
        };
        model.workloads.push(Workload {
            meta: meta_of(r),
            name: name_field(r),
            location: opt_str(r, &["location"]),
            subnets: Vec::new(),
            pulls: Vec::new(),
            props,
        });
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.workloads
                .entry(k)
                .or_insert(WorkloadId(model.workloads.len() as u32 - 1));
        }
    }

    // Peerings: inline and child.
    for r in of(types::VNET) {
        let Some(&vid) = key_of(&r.rtype, &r.names).and_then(|k| ix.vnets.get(&k)) else {
            continue;
        };
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = look(&r.body, &["properties", "virtualNetworkPeerings"])
        {
            for p in items {
                if let Some(peering) = peering_from(p, p.get("name"), vid, Meta::at(p.loc), &ix) {
                    model.add_peering(peering);
                }
            }
        }
    }
    for r in of(types::PEERING) {
        let Some(&vid) =
            key_of(types::VNET, r.names.get(..1).unwrap_or(&[])).and_then(|k| ix.vnets.get(&k))
        else {
            continue;
        };
        if let Some(peering) = peering_from(&r.body, r.name(), vid, meta_of(r), &ix) {
            model.add_peering(peering);
        }
    }
    // Zone links and records.
    for r in of(types::ZONE_LINK) {
        let Some(&zid) =
            key_of(types::ZONE, r.names.get(..1).unwrap_or(&[])).and_then(|k| ix.zones.get(&k))
        else {
            continue;
        };
        let vnet = match look(&r.body, &["properties", "virtualNetwork", "id"]) {
            Look::Present(v) => resolve(&ix.vnets, v),
            Look::Absent => continue,
            Look::Opaque(v) => Field::unknown(unknown_of(v), v.loc),
        };
        let link = ZoneLink {
            meta: meta_of(r),
            name: r.name().map(|n| field_from(n, str_of)),
            vnet,
            registration_enabled: opt_bool(r, &["properties", "registrationEnabled"]),
        };
        model.zones[zid.index()].links.push(link);
    }
    for r in of(types::ZONE_A) {
        let Some(&zid) =
            key_of(types::ZONE, r.names.get(..1).unwrap_or(&[])).and_then(|k| ix.zones.get(&k))
        else {
            continue;
        };
        let ipv4 = opt(r, &["properties", "aRecords"], |v| {
            Some(list_field(v, |x| x.get("ipv4Address").and_then(str_of)))
        })
        .map(flatten);
        model.zones[zid.index()].records.push(ARecord {
            meta: meta_of(r),
            name: name_field(r),
            ipv4,
        });
    }
    // Private endpoints and their zone groups.
    for r in of(types::ENDPOINT) {
        let subnet = match look(&r.body, &["properties", "subnet", "id"]) {
            Look::Present(v) => Some(resolve(&ix.subnets, v)),
            Look::Absent => None,
            Look::Opaque(v) => Some(Field::unknown(unknown_of(v), v.loc)),
        };
        let mut connections = Vec::new();
        for (key, manual) in [
            ("privateLinkServiceConnections", false),
            ("manualPrivateLinkServiceConnections", true),
        ] {
            if let Look::Present(EVal {
                kind: EKind::Array(items),
                ..
            }) = look(&r.body, &["properties", key])
            {
                for c in items {
                    let Some(target) = c.path(&["properties", "privateLinkServiceId"]) else {
                        continue;
                    };
                    let group_ids = c
                        .path(&["properties", "groupIds"])
                        .map(|g| list_field(g, str_of));
                    connections.push(PeConnection {
                        loc: target.loc,
                        target: resolve(&ix.registries, target),
                        group_ids,
                        manual,
                    });
                }
            }
        }
        let mut ip_configurations = Vec::new();
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = look(&r.body, &["properties", "ipConfigurations"])
        {
            for c in items {
                ip_configurations.push(PeIpConfig {
                    loc: c.loc,
                    group_id: c
                        .path(&["properties", "groupId"])
                        .map(|v| field_from(v, str_of)),
                    member_name: c
                        .path(&["properties", "memberName"])
                        .map(|v| field_from(v, str_of)),
                });
            }
        }
        model.endpoints.push(PrivateEndpoint {
            meta: meta_of(r),
            name: name_field(r),
            location: opt_str(r, &["location"]),
            subnet,
            connections,
            zone_groups: Vec::new(),
            ip_configurations,
        });
        if let Some(k) = key_of(&r.rtype, &r.names) {
            ix.endpoints
                .entry(k)
                .or_insert(EndpointId(model.endpoints.len() as u32 - 1));
        }
    }
    for r in of(types::ZONE_GROUP) {
        let Some(&eid) = key_of(types::ENDPOINT, r.names.get(..1).unwrap_or(&[]))
            .and_then(|k| ix.endpoints.get(&k))
        else {
            continue;
        };
        let mut zones = Vec::new();
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = look(&r.body, &["properties", "privateDnsZoneConfigs"])
        {
            for c in items {
                if let Some(z) = c.path(&["properties", "privateDnsZoneId"]) {
                    zones.push(resolve(&ix.zones, z));
                }
            }
        }
        model.endpoints[eid.index()].zone_groups.push(ZoneGroup {
            meta: meta_of(r),
            zones,
        });
    }

    // Workload details.
    let registry_names: Vec<(String, RegistryId)> = model
        .registries
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.name
                .get()
                .map(|n| (n.to_ascii_lowercase(), RegistryId(i as u32)))
        })
        .collect();
    for r in resources
        .iter()
        .filter(|r| r.is_type(types::AKS) || r.is_type(types::ACI) || r.is_type(types::SITE))
    {
        let Some(&wid) = key_of(&r.rtype, &r.names).and_then(|k| ix.workloads.get(&k)) else {
            continue;
        };
        let mut subnets = Vec::new();
        let mut pulls = Vec::new();
        if r.is_type(types::AKS) {
            if let Look::Present(EVal {
                kind: EKind::Array(pools),
                ..
            }) = look(&r.body, &["properties", "agentPoolProfiles"])
            {
                for p in pools {
                    if let Some(s) = p.get("vnetSubnetID") {
                        subnets.push(resolve(&ix.subnets, s));
                    }
                }
            }
            let kubelet = match look(
                &r.body,
                &[
                    "properties",
                    "identityProfile",
                    "kubeletidentity",
                    "resourceId",
                ],
            ) {
                Look::Present(v) => Some(resolve(&ix.identities, v)),
                _ => None,
            };
            // AKS takes one user-assigned control-plane identity.
            let control_plane = match look(&r.body, &["identity", "userAssignedIdentities"]) {
                Look::Present(EVal {
                    kind: EKind::Object(props),
                    ..
                }) => props
                    .first()
                    .map(|(k, kloc, _)| resolve(&ix.identities, &EVal::str(k.clone(), *kloc))),
                _ => None,
            };
            if let WorkloadProps::Aks(a) = &mut model.workloads[wid.index()].props {
                a.kubelet_identity = kubelet;
                a.control_plane_identity = control_plane;
            }
        } else if r.is_type(types::ACI) {
            if let Look::Present(EVal {
                kind: EKind::Array(ids),
                ..
            }) = look(&r.body, &["properties", "subnetIds"])
            {
                for s in ids {
                    if let Some(id) = s.get("id") {
                        subnets.push(resolve(&ix.subnets, id));
                    }
                }
            }
            for key in ["containers", "initContainers"] {
                if let Look::Present(EVal {
                    kind: EKind::Array(cs),
                    ..
                }) = look(&r.body, &["properties", key])
                {
                    for c in cs {
                        if let Some(image) = c.path(&["properties", "image"]) {
                            if let Some(p) = pull_from_image(image, &registry_names, &ix) {
                                pulls.push(p);
                            }
                        }
                    }
                }
            }
            let identity_type = opt_str(r, &["identity", "type"]);
            let system_assigned = identity_type
                .as_ref()
                .and_then(|t| t.get())
                .is_some_and(|t| t.to_ascii_lowercase().contains("systemassigned"));
            let mut user_assigned = Vec::new();
            match look(&r.body, &["identity", "userAssignedIdentities"]) {
                Look::Present(EVal {
                    kind: EKind::Object(props),
                    ..
                }) => {
                    for (k, kloc, _) in props {
                        user_assigned.push(resolve(&ix.identities, &EVal::str(k.clone(), *kloc)));
                    }
                }
                Look::Present(v) | Look::Opaque(v) => {
                    user_assigned.push(Field::unknown(unknown_of(v), v.loc))
                }
                Look::Absent => {}
            }
            let mut credentials = Vec::new();
            if let Look::Present(EVal {
                kind: EKind::Array(cs),
                ..
            }) = look(&r.body, &["properties", "imageRegistryCredentials"])
            {
                for c in cs {
                    let Some(server) = c.get("server") else {
                        continue;
                    };
                    let server_field = match server_name(server, &registry_names) {
                        Some(s) => Field {
                            val: Val::Known(s),
                            loc: server.loc,
                            via_param: server.via_param.clone(),
                        },
                        None => field_from(server, str_of),
                    };
                    let identity = c.get("identity").map(|i| {
                        // `system` names the group's own system-assigned identity, as in
                        // topology JSON (and the Azure CLI's registry-identity options).
                        if i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("system")) {
                            return field_from(i, |_| Some(CredIdentity::SystemAssigned));
                        }
                        resolve(&ix.identities, i).map(CredIdentity::UserAssigned)
                    });
                    credentials.push(AciCredential {
                        loc: c.loc,
                        server: server_field,
                        identity,
                        username: c.get("username").map(|u| field_from(u, str_of)),
                    });
                }
            }
            if let WorkloadProps::Aci(a) = &mut model.workloads[wid.index()].props {
                a.ip_type = opt_str(r, &["properties", "ipAddress", "type"]);
                a.dns_name_label = opt_str(r, &["properties", "ipAddress", "dnsNameLabel"]);
                a.system_assigned = system_assigned;
                a.user_assigned = user_assigned;
                a.credentials = credentials;
                a.dns_config = match look(&r.body, &["properties", "dnsConfig"]) {
                    Look::Present(v) => Some(v.loc),
                    _ => None,
                };
            }
        } else {
            if let Look::Present(v) = look(&r.body, &["properties", "virtualNetworkSubnetId"]) {
                subnets.push(resolve(&ix.subnets, v));
            }
            if let Look::Present(fx) = site_config(r, &site_settings, "linuxFxVersion") {
                if let Some(p) = pull_from_image(fx, &registry_names, &ix) {
                    pulls.push(p);
                }
            }
            let settings = app_settings(r, &site_settings);
            let over_vnet = [
                (
                    opt_bool(r, &["properties", "vnetImagePullEnabled"]),
                    VnetPullShape::VnetImagePullEnabled,
                ),
                (
                    opt_bool(
                        r,
                        &["properties", "outboundVnetRouting", "imagePullTraffic"],
                    ),
                    VnetPullShape::ImagePullTraffic,
                ),
                (
                    opt_bool(r, &["properties", "outboundVnetRouting", "allTraffic"]),
                    VnetPullShape::AllTraffic,
                ),
                (
                    settings
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("WEBSITE_PULL_IMAGE_OVER_VNET"))
                        .map(|(_, v)| field_from(v, EVal::as_bool)),
                    VnetPullShape::AppSetting,
                ),
            ];
            let shapes = || {
                over_vnet
                    .iter()
                    .filter_map(|(f, shape)| f.as_ref().map(|f| (f, *shape)))
            };
            // Enabled by any shape; unknown if some shape is unknown and none is true.
            let chosen = shapes()
                .find(|(f, _)| f.get() == Some(&true))
                .or_else(|| shapes().find(|(f, _)| f.get().is_none()))
                .or_else(|| shapes().next());
            let vnet_image_pull = chosen.map(|(f, _)| f.clone());
            let vnet_image_pull_shape = chosen.map(|(_, s)| s);
            let has_creds = settings
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("DOCKER_REGISTRY_SERVER_USERNAME"));
            if let WorkloadProps::WebApp(a) = &mut model.workloads[wid.index()].props {
                a.vnet_image_pull = vnet_image_pull;
                a.vnet_image_pull_shape = vnet_image_pull_shape;
                a.acr_use_managed_identity_creds = opt_of(
                    site_config(r, &site_settings, "acrUseManagedIdentityCreds"),
                    EVal::as_bool,
                );
                a.has_registry_credentials = has_creds;
            }
        }
        let w = &mut model.workloads[wid.index()];
        w.subnets = subnets;
        w.pulls = pulls;
    }

    // Application Gateways: their subnets and backend addresses.
    for r in of(types::APP_GATEWAY) {
        let mut subnets = Vec::new();
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = look(&r.body, &["properties", "gatewayIPConfigurations"])
        {
            for c in items {
                match look(c, &["properties", "subnet", "id"]) {
                    Look::Present(v) => subnets.push(resolve(&ix.subnets, v)),
                    Look::Absent => {}
                    Look::Opaque(v) => subnets.push(Field::unknown(unknown_of(v), v.loc)),
                }
            }
        }
        let mut backend_addresses = Vec::new();
        if let Look::Present(EVal {
            kind: EKind::Array(pools),
            ..
        }) = look(&r.body, &["properties", "backendAddressPools"])
        {
            for p in pools {
                let Look::Present(EVal {
                    kind: EKind::Array(addrs),
                    ..
                }) = look(p, &["properties", "backendAddresses"])
                else {
                    continue;
                };
                for a in addrs {
                    let ip = a.get("ipAddress");
                    let container_group = ip.and_then(|v| match &v.kind {
                        EKind::Property { of, path }
                            if of.rtype.eq_ignore_ascii_case(types::ACI)
                                && path.last().is_some_and(|p| p.eq_ignore_ascii_case("ip")) =>
                        {
                            key_of(&of.rtype, &of.names).and_then(|k| ix.workloads.get(&k).copied())
                        }
                        _ => None,
                    });
                    backend_addresses.push(BackendAddress {
                        loc: a.loc,
                        ip_address: ip.map(|v| field_from(v, str_of)),
                        container_group,
                    });
                }
            }
        }
        model.app_gateways.push(AppGateway {
            meta: meta_of(r),
            name: name_field(r),
            subnets,
            backend_addresses,
        });
    }

    // Role assignments, and the pulls they imply for AKS.
    for r in of(types::ROLE) {
        let scope = match &r.scope {
            None => Field::known(Scope::ResourceGroup, r.loc),
            Some(s) => {
                let f = resolve(&ix.registries, s);
                f.map(|t| match t {
                    Target::Resolved(id) => Scope::Registry(id),
                    Target::External(x) => Scope::Other(x),
                })
            }
        };
        let role = match look(&r.body, &["properties", "roleDefinitionId"]) {
            Look::Present(v) => field_from(v, |v| match &v.kind {
                EKind::ResourceId(id) => id.names.last().and_then(str_of),
                EKind::Str(s) => Some(s.rsplit('/').next().unwrap_or(s).to_string()),
                _ => None,
            }),
            Look::Absent => continue,
            Look::Opaque(v) => Field::unknown(unknown_of(v), v.loc),
        };
        let principal = match look(&r.body, &["properties", "principalId"]) {
            Look::Present(v) => principal_of(v, &ix),
            Look::Absent => continue,
            Look::Opaque(v) => Field::unknown(unknown_of(v), v.loc),
        };
        model.role_assignments.push(RoleAssignment {
            meta: meta_of(r),
            scope,
            role,
            principal,
        });
    }
    aks_pulls_from_roles(model);
}

fn flatten<T>(f: Field<ListField<T>>) -> ListField<T> {
    match f.val {
        Val::Known(inner) => inner,
        Val::Unknown(u) => Field {
            val: Val::Unknown(u),
            loc: f.loc,
            via_param: f.via_param,
        },
    }
}

fn subnet_from(body: &EVal, name: Option<&EVal>, vnet: VnetId, parent: &Resource) -> Subnet {
    let props = body.get("properties");
    let prefixes = match props {
        Some(p) if !p.opaque() => {
            let mut items = Vec::new();
            if let Some(one) = p.get("addressPrefix") {
                items.push(field_from(one, prefix));
            }
            let mut whole_unknown = None;
            if let Some(many) = p.get("addressPrefixes") {
                match &many.kind {
                    EKind::Array(xs) => items.extend(xs.iter().map(|x| field_from(x, prefix))),
                    _ => whole_unknown = Some(Field::unknown(unknown_of(many), many.loc)),
                }
            }
            whole_unknown.or_else(|| {
                if items.is_empty() {
                    None
                } else {
                    Some(Field::known(
                        items,
                        p.get("addressPrefix")
                            .or(p.get("addressPrefixes"))
                            .map_or(body.loc, |v| v.loc),
                    ))
                }
            })
        }
        Some(p) => Some(Field::unknown(unknown_of(p), p.loc)),
        None => None,
    };
    let delegations = match props.map(|p| look(p, &["delegations"])) {
        Some(Look::Present(v)) => Some(list_field(v, |d| {
            d.path(&["properties", "serviceName"])
                .and_then(str_of)
                .or_else(|| d.get("serviceName").and_then(str_of))
        })),
        Some(Look::Opaque(v)) => Some(Field::unknown(unknown_of(v), v.loc)),
        _ => None,
    };
    let nat_gateway = props.and_then(|p| p.get("natGateway")).map(|n| n.loc);
    let name = match name {
        Some(n) => field_from(n, str_of),
        None => Field::unknown(Unknown::new("the subnet has no name"), body.loc),
    };
    let at = if body.loc == parent.body.loc {
        parent.loc
    } else {
        name.loc
    };
    Subnet {
        meta: Meta {
            loc: at,
            decl: body.loc,
            existing: parent.existing,
            maybe: parent.maybe,
        },
        name,
        vnet,
        prefixes,
        delegations,
        nat_gateway,
    }
}

fn peering_from(
    body: &EVal,
    name: Option<&EVal>,
    local: VnetId,
    meta: Meta,
    ix: &Index,
) -> Option<Peering> {
    let remote = body.path(&["properties", "remoteVirtualNetwork", "id"])?;
    let flag = |k: &str| {
        body.path(&["properties", k])
            .map(|v| field_from(v, EVal::as_bool))
    };
    Some(Peering {
        meta,
        name: name.map(|n| field_from(n, str_of)),
        local,
        remote: resolve(&ix.vnets, remote),
        allow_virtual_network_access: flag("allowVirtualNetworkAccess"),
        allow_forwarded_traffic: flag("allowForwardedTraffic"),
        allow_gateway_transit: flag("allowGatewayTransit"),
        use_remote_gateways: flag("useRemoteGateways"),
    })
}

/// The registry a login-server value names: `acr.properties.loginServer`, or
/// `<name>.azurecr.io`.
fn server_name(v: &EVal, registries: &[(String, RegistryId)]) -> Option<String> {
    match &v.kind {
        EKind::Property { of, path }
            if of.rtype.eq_ignore_ascii_case(types::REGISTRY)
                && path
                    .last()
                    .is_some_and(|p| p.eq_ignore_ascii_case("loginServer")) =>
        {
            let name = of.names.first()?.identity()?;
            registries
                .iter()
                .any(|(n, _)| *n == name)
                .then(|| format!("{name}.azurecr.io"))
        }
        EKind::Interp(parts) => server_name(parts.first()?, registries),
        _ => None,
    }
}

fn pull_from_image(image: &EVal, registries: &[(String, RegistryId)], ix: &Index) -> Option<Pull> {
    let at = image.loc;
    // `'${acr.properties.loginServer}/app:1'`: the registry by reference.
    let first = match &image.kind {
        EKind::Interp(parts) => parts.first(),
        _ => Some(image),
    }?;
    if let EKind::Property { of, path } = &first.kind {
        if of.rtype.eq_ignore_ascii_case(types::REGISTRY)
            && path
                .last()
                .is_some_and(|p| p.eq_ignore_ascii_case("loginServer"))
        {
            let registry = resolve(
                &ix.registries,
                &EVal::new(
                    EKind::ResourceId(ResId {
                        rtype: of.rtype.clone(),
                        names: of.names.clone(),
                    }),
                    at,
                ),
            );
            return Some(Pull { loc: at, registry });
        }
    }
    let text = match &image.kind {
        EKind::Str(s) => s.clone(),
        EKind::Interp(_) => image.identity()?,
        _ => return None,
    };
    let name = registry_of_image(&text)?.to_ascii_lowercase();
    let registry = match registries.iter().find(|(n, _)| *n == name) {
        Some((_, id)) => Field {
            val: Val::Known(Target::Resolved(*id)),
            loc: at,
            via_param: image.via_param.clone(),
        },
        None => Field {
            val: Val::Known(Target::External(format!("{name}.azurecr.io"))),
            loc: at,
            via_param: image.via_param.clone(),
        },
    };
    Some(Pull { loc: at, registry })
}

/// Whether `c` (a `Microsoft.Web/sites/config`) is the site's config resource named `name`.
fn config_of(site: &Resource, c: &Resource, name: &str) -> bool {
    let parent = key_of(types::SITE, c.names.get(..1).unwrap_or(&[]));
    parent.is_some()
        && parent == key_of(&site.rtype, &site.names)
        && c.name()
            .and_then(EVal::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
}

/// A `SiteConfig` property: in the site's `properties.siteConfig`, or in its `config` child
/// named `web`, which holds the same object as a resource of its own.
fn site_config<'a>(site: &'a Resource, configs: &[&'a Resource], key: &str) -> Look<'a> {
    let inline = look(&site.body, &["properties", "siteConfig", key]);
    if !matches!(inline, Look::Absent) {
        return inline;
    }
    configs
        .iter()
        .filter(|c| config_of(site, c, "web"))
        .map(|c| look(&c.body, &["properties", key]))
        .find(|l| !matches!(l, Look::Absent))
        .unwrap_or(Look::Absent)
}

/// App settings of a site: `siteConfig.appSettings[]` (inline or in child `config/web`) and
/// child `config/appsettings`.
fn app_settings<'a>(site: &'a Resource, configs: &[&'a Resource]) -> Vec<(String, &'a EVal)> {
    let mut out = Vec::new();
    let webs = configs.iter().filter(|c| config_of(site, c, "web"));
    for list in std::iter::once(look(
        &site.body,
        &["properties", "siteConfig", "appSettings"],
    ))
    .chain(webs.map(|c| look(&c.body, &["properties", "appSettings"])))
    {
        if let Look::Present(EVal {
            kind: EKind::Array(items),
            ..
        }) = list
        {
            for s in items {
                if let (Some(n), Some(v)) = (s.get("name").and_then(EVal::as_str), s.get("value")) {
                    out.push((n.to_string(), v));
                }
            }
        }
    }
    for c in configs.iter().filter(|c| config_of(site, c, "appsettings")) {
        if let Some(EVal {
            kind: EKind::Object(props),
            ..
        }) = c.body.get("properties")
        {
            for (k, _, v) in props {
                out.push((k.clone(), v));
            }
        }
    }
    out
}

fn principal_of(v: &EVal, ix: &Index) -> Field<Principal> {
    let p = match &v.kind {
        EKind::Property { of, path } => {
            let path: Vec<String> = path.iter().map(|p| p.to_ascii_lowercase()).collect();
            let key = key_of(&of.rtype, &of.names);
            let ends = |tail: &[&str]| {
                path.len() >= tail.len()
                    && path[path.len() - tail.len()..]
                        .iter()
                        .zip(tail)
                        .all(|(a, b)| a == b)
            };
            if of.rtype.eq_ignore_ascii_case(types::AKS) && ends(&["kubeletidentity", "objectid"]) {
                key.and_then(|k| ix.workloads.get(&k))
                    .map(|w| Principal::Kubelet(*w))
            } else if of.rtype.eq_ignore_ascii_case(types::IDENTITY) && ends(&["principalid"]) {
                key.and_then(|k| ix.identities.get(&k))
                    .map(|i| Principal::Identity(*i))
            } else if ends(&["identity", "principalid"]) {
                key.and_then(|k| ix.workloads.get(&k))
                    .map(|w| Principal::SystemAssigned(*w))
            } else {
                None
            }
        }
        EKind::Str(s) => Some(Principal::External(s.clone())),
        _ => None,
    };
    match p {
        Some(p) => Field {
            val: Val::Known(p),
            loc: v.loc,
            via_param: v.via_param.clone(),
        },
        None => Field {
            val: Val::Unknown(unknown_of(v)),
            loc: v.loc,
            via_param: v.via_param.clone(),
        },
    }
}

/// An AKS cluster pulls from a registry when one of its identities is given a role on it: that
/// is how templates say "this cluster uses this registry" (`az aks --attach-acr`).
fn aks_pulls_from_roles(model: &mut Model) {
    let mut adds: Vec<(WorkloadId, Pull)> = Vec::new();
    for ra in &model.role_assignments {
        let Some(Scope::Registry(rid)) = ra.scope.get() else {
            continue;
        };
        if ra.role.get().map(|r| role_pull(r)) == Some(RolePull::None) {
            continue;
        }
        let Some(p) = ra.principal.get() else {
            continue;
        };
        let wid = match p {
            Principal::Kubelet(w) | Principal::SystemAssigned(w) => Some(*w),
            Principal::Identity(i) => model.workload_ids().find(|&w| {
                matches!(&model.workload(w).props, WorkloadProps::Aks(a)
                    if [&a.kubelet_identity, &a.control_plane_identity]
                        .iter()
                        .any(|f| f.as_ref().and_then(|k| k.id()) == Some(*i)))
            }),
            Principal::External(_) => None,
        };
        let Some(wid) = wid else { continue };
        if !matches!(model.workload(wid).props, WorkloadProps::Aks(_)) {
            continue;
        }
        adds.push((
            wid,
            Pull {
                loc: ra.meta.loc,
                registry: Field::known(Target::Resolved(*rid), ra.scope.loc),
            },
        ));
    }
    for (w, p) in adds {
        let pulls = &mut model.workloads[w.index()].pulls;
        if !pulls.iter().any(|q| q.registry.id() == p.registry.id()) {
            pulls.push(p);
        }
    }
}
