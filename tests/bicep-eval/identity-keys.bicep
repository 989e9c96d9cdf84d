// `'${pullId.id}'` is how Bicep keys a user-assigned identity: the key is the identity's id.
resource pullId 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'pull-id'
  location: 'westeurope'
}

resource app 'Microsoft.ContainerInstance/containerGroups@2026-07-01' = {
  name: 'app'
  location: 'westeurope'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${pullId.id}': {} }
  }
  properties: {
    osType: 'Linux'
    imageRegistryCredentials: [ { server: 'contosoacr.azurecr.io', identity: pullId.id } ]
    containers: [ { name: 'app', properties: { image: 'contosoacr.azurecr.io/app:1.0' } } ]
  }
}
