param name string
param prefix string
param location string = 'northeurope'
param dnsServers array

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ prefix ] }
    dhcpOptions: { dnsServers: dnsServers }
    subnets: [
      { name: 'pe', properties: { addressPrefix: cidrSubnet(prefix, 24, 0) } }
    ]
  }
}

output id string = vnet.id
output name string = vnet.name
output peSubnetId string = '${vnet.id}/subnets/pe'

param extraSubnetName string = 'extra'

resource extraSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnet
  name: extraSubnetName
  properties: { addressPrefix: cidrSubnet(prefix, 24, 1) }
}

output extraSubnetId string = '${vnet.id}/subnets/${extraSubnetName}'
