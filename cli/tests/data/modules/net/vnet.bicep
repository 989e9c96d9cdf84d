param name string
param prefix string
param subnetPrefix string

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ prefix ] }
    subnets: [ { name: 'a', properties: { addressPrefix: subnetPrefix } } ]
  }
}

module peer '../peer.bicep' = {
  name: 'peer-${name}'
  params: { vnetName: vnet.name }
}
