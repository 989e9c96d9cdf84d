var a = 'never closed
var b = 'fine'
resource r 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'oops
  location: 'x'
}
var c = '''never closed either
