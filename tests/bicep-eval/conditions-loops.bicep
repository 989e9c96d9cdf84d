// Conditions and loops: false is absent, unknown is "maybe"; loops over known and unknown
// arrays, with an index.
param deployBastion bool = false
param deployMaybe bool
param subnetNames array = [
  'a'
  'b'
]
param regions array

resource never 'Microsoft.Network/virtualNetworks@2024-05-01' = if (deployBastion) {
  name: 'never'
  location: 'westeurope'
}

resource maybe 'Microsoft.Network/virtualNetworks@2024-05-01' = if (deployMaybe) {
  name: 'maybe'
  location: 'westeurope'
  properties: { addressSpace: { addressPrefixes: [ '10.9.0.0/16' ] } }
}

resource vnets 'Microsoft.Network/virtualNetworks@2024-05-01' = [for (s, i) in subnetNames: {
  name: 'vnet-${s}'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ '10.${i}.0.0/16' ] }
    subnets: [for j in range(0, 2): {
      name: 'snet-${i}-${j}'
      properties: { addressPrefix: '10.${i}.${j}.0/24' }
    }]
  }
}]

resource filtered 'Microsoft.Network/privateDnsZones@2024-06-01' = [for (s, i) in subnetNames: if (i > 0) {
  name: '${s}.example'
  location: 'global'
}]

resource perRegion 'Microsoft.Network/virtualNetworks@2024-05-01' = [for r in regions: {
  name: 'vnet-${r}'
  location: r
}]

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  name: 'b.example/link'
  location: 'global'
  properties: { virtualNetwork: { id: vnets[1].id } }
}

resource link0 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  name: 'b.example/link0'
  location: 'global'
  properties: { virtualNetwork: { id: vnets[0].id } }
}

// Indexing a loop over unknown values picks no item.
resource linkUnknown 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  name: 'b.example/linkUnknown'
  location: 'global'
  properties: { virtualNetwork: { id: perRegion[0].id } }
}

// A literal never equals an unknown value by its identity.
resource notGuessed 'Microsoft.Network/privateDnsZones@2024-06-01' = if ('param:deployMaybe' == string(deployMaybe)) {
  name: 'not-guessed.example'
  location: 'global'
}
