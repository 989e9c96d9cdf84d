// CRLF line endings: locations count lines as Windows does.
param location string = 'westeurope'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'crlf'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [
      { name: 'a', properties: { addressPrefix: '10.1.0.0/24' } }
    ]
  }
}
