// ACI in a VNet with init and sidecar containers (seed 002, broken).
// Two container groups in a VNet behind an Application Gateway, pulling from a dedicated
// registry over a private endpoint. The ACI subnet is not delegated, the API group asks for a
// public IP, and the dashboard pulls with its system-assigned identity.
param location string = 'eastus'

resource natIp 'Microsoft.Network/publicIPAddresses@2025-09-01' = {
  name: 'aci-nat-ip'
  location: location
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}

resource nat 'Microsoft.Network/natGateways@2025-09-01' = {
  name: 'aci-nat'
  location: location
  sku: { name: 'Standard' }
  properties: { publicIpAddresses: [ { id: natIp.id } ] }
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-09-01' = {
  name: 'aci-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '192.168.0.0/16' ] }
    subnets: [
      { name: 'appgw', properties: { addressPrefix: '192.168.0.0/24' } }
      {
        name: 'aci'
        properties: {
          addressPrefix: '192.168.1.0/24'
          natGateway: { id: nat.id }
        }
      }
      { name: 'pe', properties: { addressPrefix: '192.168.2.0/24' } }
    ]
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'acisidecars'
  location: location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource link 'virtualNetworkLinks' = {
    name: 'aci-vnet'
    location: 'global'
    properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2025-09-01' = {
  name: 'acr-pe'
  location: location
  properties: {
    subnet: { id: '${vnet.id}/subnets/pe' }
    privateLinkServiceConnections: [
      { name: 'acisidecars', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: { privateDnsZoneConfigs: [ { name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zone.id } } ] }
  }
}

resource apiPull 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'api-pull'
  location: location
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acr.id, apiPull.id, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: acr
  properties: {
    principalId: apiPull.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  }
}

resource api 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {
  name: 'api'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${apiPull.id}': {} }
  }
  properties: {
    osType: 'Linux'
    sku: 'Standard'
    subnetIds: [ { id: '${vnet.id}/subnets/aci', name: 'aci' } ]
    ipAddress: { type: 'Public', ports: [ { port: 8080, protocol: 'TCP' } ], dnsNameLabel: 'api-demo' }
    imageRegistryCredentials: [ { server: acr.properties.loginServer, identity: apiPull.id } ]
    initContainers: [
      {
        name: 'migrate'
        properties: {
          image: '${acr.properties.loginServer}/api-migrations:1.0'
          command: [ '/app/migrate', '--up' ]
        }
      }
    ]
    containers: [
      {
        name: 'api'
        properties: {
          image: '${acr.properties.loginServer}/api:1.0'
          ports: [ { port: 8080, protocol: 'TCP' } ]
          resources: { requests: { cpu: 1, memoryInGB: 2 } }
        }
      }
      {
        name: 'log-shipper'
        properties: {
          image: '${acr.properties.loginServer}/fluent-bit:3.0'
          resources: { requests: { cpu: json('0.25'), memoryInGB: json('0.5') } }
        }
      }
    ]
  }
  dependsOn: [ acrPull, pe ]
}

resource dashboard 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {
  name: 'dashboard'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    osType: 'Linux'
    sku: 'Standard'
    subnetIds: [ { id: '${vnet.id}/subnets/aci', name: 'aci' } ]
    ipAddress: { type: 'Private', ports: [ { port: 3000, protocol: 'TCP' } ] }
    imageRegistryCredentials: [ { server: acr.properties.loginServer, identity: 'system' } ]
    containers: [
      {
        name: 'dashboard'
        properties: {
          image: '${acr.properties.loginServer}/dashboard:1.0'
          ports: [ { port: 3000, protocol: 'TCP' } ]
          resources: { requests: { cpu: 1, memoryInGB: 1 } }
        }
      }
      {
        name: 'oauth-proxy'
        properties: {
          image: '${acr.properties.loginServer}/oauth2-proxy:7.6'
          resources: { requests: { cpu: json('0.25'), memoryInGB: json('0.5') } }
        }
      }
    ]
  }
  dependsOn: [ pe ]
}
