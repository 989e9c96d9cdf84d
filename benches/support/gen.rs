//! Generated documents for the benchmarks: the same hub-and-spoke deployment written as
//! Bicep, as an ARM JSON template and as topology JSON, grown spoke by spoke until it has at
//! least the asked number of lines (nothing big is committed).
//!
//! The hub holds a Premium registry (public access disabled, trusted services allowed) with a
//! private endpoint and its DNS zone group, and a NAT gateway for the ACI subnets. Each spoke
//! has three subnets (AKS nodes, delegated ACI, delegated web), a peering to the hub, an AKS
//! cluster with its kubelet's AcrPull, a container group pulling with a user-assigned identity
//! that holds AcrPull, and a web app pulling over the VNet with its system identity. Every
//! tenth spoke forgets its zone link and every twentieth the hub's peering back, so rules fire
//! and quick fixes are computed (`dns-link-missing`, `peering-one-sided`).

#![allow(dead_code)]

use std::fmt::Write;

/// The three formats topolint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Bicep,
    Arm,
    Topology,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Bicep, Format::Arm, Format::Topology];

    pub fn name(self) -> &'static str {
        match self {
            Format::Bicep => "bicep",
            Format::Arm => "arm",
            Format::Topology => "topology",
        }
    }

    /// A file name that makes topolint read the document in this format.
    pub fn file_name(self, lines: usize) -> String {
        match self {
            Format::Bicep => format!("generated-{lines}.bicep"),
            Format::Arm => format!("generated-{lines}.json"),
            Format::Topology => format!("generated-{lines}.topology.json"),
        }
    }

    /// A document of at least `lines` lines.
    pub fn generate(self, lines: usize) -> String {
        match self {
            Format::Bicep => bicep(lines),
            Format::Arm => arm(lines),
            Format::Topology => topology(lines),
        }
    }
}

const ACR_PULL: &str = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/// The spoke's /24, from 10.64.0.0 on (room for 48,000 spokes).
fn base(i: usize) -> String {
    format!("10.{}.{}", 64 + i / 256, i % 256)
}

fn lines(s: &str) -> usize {
    s.bytes().filter(|b| *b == b'\n').count()
}

/// Keep adding spokes until the document (with its closing `tail`) has `target` lines.
fn grow(
    head: String,
    tail: &str,
    target: usize,
    mut spoke: impl FnMut(&mut String, usize),
) -> String {
    let mut s = head;
    let mut count = lines(&s) + lines(tail);
    let mut i = 1;
    while count < target {
        let before = s.len();
        spoke(&mut s, i);
        count += lines(&s[before..]);
        i += 1;
    }
    s.push_str(tail);
    s
}

// ---- Bicep ----

/// The Bicep form.
pub fn bicep(target: usize) -> String {
    let head = format!(
        "// Hub and spokes, generated for benchmarks.
param location string = 'westeurope'

resource natIp 'Microsoft.Network/publicIPAddresses@2025-09-01' = {{
  name: 'nat-ip'
  location: location
  sku: {{ name: 'Standard' }}
  properties: {{ publicIPAllocationMethod: 'Static' }}
}}

resource nat 'Microsoft.Network/natGateways@2025-09-01' = {{
  name: 'nat'
  location: location
  sku: {{ name: 'Standard' }}
  properties: {{ publicIpAddresses: [ {{ id: natIp.id }} ] }}
}}

resource hub 'Microsoft.Network/virtualNetworks@2025-09-01' = {{
  name: 'hub'
  location: location
  properties: {{
    addressSpace: {{ addressPrefixes: [ '10.0.0.0/16' ] }}
    subnets: [
      {{ name: 'endpoints', properties: {{ addressPrefix: '10.0.1.0/24' }} }}
    ]
  }}
}}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {{
  name: 'platformacr'
  location: location
  sku: {{ name: 'Premium' }}
  properties: {{
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
  }}
}}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {{
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource hubLink 'virtualNetworkLinks' = {{
    name: 'hub'
    location: 'global'
    properties: {{ virtualNetwork: {{ id: hub.id }}, registrationEnabled: false }}
  }}
}}

resource pe 'Microsoft.Network/privateEndpoints@2025-09-01' = {{
  name: 'platformacr-pe'
  location: location
  properties: {{
    subnet: {{ id: '${{hub.id}}/subnets/endpoints' }}
    privateLinkServiceConnections: [
      {{ name: 'platformacr', properties: {{ privateLinkServiceId: acr.id, groupIds: [ 'registry' ] }} }}
    ]
  }}
  resource zoneGroup 'privateDnsZoneGroups' = {{
    name: 'default'
    properties: {{ privateDnsZoneConfigs: [ {{ name: 'acr', properties: {{ privateDnsZoneId: zone.id }} }} ] }}
  }}
}}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {{
  name: 'plan'
  location: location
  kind: 'linux'
  sku: {{ name: 'P1v3' }}
  properties: {{ reserved: true }}
}}

var acrPull = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{ACR_PULL}')
"
    );
    grow(head, "", target, bicep_spoke)
}

