//! The network model: what every front end (topology JSON, Bicep, ARM) fills and every rule
//! reads. It knows nothing of syntax; every field keeps the place it came from and may be
//! unknown (see [`value`]).

pub mod names;
pub mod value;

use crate::document::Location;
use ipnet::IpNet;
use serde::Serialize;
pub use value::{Field, ListField, OptFieldExt, RefField, Target, Unknown, Val};

macro_rules! ids {
    ($($name:ident),*) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
ids!(
    VnetId,
    SubnetId,
    PeeringId,
    RegistryId,
    EndpointId,
    ZoneId,
    IdentityId,
    RoleAssignmentId,
    WorkloadId
);

/// What every resource has.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meta {
    /// Where to report a problem with the resource as a whole (or a missing property): the
    /// Bicep symbol, the ARM resource's `type`/`name`, the topology entry's `name`.
    pub loc: Location,
    /// The whole declaration (used for suppression scopes and for inserting properties).
    pub decl: Location,
    /// Declared `existing`: a reference, not a definition; its properties are unknown.
    pub existing: bool,
    /// Its deployment condition is unknown: it may or may not be deployed.
    pub maybe: bool,
}

impl Meta {
    pub fn at(loc: Location) -> Self {
        Meta {
            loc,
            decl: loc,
            existing: false,
            maybe: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vnet {
    pub meta: Meta,
    pub name: Field<String>,
    pub location: Option<Field<String>>,
    pub address_prefixes: Option<ListField<IpNet>>,
    /// `dhcpOptions.dnsServers`; absent or empty means Azure-provided DNS.
    pub dns_servers: Option<ListField<String>>,
    pub subnets: Vec<SubnetId>,
    pub peerings: Vec<PeeringId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subnet {
    pub meta: Meta,
    pub name: Field<String>,
    pub vnet: VnetId,
    /// `addressPrefix` and `addressPrefixes` together.
    pub prefixes: Option<ListField<IpNet>>,
    /// Delegation service names (`Microsoft.ContainerInstance/containerGroups`, ...).
    pub delegations: Option<ListField<String>>,
    pub nat_gateway: Option<Location>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Peering {
    pub meta: Meta,
    pub name: Option<Field<String>>,
    pub local: VnetId,
    pub remote: RefField<VnetId>,
    pub allow_virtual_network_access: Option<Field<bool>>,
    pub allow_forwarded_traffic: Option<Field<bool>>,
    pub allow_gateway_transit: Option<Field<bool>>,
    pub use_remote_gateways: Option<Field<bool>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replica {
    pub meta: Meta,
    pub location: Field<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Registry {
    pub meta: Meta,
    pub name: Field<String>,
    pub sku: Option<Field<String>>,
    /// Home region.
    pub location: Option<Field<String>>,
    pub replicas: Vec<Replica>,
    /// `Enabled` (default) or `Disabled`.
    pub public_network_access: Option<Field<String>>,
    /// `networkRuleSet.defaultAction`: `Allow` (default) or `Deny`.
    pub default_action: Option<Field<String>>,
    /// `networkRuleBypassOptions`: `AzureServices` (default) or `None`.
    pub bypass: Option<Field<String>>,
    pub admin_user_enabled: Option<Field<bool>>,
    /// `LegacyRegistryPermissions` (default) or `AbacRepositoryPermissions`.
    pub role_assignment_mode: Option<Field<String>>,
    /// `networkRuleSet.virtualNetworkRules` (service-endpoint rules), when present.
    pub virtual_network_rules: Option<ListField<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeConnection {
    pub loc: Location,
    /// The target resource; `External` when it is not a registry of the model.
    pub target: RefField<RegistryId>,
    pub group_ids: Option<ListField<String>>,
    /// Declared in `manualPrivateLinkServiceConnections`.
    pub manual: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ZoneGroup {
    pub meta: Meta,
    /// `privateDnsZoneConfigs[].privateDnsZoneId`.
    pub zones: Vec<RefField<ZoneId>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeIpConfig {
    pub loc: Location,
    pub group_id: Option<Field<String>>,
    pub member_name: Option<Field<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrivateEndpoint {
    pub meta: Meta,
    pub name: Field<String>,
    pub location: Option<Field<String>>,
    pub subnet: Option<RefField<SubnetId>>,
    pub connections: Vec<PeConnection>,
    pub zone_groups: Vec<ZoneGroup>,
    /// Static `ipConfigurations`.
    pub ip_configurations: Vec<PeIpConfig>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ZoneLink {
    pub meta: Meta,
    pub name: Option<Field<String>>,
    pub vnet: RefField<VnetId>,
    pub registration_enabled: Option<Field<bool>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ARecord {
    pub meta: Meta,
    /// Relative to the zone (`myregistry`, `myregistry.westeurope.data`).
    pub name: Field<String>,
    pub ipv4: Option<ListField<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DnsZone {
    pub meta: Meta,
    pub name: Field<String>,
    pub links: Vec<ZoneLink>,
    pub records: Vec<ARecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum IdentityKind {
    UserAssigned,
    /// An Entra group, with its members as far as the document says.
    Group {
        members: Vec<Field<Principal>>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Identity {
    pub meta: Meta,
    pub name: Field<String>,
    pub kind: IdentityKind,
}

/// Who a role assignment is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum Principal {
    /// A user-assigned identity or group of the model.
    Identity(IdentityId),
    /// An AKS cluster's kubelet identity (`identityProfile.kubeletidentity`), when it is the
    /// one AKS creates.
    Kubelet(WorkloadId),
    /// A resource's own system-assigned identity (for AKS: the control plane's `identity`).
    SystemAssigned(WorkloadId),
    /// A principal id the documents do not resolve.
    External(String),
}

/// Where a role assignment applies.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum Scope {
    Registry(RegistryId),
    /// The deployment's resource group (covers the registries it declares).
    ResourceGroup,
    Subscription,
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleAssignment {
    pub meta: Meta,
    pub scope: Field<Scope>,
    /// A role name (`AcrPull`) or role definition GUID, as written; see [`names::role`].
    pub role: Field<String>,
    pub principal: Field<Principal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkloadKind {
    Aks,
    Aci,
    WebApp,
}

impl WorkloadKind {
    pub fn label(self) -> &'static str {
        match self {
            WorkloadKind::Aks => "AKS cluster",
            WorkloadKind::Aci => "container group",
            WorkloadKind::WebApp => "web app",
        }
    }
}

/// A workload pulling images from a registry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pull {
    /// Where the pull is stated (the image reference, the role assignment, the topology entry).
    pub loc: Location,
    pub registry: RefField<RegistryId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AksProps {
    /// A bring-your-own kubelet identity; `None` means the one AKS creates
    /// ([`Principal::Kubelet`]).
    pub kubelet_identity: Option<RefField<IdentityId>>,
    /// The control plane's user-assigned identity (`identity.userAssignedIdentities`); `None`
    /// when it is system-assigned ([`Principal::SystemAssigned`]).
    pub control_plane_identity: Option<RefField<IdentityId>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum CredIdentity {
    UserAssigned(Target<IdentityId>),
    SystemAssigned,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AciCredential {
    pub loc: Location,
    pub server: Field<String>,
    pub identity: Option<Field<CredIdentity>>,
    pub username: Option<Field<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AciProps {
    /// `ipAddress.type`: `Public` or `Private`.
    pub ip_type: Option<Field<String>>,
    pub dns_name_label: Option<Field<String>>,
    pub system_assigned: bool,
    pub user_assigned: Vec<RefField<IdentityId>>,
    pub credentials: Vec<AciCredential>,
    pub dns_config: Option<Location>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WebAppProps {
    /// Image pull over the VNet, from whichever shape the API version uses
    /// (`vnetImagePullEnabled`, `outboundVnetRouting.imagePullTraffic`/`allTraffic`, or the
    /// app setting `WEBSITE_PULL_IMAGE_OVER_VNET`).
    pub vnet_image_pull: Option<Field<bool>>,
    pub api_version: Option<String>,
    pub acr_use_managed_identity_creds: Option<Field<bool>>,
    pub has_registry_credentials: bool,
    /// Which property `vnet_image_pull` was read from (for fixes that must write the shape the
    /// site's API version expects); `None` when it is absent.
    pub vnet_image_pull_shape: Option<VnetPullShape>,
}

/// Where a web app says whether it pulls images over its VNet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VnetPullShape {
    /// `properties.vnetImagePullEnabled` (API 2022-03-01..2024-04-01).
    VnetImagePullEnabled,
    /// `properties.outboundVnetRouting.imagePullTraffic` (API 2024-11-01 and later).
    ImagePullTraffic,
    /// `properties.outboundVnetRouting.allTraffic` (API 2024-11-01 and later).
    AllTraffic,
    /// App setting `WEBSITE_PULL_IMAGE_OVER_VNET` (a string).
    AppSetting,
    /// Topology JSON `vnetImagePull`.
    Topology,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum WorkloadProps {
    Aks(AksProps),
    Aci(AciProps),
    WebApp(WebAppProps),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    pub meta: Meta,
    pub name: Field<String>,
    pub location: Option<Field<String>>,
    /// AKS node subnets, ACI `subnetIds`, the web app's VNet-integration subnet.
    pub subnets: Vec<RefField<SubnetId>>,
    pub pulls: Vec<Pull>,
    pub props: WorkloadProps,
}

impl Workload {
    pub fn kind(&self) -> WorkloadKind {
        match self.props {
            WorkloadProps::Aks(_) => WorkloadKind::Aks,
            WorkloadProps::Aci(_) => WorkloadKind::Aci,
            WorkloadProps::WebApp(_) => WorkloadKind::WebApp,
        }
    }
}

/// One backend address of an Application Gateway's backend pools.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackendAddress {
    pub loc: Location,
    /// `ipAddress`, when given (a literal, or unknown when computed).
    pub ip_address: Option<Field<String>>,
    /// The container group whose IP the address takes (`aci.properties.ipAddress.ip`).
    pub container_group: Option<WorkloadId>,
}

/// An Application Gateway (`Microsoft.Network/applicationGateways`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppGateway {
    pub meta: Meta,
    pub name: Field<String>,
    /// `gatewayIPConfigurations[].subnet.id`.
    pub subnets: Vec<RefField<SubnetId>>,
    /// `backendAddressPools[].backendAddresses[]`.
    pub backend_addresses: Vec<BackendAddress>,
}

/// Rules a document turns off for a range (a Bicep `#disable-next-line`, a JSONC
/// `// topolint-disable-next-line`, ARM resource `metadata`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suppression {
    pub scope: Location,
    /// Rule ids; empty means every rule.
    pub rules: Vec<String>,
}

/// Everything the documents declare, as one deployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Model {
    pub vnets: Vec<Vnet>,
    pub subnets: Vec<Subnet>,
    pub peerings: Vec<Peering>,
    pub registries: Vec<Registry>,
    pub endpoints: Vec<PrivateEndpoint>,
    pub zones: Vec<DnsZone>,
    pub identities: Vec<Identity>,
    pub role_assignments: Vec<RoleAssignment>,
    pub workloads: Vec<Workload>,
    pub app_gateways: Vec<AppGateway>,
    pub suppressions: Vec<Suppression>,
    /// Set when the documents refer to things outside themselves that may hold resources (a
    /// module not in the set, ...): absence is then not proof.
    pub incomplete: Option<Unknown>,
}

impl Model {
    pub fn vnet(&self, id: VnetId) -> &Vnet {
        &self.vnets[id.index()]
    }
    pub fn subnet(&self, id: SubnetId) -> &Subnet {
        &self.subnets[id.index()]
    }
    pub fn peering(&self, id: PeeringId) -> &Peering {
        &self.peerings[id.index()]
    }
    pub fn registry(&self, id: RegistryId) -> &Registry {
        &self.registries[id.index()]
    }
    pub fn endpoint(&self, id: EndpointId) -> &PrivateEndpoint {
        &self.endpoints[id.index()]
    }
    pub fn zone(&self, id: ZoneId) -> &DnsZone {
        &self.zones[id.index()]
    }
    pub fn identity(&self, id: IdentityId) -> &Identity {
        &self.identities[id.index()]
    }
    pub fn workload(&self, id: WorkloadId) -> &Workload {
        &self.workloads[id.index()]
    }

    pub fn vnet_ids(&self) -> impl Iterator<Item = VnetId> {
        (0..self.vnets.len() as u32).map(VnetId)
    }
    pub fn subnet_ids(&self) -> impl Iterator<Item = SubnetId> {
        (0..self.subnets.len() as u32).map(SubnetId)
    }
    pub fn peering_ids(&self) -> impl Iterator<Item = PeeringId> {
        (0..self.peerings.len() as u32).map(PeeringId)
    }
    pub fn registry_ids(&self) -> impl Iterator<Item = RegistryId> {
        (0..self.registries.len() as u32).map(RegistryId)
    }
    pub fn endpoint_ids(&self) -> impl Iterator<Item = EndpointId> {
        (0..self.endpoints.len() as u32).map(EndpointId)
    }
    pub fn zone_ids(&self) -> impl Iterator<Item = ZoneId> {
        (0..self.zones.len() as u32).map(ZoneId)
    }
    pub fn workload_ids(&self) -> impl Iterator<Item = WorkloadId> {
        (0..self.workloads.len() as u32).map(WorkloadId)
    }

    /// Add a VNet and return its id (front ends then add subnets and peerings to it).
    pub fn add_vnet(&mut self, vnet: Vnet) -> VnetId {
        self.vnets.push(vnet);
        VnetId(self.vnets.len() as u32 - 1)
    }
    pub fn add_subnet(&mut self, subnet: Subnet) -> SubnetId {
        let vnet = subnet.vnet;
        self.subnets.push(subnet);
        let id = SubnetId(self.subnets.len() as u32 - 1);
        self.vnets[vnet.index()].subnets.push(id);
        id
    }
    pub fn add_peering(&mut self, peering: Peering) -> PeeringId {
        let vnet = peering.local;
        self.peerings.push(peering);
        let id = PeeringId(self.peerings.len() as u32 - 1);
        self.vnets[vnet.index()].peerings.push(id);
        id
    }

    /// Endpoints whose connections target `registry`.
    pub fn endpoints_to(&self, registry: RegistryId) -> impl Iterator<Item = EndpointId> + '_ {
        self.endpoint_ids().filter(move |&e| {
            self.endpoint(e)
                .connections
                .iter()
                .any(|c| c.target.id() == Some(registry))
        })
    }

    /// The VNet of an endpoint, when its subnet is known.
    pub fn endpoint_vnet(&self, e: EndpointId) -> Option<VnetId> {
        let s = self.endpoint(e).subnet.as_ref()?.id()?;
        Some(self.subnet(s).vnet)
    }
}
