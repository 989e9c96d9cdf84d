// Declarations that refer to themselves (found by fuzzing: this overflowed the stack) end as
// unknown values, not as endless evaluation.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  location: vnet.location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      { name: 'pe', properties: { addressPrefix: '10.0.1.0/24', id: vnet.properties.subnets[0].id } }
    ]
  }
}

resource other 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: other.name
  location: 'westeurope'
}
