resource a 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'a'
  properties: {
    x: 1

resource b 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'b'
}

output o string = b.name