fn bicep_spoke(s: &mut String, i: usize) {
    let b = base(i);
    let _ = write!(
        s,
        "
resource spoke{i} 'Microsoft.Network/virtualNetworks@2025-09-01' = {{
  name: 'spoke{i}'
  location: location
  properties: {{
    addressSpace: {{ addressPrefixes: [ '{b}.0/24' ] }}
    subnets: [
      {{ name: 'nodes', properties: {{ addressPrefix: '{b}.0/26' }} }}
      {{
        name: 'aci'
        properties: {{
          addressPrefix: '{b}.64/26'
          natGateway: {{ id: nat.id }}
          delegations: [ {{ name: 'aci', properties: {{ serviceName: 'Microsoft.ContainerInstance/containerGroups' }} }} ]
        }}
      }}
      {{
        name: 'web'
        properties: {{
          addressPrefix: '{b}.128/26'
          delegations: [ {{ name: 'web', properties: {{ serviceName: 'Microsoft.Web/serverFarms' }} }} ]
        }}
      }}
    ]
  }}
}}

resource spoke{i}ToHub 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2025-09-01' = {{
  parent: spoke{i}
  name: 'to-hub'
  properties: {{
    remoteVirtualNetwork: {{ id: hub.id }}
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
  }}
}}
"
    );
    if i % 20 != 0 {
        let _ = write!(
            s,
            "
resource hubToSpoke{i} 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2025-09-01' = {{
  parent: hub
  name: 'to-spoke{i}'
  properties: {{
    remoteVirtualNetwork: {{ id: spoke{i}.id }}
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
  }}
}}
"
        );
    }
    if i % 10 != 0 {
        let _ = write!(
            s,
            "
resource link{i} 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {{
  parent: zone
  name: 'spoke{i}'
  location: 'global'
  properties: {{ virtualNetwork: {{ id: spoke{i}.id }}, registrationEnabled: false }}
}}
"
        );
    }
    let _ = write!(
        s,
        "
resource aks{i} 'Microsoft.ContainerService/managedClusters@2026-05-01' = {{
  name: 'spoke{i}-aks'
  location: location
  identity: {{ type: 'SystemAssigned' }}
  properties: {{
    dnsPrefix: 'spoke{i}-aks'
    agentPoolProfiles: [
      {{
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        vnetSubnetID: '${{spoke{i}.id}}/subnets/nodes'
      }}
    ]
    networkProfile: {{ networkPlugin: 'azure', networkPluginMode: 'overlay' }}
  }}
}}

resource aks{i}Pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  name: guid(acr.id, aks{i}.id, 'kubelet')
  scope: acr
  properties: {{
    principalId: aks{i}.properties.identityProfile.kubeletidentity.objectId
    principalType: 'ServicePrincipal'
    roleDefinitionId: acrPull
  }}
}}

resource pull{i} 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {{
  name: 'spoke{i}-pull'
  location: location
}}

resource pull{i}Role 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  name: guid(acr.id, pull{i}.id, 'acrpull')
  scope: acr
  properties: {{
    principalId: pull{i}.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: acrPull
  }}
}}

