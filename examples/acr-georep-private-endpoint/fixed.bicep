// Geo-replicated ACR behind a private endpoint (seed 004, fixed).
// A /27 endpoint subnet (27 usable addresses, room for more replicas) and the one zone
// `privatelink.azurecr.io`, which holds the data-endpoint records of every region.
param location string = 'westus'
param replicaLocations array = [ 'eastus', 'westeurope' ]

resource vnet 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'build-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '192.168.0.0/16' ] }
    subnets: [
      { name: 'endpoints', properties: { addressPrefix: '192.168.1.0/27' } }
      { name: 'agents', properties: { addressPrefix: '192.168.2.0/24' } }
    ]
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'myregistry'
  location: location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
  }
}

resource replicas 'Microsoft.ContainerRegistry/registries/replications@2025-11-01' = [for region in replicaLocations: {
  parent: acr
  name: region
  location: region
  properties: { regionEndpointEnabled: true }
}]

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource link 'virtualNetworkLinks' = {
    name: 'build-vnet'
    location: 'global'
    properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: 'myregistry-pe'
  location: location
  properties: {
    subnet: { id: '${vnet.id}/subnets/endpoints' }
    privateLinkServiceConnections: [
      { name: 'myregistry', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: { privateDnsZoneConfigs: [ { name: 'acr', properties: { privateDnsZoneId: zone.id } } ] }
  }
  dependsOn: [ replicas ]
}
