// ACI in a VNet pulling from a private ACR (seed 000, fixed).
// Premium registry with public access disabled and trusted services allowed; the endpoint in
// its own subnet; the container group pulls with a user-assigned identity holding AcrPull.
param location string = 'westeurope'

resource natIp 'Microsoft.Network/publicIPAddresses@2025-09-01' = {
  name: 'app-nat-ip'
  location: location
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}

resource nat 'Microsoft.Network/natGateways@2025-09-01' = {
  name: 'app-nat'
  location: location
  sku: { name: 'Standard' }
  properties: { publicIpAddresses: [ { id: natIp.id } ] }
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'app-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.10.0.0/16' ] }
    subnets: [
      {
        name: 'aci'
        properties: {
          addressPrefix: '10.10.1.0/24'
          natGateway: { id: nat.id }
          delegations: [ { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } } ]
        }
      }
      {
        name: 'endpoints'
        properties: { addressPrefix: '10.10.2.0/27' }
      }
    ]
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'contosoapps'
  location: location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource link 'virtualNetworkLinks' = {
    name: 'app-vnet'
    location: 'global'
    properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: 'contosoapps-pe'
  location: location
  properties: {
    subnet: { id: '${vnet.id}/subnets/endpoints' }
    privateLinkServiceConnections: [
      { name: 'contosoapps', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: { privateDnsZoneConfigs: [ { name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zone.id } } ] }
  }
}

resource pullId 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'api-pull'
  location: location
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acr.id, pullId.id, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: acr
  properties: {
    principalId: pullId.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  }
}

resource api 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {
  name: 'api'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${pullId.id}': {} }
  }
  properties: {
    osType: 'Linux'
    sku: 'Standard'
    subnetIds: [ { id: '${vnet.id}/subnets/aci', name: 'aci' } ]
    ipAddress: { type: 'Private', ports: [ { port: 8080, protocol: 'TCP' } ] }
    imageRegistryCredentials: [ { server: acr.properties.loginServer, identity: pullId.id } ]
    containers: [
      {
        name: 'api'
        properties: {
          image: '${acr.properties.loginServer}/api:1.0'
          ports: [ { port: 8080, protocol: 'TCP' } ]
          resources: { requests: { cpu: 1, memoryInGB: 2 } }
        }
      }
    ]
  }
  dependsOn: [ acrPull, pe ]
}