resource jobs{i} 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {{
  name: 'spoke{i}-jobs'
  location: location
  identity: {{
    type: 'UserAssigned'
    userAssignedIdentities: {{ '${{pull{i}.id}}': {{}} }}
  }}
  properties: {{
    osType: 'Linux'
    sku: 'Standard'
    subnetIds: [ {{ id: '${{spoke{i}.id}}/subnets/aci', name: 'aci' }} ]
    ipAddress: {{ type: 'Private', ports: [ {{ port: 8080, protocol: 'TCP' }} ] }}
    imageRegistryCredentials: [ {{ server: acr.properties.loginServer, identity: pull{i}.id }} ]
    containers: [
      {{
        name: 'jobs'
        properties: {{
          image: '${{acr.properties.loginServer}}/jobs:1.0'
          ports: [ {{ port: 8080, protocol: 'TCP' }} ]
          resources: {{ requests: {{ cpu: 1, memoryInGB: 2 }} }}
        }}
      }}
    ]
  }}
  dependsOn: [ pull{i}Role, pe ]
}}

resource web{i} 'Microsoft.Web/sites@2024-11-01' = {{
  name: 'spoke{i}-web'
  location: location
  identity: {{ type: 'SystemAssigned' }}
  properties: {{
    serverFarmId: plan.id
    virtualNetworkSubnetId: '${{spoke{i}.id}}/subnets/web'
    outboundVnetRouting: {{ imagePullTraffic: true }}
    siteConfig: {{
      linuxFxVersion: 'DOCKER|platformacr.azurecr.io/web:1.0'
      acrUseManagedIdentityCreds: true
    }}
  }}
}}

resource web{i}Pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {{
  name: guid(acr.id, web{i}.id, 'acrpull')
  scope: acr
  properties: {{
    principalId: web{i}.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: acrPull
  }}
}}
"
    );
}

// ---- ARM JSON ----

