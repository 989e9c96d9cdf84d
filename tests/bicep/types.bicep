type sku = 'Basic' | 'Standard' | 'Premium'
type multiLineUnion =
  | 'a'
  | 'b'
type maybeString = string?
type names = string[]
type nested = string[][]
type config = {
  @description('The name')
  name: string
  size: int?
  'quoted-key': bool
  tags: {
    *: string
  }
  kind: 'a' | 'b'
}
type tuple = [string, int]
type decoratedTuple = [
  @description('first')
  string
  int
]
type literals = 1 | -1 | true | null
type fromResource = resourceInput<'Microsoft.Network/virtualNetworks@2024-05-01'>.properties
type outputOf = resourceOutput<'Microsoft.Storage/storageAccounts@2023-05-01'>
type item = names[*]
type firstOf = tuple[0]
type additional = config.tags.*
type qualified = sys.string
type imported = shared.lockType
type parens = (string | int)[]
param p config
param r resource 'Microsoft.Storage/storageAccounts@2023-05-01'
param u 'x' | 'y' = 'x'
