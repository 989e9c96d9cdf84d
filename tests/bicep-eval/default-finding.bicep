// A finding that holds only because of a parameter default names the parameter.
param acrSku string = 'Basic'
param location string = 'westeurope'

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'contosoacr'
  location: location
  sku: { name: acrSku }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'hub'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [ { name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } } ]
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'acr-pe'
  location: location
  properties: {
    subnet: { id: '${vnet.id}/subnets/pe' }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
}
