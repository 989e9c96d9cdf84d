// The entry file: its local modules join the check; the missing one makes it incomplete.
module hub 'net/vnet.bicep' = {
  name: 'hub'
  params: { name: 'hub', prefix: '10.0.0.0/16', subnetPrefix: '10.1.0.0/24' }
}

module again './net/vnet.bicep' = {
  name: 'again'
  params: { name: 'again', prefix: '10.2.0.0/16', subnetPrefix: '10.2.0.0/24' }
}

module gone 'net/missing.bicep' = {
  name: 'gone'
}