/// The ARM JSON form (one resource object per block, as `bicep build` lays them out).
pub fn arm(target: usize) -> String {
    let head = format!(
        r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": {{ "description": "Hub and spokes, generated for benchmarks." }},
  "parameters": {{
    "location": {{ "type": "string", "defaultValue": "westeurope" }}
  }},
  "variables": {{
    "acrPull": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{ACR_PULL}')]",
    "acrId": "[resourceId('Microsoft.ContainerRegistry/registries', 'platformacr')]"
  }},
  "resources": [
    {{
      "type": "Microsoft.Network/publicIPAddresses",
      "apiVersion": "2025-09-01",
      "name": "nat-ip",
      "location": "[parameters('location')]",
      "sku": {{ "name": "Standard" }},
      "properties": {{ "publicIPAllocationMethod": "Static" }}
    }},
    {{
      "type": "Microsoft.Network/natGateways",
      "apiVersion": "2025-09-01",
      "name": "nat",
      "location": "[parameters('location')]",
      "sku": {{ "name": "Standard" }},
      "properties": {{ "publicIpAddresses": [ {{ "id": "[resourceId('Microsoft.Network/publicIPAddresses', 'nat-ip')]" }} ] }}
    }},
    {{
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2025-09-01",
      "name": "hub",
      "location": "[parameters('location')]",
      "properties": {{
        "addressSpace": {{ "addressPrefixes": [ "10.0.0.0/16" ] }},
        "subnets": [
          {{ "name": "endpoints", "properties": {{ "addressPrefix": "10.0.1.0/24" }} }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.ContainerRegistry/registries",
      "apiVersion": "2025-11-01",
      "name": "platformacr",
      "location": "[parameters('location')]",
      "sku": {{ "name": "Premium" }},
      "properties": {{
        "adminUserEnabled": false,
        "publicNetworkAccess": "Disabled",
        "networkRuleBypassOptions": "AzureServices"
      }}
    }},
    {{
      "type": "Microsoft.Network/privateDnsZones",
      "apiVersion": "2024-06-01",
      "name": "privatelink.azurecr.io",
      "location": "global"
    }},
    {{
      "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
      "apiVersion": "2024-06-01",
      "name": "privatelink.azurecr.io/hub",
      "location": "global",
      "properties": {{
        "virtualNetwork": {{ "id": "[resourceId('Microsoft.Network/virtualNetworks', 'hub')]" }},
        "registrationEnabled": false
      }}
    }},
    {{
      "type": "Microsoft.Network/privateEndpoints",
      "apiVersion": "2025-09-01",
      "name": "platformacr-pe",
      "location": "[parameters('location')]",
      "properties": {{
        "subnet": {{ "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'endpoints')]" }},
        "privateLinkServiceConnections": [
          {{ "name": "platformacr", "properties": {{ "privateLinkServiceId": "[variables('acrId')]", "groupIds": [ "registry" ] }} }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
      "apiVersion": "2025-09-01",
      "name": "platformacr-pe/default",
      "properties": {{
        "privateDnsZoneConfigs": [
          {{ "name": "acr", "properties": {{ "privateDnsZoneId": "[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.azurecr.io')]" }} }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.Web/serverfarms",
      "apiVersion": "2024-11-01",
      "name": "plan",
      "location": "[parameters('location')]",
      "kind": "linux",
      "sku": {{ "name": "P1v3" }},
      "properties": {{ "reserved": true }}
    }}"#
    );
    grow(head, "\n  ]\n}\n", target, arm_spoke)
}

fn arm_spoke(s: &mut String, i: usize) {
    let b = base(i);
    let vnet = format!("[resourceId('Microsoft.Network/virtualNetworks', 'spoke{i}')]");
    let subnet = |n: &str| {
        format!("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'spoke{i}', '{n}')]")
    };
    let (nodes, aci, web) = (subnet("nodes"), subnet("aci"), subnet("web"));
    let _ = write!(
        s,
        r#",
    {{
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2025-09-01",
      "name": "spoke{i}",
      "location": "[parameters('location')]",
      "properties": {{
        "addressSpace": {{ "addressPrefixes": [ "{b}.0/24" ] }},
        "subnets": [
          {{ "name": "nodes", "properties": {{ "addressPrefix": "{b}.0/26" }} }},
          {{
            "name": "aci",
            "properties": {{
              "addressPrefix": "{b}.64/26",
              "natGateway": {{ "id": "[resourceId('Microsoft.Network/natGateways', 'nat')]" }},
              "delegations": [ {{ "name": "aci", "properties": {{ "serviceName": "Microsoft.ContainerInstance/containerGroups" }} }} ]
            }}
          }},
          {{
            "name": "web",
            "properties": {{
              "addressPrefix": "{b}.128/26",
              "delegations": [ {{ "name": "web", "properties": {{ "serviceName": "Microsoft.Web/serverFarms" }} }} ]
            }}
          }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      "apiVersion": "2025-09-01",
      "name": "spoke{i}/to-hub",
      "properties": {{
        "remoteVirtualNetwork": {{ "id": "[resourceId('Microsoft.Network/virtualNetworks', 'hub')]" }},
        "allowVirtualNetworkAccess": true,
        "allowForwardedTraffic": true
      }}
    }}"#
    );
    if i % 20 != 0 {
        let _ = write!(
            s,
            r#",
    {{
      "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      "apiVersion": "2025-09-01",
      "name": "hub/to-spoke{i}",
      "properties": {{
        "remoteVirtualNetwork": {{ "id": "{vnet}" }},
        "allowVirtualNetworkAccess": true,
        "allowForwardedTraffic": true
      }}
    }}"#
        );
    }
    if i % 10 != 0 {
        let _ = write!(
            s,
            r#",
    {{
      "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
      "apiVersion": "2024-06-01",
      "name": "privatelink.azurecr.io/spoke{i}",
      "location": "global",
      "properties": {{
        "virtualNetwork": {{ "id": "{vnet}" }},
        "registrationEnabled": false
      }}
    }}"#
        );
    }
    let aks = format!("[resourceId('Microsoft.ContainerService/managedClusters', 'spoke{i}-aks')]");
    let uai = format!(
        "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'spoke{i}-pull')]"
    );
    let site = format!("[resourceId('Microsoft.Web/sites', 'spoke{i}-web')]");
    let _ = write!(
        s,
        r#",
    {{
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2026-05-01",
      "name": "spoke{i}-aks",
      "location": "[parameters('location')]",
      "identity": {{ "type": "SystemAssigned" }},
      "properties": {{
        "dnsPrefix": "spoke{i}-aks",
        "agentPoolProfiles": [
          {{
            "name": "system",
            "mode": "System",
            "count": 3,
            "vmSize": "Standard_D4s_v5",
            "vnetSubnetID": "{nodes}"
          }}
        ],
        "networkProfile": {{ "networkPlugin": "azure", "networkPluginMode": "overlay" }}
      }}
    }},
    {{
      "type": "Microsoft.Authorization/roleAssignments",
      "apiVersion": "2022-04-01",
      "name": "[guid(variables('acrId'), 'spoke{i}-aks', 'kubelet')]",
      "scope": "[variables('acrId')]",
      "properties": {{
        "principalId": "[reference({aks_ref}, '2026-05-01').identityProfile.kubeletidentity.objectId]",
        "principalType": "ServicePrincipal",
        "roleDefinitionId": "[variables('acrPull')]"
      }}
    }},
    {{
      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
      "apiVersion": "2024-11-30",
      "name": "spoke{i}-pull",
      "location": "[parameters('location')]"
    }},
    {{
      "type": "Microsoft.Authorization/roleAssignments",
      "apiVersion": "2022-04-01",
      "name": "[guid(variables('acrId'), 'spoke{i}-pull', 'acrpull')]",
      "scope": "[variables('acrId')]",
      "properties": {{
        "principalId": "[reference({uai_ref}, '2024-11-30').principalId]",
        "principalType": "ServicePrincipal",
        "roleDefinitionId": "[variables('acrPull')]"
      }}
    }},
    {{
      "type": "Microsoft.ContainerInstance/containerGroups",
      "apiVersion": "2026-07-01",
      "name": "spoke{i}-jobs",
      "location": "[parameters('location')]",
      "identity": {{
        "type": "UserAssigned",
        "userAssignedIdentities": {{ "{uai}": {{}} }}
      }},
      "properties": {{
        "osType": "Linux",
        "sku": "Standard",
        "subnetIds": [ {{ "id": "{aci}", "name": "aci" }} ],
        "ipAddress": {{ "type": "Private", "ports": [ {{ "port": 8080, "protocol": "TCP" }} ] }},
        "imageRegistryCredentials": [ {{ "server": "platformacr.azurecr.io", "identity": "{uai}" }} ],
        "containers": [
          {{
            "name": "jobs",
            "properties": {{
              "image": "platformacr.azurecr.io/jobs:1.0",
              "ports": [ {{ "port": 8080, "protocol": "TCP" }} ],
              "resources": {{ "requests": {{ "cpu": 1, "memoryInGB": 2 }} }}
            }}
          }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.Web/sites",
      "apiVersion": "2024-11-01",
      "name": "spoke{i}-web",
      "location": "[parameters('location')]",
      "identity": {{ "type": "SystemAssigned" }},
      "properties": {{
        "serverFarmId": "[resourceId('Microsoft.Web/serverfarms', 'plan')]",
        "virtualNetworkSubnetId": "{web}",
        "outboundVnetRouting": {{ "imagePullTraffic": true }},
        "siteConfig": {{
          "linuxFxVersion": "DOCKER|platformacr.azurecr.io/web:1.0",
          "acrUseManagedIdentityCreds": true
        }}
      }}
    }},
    {{
      "type": "Microsoft.Authorization/roleAssignments",
      "apiVersion": "2022-04-01",
      "name": "[guid(variables('acrId'), 'spoke{i}-web', 'acrpull')]",
      "scope": "[variables('acrId')]",
      "properties": {{
        "principalId": "[reference({site_ref}, '2024-11-01', 'full').identity.principalId]",
        "principalType": "ServicePrincipal",
        "roleDefinitionId": "[variables('acrPull')]"
      }}
    }}"#,
        aks_ref = strip(&aks),
        uai_ref = strip(&uai),
        site_ref = strip(&site),
    );
}

/// `[expr]` → `expr`, to nest one expression in another.
fn strip(e: &str) -> &str {
    &e[1..e.len() - 1]
}

// ---- topology JSON ----

/// The topology JSON form (what `scripts/gen-large-topology.py` writes, one spoke at a time).
pub fn topology(target: usize) -> String {
    // Sections are written one after the other, so each is grown separately: a spoke adds a
    // VNet, a hub peering, a zone link, an identity, two role assignments and three workloads.
    let per_spoke = 60;
    let spokes = (target.saturating_sub(30) / per_spoke).max(1);
    let mut out;
    let mut n = spokes;
    loop {
        out = topology_with(n);
        if lines(&out) >= target {
            return out;
        }
        n += (target - lines(&out)).div_ceil(per_spoke);
    }
}

fn topology_with(spokes: usize) -> String {
    let mut vnets = String::new();
    let mut hub_peerings = Vec::new();
    let mut links = vec!["        { \"vnet\": \"hub\" }".to_string()];
    let mut identities = Vec::new();
    let mut roles = Vec::new();
    let mut workloads = Vec::new();
    for i in 1..=spokes {
        let b = base(i);
        let n = format!("spoke{i}");
        let _ = write!(
            vnets,
            r#",
    {{
      "name": "{n}",
      "region": "westeurope",
      "addressSpace": [ "{b}.0/24" ],
      "subnets": [
        {{ "name": "nodes", "addressPrefix": "{b}.0/26" }},
        {{
          "name": "aci",
          "addressPrefix": "{b}.64/26",
          "delegations": [ "Microsoft.ContainerInstance/containerGroups" ],
          "natGateway": true
        }},
        {{
          "name": "web",
          "addressPrefix": "{b}.128/26",
          "delegations": [ "Microsoft.Web/serverFarms" ]
        }}
      ],
      "peerings": [ {{ "remote": "hub" }} ]
    }}"#
        );
        if i % 20 != 0 {
            hub_peerings.push(format!("        {{ \"remote\": \"{n}\" }}"));
        }
        if i % 10 != 0 {
            links.push(format!("        {{ \"vnet\": \"{n}\" }}"));
        }
        identities.push(format!("    {{ \"name\": \"{n}-pull\" }}"));
        roles.push(format!(
            "    {{\n      \"principal\": {{ \"kubeletOf\": \"{n}-aks\" }},\n      \"role\": \"AcrPull\",\n      \"registry\": \"platformacr\"\n    }}"
        ));
        roles.push(format!(
            "    {{\n      \"principal\": \"{n}-pull\",\n      \"role\": \"AcrPull\",\n      \"registry\": \"platformacr\"\n    }}"
        ));
        workloads.push(format!(
            r#"    {{
      "name": "{n}-aks",
      "kind": "aks",
      "region": "westeurope",
      "subnets": [ "{n}/nodes" ],
      "pullsFrom": [ "platformacr" ]
    }},
    {{
      "name": "{n}-jobs",
      "kind": "aci",
      "region": "westeurope",
      "subnets": [ "{n}/aci" ],
      "ipAddressType": "Private",
      "pullsFrom": [ "platformacr" ],
      "identities": [ "{n}-pull" ],
      "registryCredentials": [ {{ "server": "platformacr.azurecr.io", "identity": "{n}-pull" }} ]
    }},
    {{
      "name": "{n}-web",
      "kind": "webApp",
      "region": "westeurope",
      "subnets": [ "{n}/web" ],
      "pullsFrom": [ "platformacr" ],
      "vnetImagePull": true,
      "acrUseManagedIdentityCreds": true
    }}"#
        ));
    }
    format!(
        r#"{{
  "name": "Hub and {spokes} spokes, generated for benchmarks",
  "vnets": [
    {{
      "name": "hub",
      "region": "westeurope",
      "addressSpace": [ "10.0.0.0/16" ],
      "subnets": [ {{ "name": "endpoints", "addressPrefix": "10.0.0.0/24" }} ],
      "peerings": [
{peerings}
      ]
    }}{vnets}
  ],
  "registries": [
    {{
      "name": "platformacr",
      "sku": "Premium",
      "region": "westeurope",
      "publicNetworkAccess": "Disabled"
    }}
  ],
  "privateEndpoints": [
    {{
      "name": "platformacr-pe",
      "subnet": "hub/endpoints",
      "registry": "platformacr",
      "zoneGroups": [ {{ "zones": [ "privatelink.azurecr.io" ] }} ]
    }}
  ],
  "dnsZones": [
    {{
      "name": "privatelink.azurecr.io",
      "links": [
{links}
      ]
    }}
  ],
  "identities": [
{identities}
  ],
  "roleAssignments": [
{roles}
  ],
  "workloads": [
{workloads}
  ]
}}
"#,
        peerings = hub_peerings.join(",\n"),
        links = links.join(",\n"),
        identities = identities.join(",\n"),
        roles = roles.join(",\n"),
        workloads = workloads.join(",\n"),
    )
}

/// The Bicep document of `lines` lines after a one-character edit (a digit of the last
/// spoke's AKS node count), as an editor sends it while the user types.
pub fn bicep_edited(lines: usize) -> (String, String) {
    let before = bicep(lines);
    let at = before.rfind("count: 3").expect("a spoke") + "count: ".len();
    let mut after = before.clone();
    after.replace_range(at..at + 1, "4");
    (before, after)
}
