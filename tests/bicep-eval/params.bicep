// Parameters: defaults (values remember the parameter), no default (unknown with a stable
// identity), and variables built from both.
param location string = 'westeurope'
param acrSku string = 'Premium'
param acrName string
param prefix string = 'contoso'
param vnetPrefixes array = [
  '10.1.0.0/16'
]

var vnetName = '${prefix}-vnet'
var peName = '${acrName}-pe'

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: acrName
  location: location
  sku: { name: acrSku }
  properties: { publicNetworkAccess: 'Disabled' }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: location
  properties: {
    addressSpace: { addressPrefixes: vnetPrefixes }
    subnets: [
      { name: 'pe', properties: { addressPrefix: '10.1.0.0/24' } }
    ]
  }
}

// Both endpoints name the registry through the same unknown parameter: one registry.
resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: peName
  location: location
  properties: {
    subnet: { id: resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 'pe') }
    privateLinkServiceConnections: [
      {
        name: 'acr'
        properties: {
          privateLinkServiceId: resourceId('Microsoft.ContainerRegistry/registries', acrName)
          groupIds: [ 'registry' ]
        }
      }
    ]
  }
}

resource pe2 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: '${peName}2'
  location: location
  properties: {
    subnet: { id: vnet.properties.subnets[0].id }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
}

param subnetName string

// A subnet id built from a VNet id and an unknown subnet name keeps its type.
resource pe3 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe3'
  location: location
  properties: {
    subnet: { id: '${vnet.id}/subnets/${subnetName}' }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
}

param selfA string = selfB
param selfB string = selfA

resource cyc 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'cycle.example'
  location: 'global'
  tags: { a: selfA }
}
