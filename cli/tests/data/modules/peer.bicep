param vnetName string

resource peering 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  name: '${vnetName}/to-nowhere'
  properties: { remoteVirtualNetwork: { id: resourceId('Microsoft.Network/virtualNetworks', 'far') } }
}
