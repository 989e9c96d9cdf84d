param localName string
param remoteId string

resource peering 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  name: '${localName}/to-remote'
  properties: { remoteVirtualNetwork: { id: remoteId } }
}
