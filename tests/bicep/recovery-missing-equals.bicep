resource a 'Microsoft.Network/virtualNetworks@2024-05-01' {
  name: 'a'
}
var x 'y'
param p string 'default'
var ok = 1
