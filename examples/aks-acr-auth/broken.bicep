// AKS authenticating to ACR (seed 001, broken).
// AcrPull is given to the cluster's control-plane identity; nodes pull with the kubelet
// identity, which has no role on the registry.
param location string = 'francecentral'

resource vnet 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'aks-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.20.0.0/16' ] }
    subnets: [
      { name: 'nodes', properties: { addressPrefix: '10.20.0.0/22' } }
    ]
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'contosoaks'
  location: location
  sku: { name: 'Standard' }
  properties: { adminUserEnabled: false }
}

resource aks 'Microsoft.ContainerService/managedClusters@2026-05-01' = {
  name: 'aks-prod'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: 'aks-prod'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        osType: 'Linux'
        vnetSubnetID: '${vnet.id}/subnets/nodes'
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      podCidr: '192.168.0.0/16'
      serviceCidr: '172.16.0.0/16'
      dnsServiceIP: '172.16.0.10'
    }
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acr.id, aks.id, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: acr
  properties: {
    principalId: aks.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  }
}
