// Resource symbols: ids, names, inline subnets, children (nested, `::`, `parent:`, `a/b`),
// `existing` references.
param location string = 'westeurope'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'hub'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      { name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }
      { name: 'nodes', properties: { addressPrefix: '10.0.2.0/24' } }
    ]
  }
  resource workers 'subnets' = {
    name: 'workers'
    properties: { addressPrefix: '10.0.3.0/24' }
  }
}

resource extra 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: 'extra'
  properties: { addressPrefix: '10.0.4.0/24' }
}

resource slashed 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  name: '${vnet.name}/slashed'
  properties: { addressPrefix: '10.0.5.0/24' }
}

// Declared elsewhere: a reference, never asked for a SKU.
resource shared 'Microsoft.ContainerRegistry/registries@2025-11-01' existing = {
  name: 'sharedacr'
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource link 'virtualNetworkLinks' = {
    name: '${vnet.name}-link'
    location: 'global'
    properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: '${shared.name}-pe'
  location: vnet.location
  properties: {
    subnet: { id: '${vnet.id}/subnets/pe' }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: shared.id, groupIds: [ 'registry' ] } }
    ]
  }
}

resource pe2 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-nodes'
  location: location
  properties: {
    subnet: { id: vnet.properties.subnets[1].id }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: shared.id, groupIds: [ 'registry' ] } }
    ]
  }
}

resource pe3 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-workers'
  location: location
  properties: {
    subnet: { id: vnet::workers.id }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: shared.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource group 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [ { name: 'acr', properties: { privateDnsZoneId: zone.id } } ]
    }
  }
}

var subnetName = extra.name
var linkName = zone::link.name
var sharedSku = shared.sku.name

resource tags 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'other.example'
  location: 'global'
  tags: {
    subnetName: subnetName
    linkName: linkName
    sharedSku: sharedSku
    vnetType: vnet.type
    peSubnet: pe.properties.subnet.id
  }
}
