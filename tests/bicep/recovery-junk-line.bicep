resource a 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'a'
}
this is not bicep at all }
resource b 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'b'
  junk junk junk
  location: 'x'
  : nokey
  "double": 1
}
var after = 1
