param vnetName string
param subnets array
param deploy bool = true

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: vnetName
  location: resourceGroup().location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
  }

  resource snet 'subnets' = {
    name: 'default'
    properties: {
      addressPrefix: '10.0.0.0/24'
    }
  }
}

resource existingZone 'Microsoft.Network/privateDnsZones@2020-06-01' existing = {
  name: 'privatelink.azurecr.io'
  scope: resourceGroup('other-rg')
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (deploy) {
  parent: existingZone
  name: 'link'
  location: 'global'
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}

@batchSize(2)
resource nsgs 'Microsoft.Network/networkSecurityGroups@2024-05-01' = [for (s, i) in subnets: {
  name: 'nsg-${i}'
  location: vnet.location
}]

resource pes 'Microsoft.Network/privateEndpoints@2024-05-01' = [for s in subnets: if (s.enabled) {
  name: 'pe-${s.name}'
  properties: {
    subnet: {
      id: vnet::snet.id
    }
  }
}]

resource cond 'Microsoft.Network/publicIPAddresses@2024-05-01' =
  if (deploy) {
    name: 'pip'
  }

module local './modules/vnet.bicep' = {
  name: 'local'
  params: {
    name: vnetName
  }
}

module reg 'br:myregistry.azurecr.io/bicep/modules/storage:v1' = {
  name: 'reg'
}

module avm 'br/public:avm/res/network/virtual-network:0.5.1' = {
  name: 'avm'
  scope: resourceGroup('rg')
}

module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = if (deploy) {
  name: 'spec'
}

module loop './m.bicep' = [for (x, i) in range(0, 3): {
  name: 'loop-${i}'
}]

output vnetRes resource = vnet
output zone resource 'Microsoft.Network/privateDnsZones@2020-06-01' = existingZone
output snetId string = vnet::snet.id
