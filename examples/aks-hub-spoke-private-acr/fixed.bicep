// AKS in a spoke, private ACR in a shared hub (seed 003, fixed).
// Peering in both directions and the zone linked to the spoke as well as the hub.
param location string = 'westeurope'

resource hub 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'hub'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      { name: 'endpoints', properties: { addressPrefix: '10.0.1.0/24' } }
    ]
  }
}

resource spoke 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'spoke-aks'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.1.0.0/16' ] }
    subnets: [
      { name: 'nodes', properties: { addressPrefix: '10.1.0.0/22' } }
    ]
  }
}

resource spokeToHub 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2025-09-01' = {
  parent: spoke
  name: 'spoke-aks-to-hub'
  properties: {
    remoteVirtualNetwork: { id: hub.id }
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
    allowGatewayTransit: false
    useRemoteGateways: false
  }
}

resource hubToSpoke 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2025-09-01' = {
  parent: hub
  name: 'hub-to-spoke-aks'
  properties: {
    remoteVirtualNetwork: { id: spoke.id }
    allowVirtualNetworkAccess: true
    allowForwardedTraffic: true
    allowGatewayTransit: false
    useRemoteGateways: false
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'sharedplatform'
  location: location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource hubLink 'virtualNetworkLinks' = {
    name: 'hub'
    location: 'global'
    properties: { virtualNetwork: { id: hub.id }, registrationEnabled: false }
  }
  resource spokeLink 'virtualNetworkLinks' = {
    name: 'spoke-aks'
    location: 'global'
    properties: { virtualNetwork: { id: spoke.id }, registrationEnabled: false }
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: 'sharedplatform-pe'
  location: location
  properties: {
    subnet: { id: '${hub.id}/subnets/endpoints' }
    privateLinkServiceConnections: [
      { name: 'sharedplatform', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: { privateDnsZoneConfigs: [ { name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zone.id } } ] }
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2026-05-01' = {
  name: 'aks-spoke'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: 'aks-spoke'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        osType: 'Linux'
        vnetSubnetID: '${spoke.id}/subnets/nodes'
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      podCidr: '192.168.0.0/16'
      serviceCidr: '172.16.0.0/16'
      dnsServiceIP: '172.16.0.10'
    }
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acr.id, aks.id, 'kubelet', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: acr
  properties: {
    principalId: aks.properties.identityProfile.kubeletidentity.objectId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  }
}
