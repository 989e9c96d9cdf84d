// One module used twice with different parameters, its outputs flowing back; a registry
// module whose outputs stay unknown (and make the model incomplete).
param location string = 'westeurope'

module hub './modules/vnet.bicep' = {
  name: 'hub'
  params: {
    name: 'hub'
    prefix: '10.0.0.0/16'
    location: location
  }
}

module spoke 'modules/vnet.bicep' = {
  name: 'spoke'
  params: {
    name: 'spoke'
    prefix: '10.1.0.0/16'
  }
}

module acr 'br/public:avm/res/container-registry/registry:0.9.0' = {
  name: 'acr'
  params: {
    name: 'contosoacr'
    acrSku: 'Premium'
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'acr-pe'
  location: location
  properties: {
    subnet: { id: hub.outputs.peSubnetId }
    privateLinkServiceConnections: [
      { name: 'acr', properties: { privateLinkServiceId: acr.outputs.resourceId, groupIds: [ 'registry' ] } }
    ]
  }
}

resource hubToSpoke 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  name: '${hub.outputs.name}/to-spoke'
  properties: { remoteVirtualNetwork: { id: spoke.outputs.id } }
}

module spokeToHub 'modules/peering.bicep' = {
  name: 'spoke-to-hub'
  params: {
    localName: spoke.outputs.name
    remoteId: hub.outputs.id
  }
}

param deployExtra bool

// An unknown condition on a module: what it declares may or may not be deployed.
module extra 'modules/vnet.bicep' = if (deployExtra) {
  name: 'extra'
  params: {
    name: 'extra'
    prefix: '10.2.0.0/16'
    dnsServers: []
  }
}

module missing './modules/not-in-the-set.bicep' = {
  name: 'missing'
}
