// ACI in a VNet pulling from a private ACR (seed 000, broken).
// The 2021 article says this cannot work. Today it can, with a user-assigned identity holding
// AcrPull, trusted services allowed on the registry and the endpoint outside the ACI subnet.
// This variant misses all three: a Standard registry with public access disabled and no bypass,
// the endpoint in the delegated ACI subnet, and admin-user credentials for the pull.
param location string = 'westeurope'

@secure()
param registryPassword string

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
    ]
  }
}

resource acr 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: 'contosoapps'
  location: location
  sku: { name: 'Standard' }
  properties: {
    adminUserEnabled: true
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'None'
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
    subnet: { id: '${vnet.id}/subnets/aci' }
    privateLinkServiceConnections: [
      { name: 'contosoapps', properties: { privateLinkServiceId: acr.id, groupIds: [ 'registry' ] } }
    ]
  }
  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: { privateDnsZoneConfigs: [ { name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zone.id } } ] }
  }
}

resource api 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {
  name: 'api'
  location: location
  properties: {
    osType: 'Linux'
    sku: 'Standard'
    subnetIds: [ { id: '${vnet.id}/subnets/aci', name: 'aci' } ]
    ipAddress: { type: 'Private', ports: [ { port: 8080, protocol: 'TCP' } ] }
    imageRegistryCredentials: [
      { server: 'contosoapps.azurecr.io', username: 'contosoapps', password: registryPassword }
    ]
    containers: [
      {
        name: 'api'
        properties: {
          image: 'contosoapps.azurecr.io/api:1.0'
          ports: [ { port: 8080, protocol: 'TCP' } ]
          resources: { requests: { cpu: 1, memoryInGB: 2 } }
        }
      }
    ]
  }
  dependsOn: [ pe ]
}
