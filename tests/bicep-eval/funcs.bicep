// Built-in functions over known and unknown values; results land in tags to be seen.
param env string = 'Prod'
param unknownName string

var parts = split('a/b/c', '/')
var base = { one: 1, two: 2 }

resource tagged 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: toLower('VNET-${env}')
  location: 'westeurope'
  tags: {
    concat: concat('a', '-', env)
    concatArrays: length(concat([ 1 ], [ 2, 3 ]))
    format: format('{0}-{1}', 'x', env)
    lower: toLower(env)
    lowerUnknown: toLower(unknownName)
    replace: replace('a-b-c', '-', '_')
    split: parts[1]
    last: last(parts)
    take: take('abcdef', 3)
    takeArray: length(take(parts, 2))
    substring: substring('abcdef', 2, 3)
    union: union(base, { two: 22, three: 3 }).two
    unionKeys: length(union(base, { three: 3 }))
    contains: contains(parts, 'b')
    containsString: contains('Hello', 'ell')
    containsUnknown: contains([ unknownName ], 'x')
    empty: empty([])
    emptyString: empty('x')
    length: length('abc')
    resId: resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'pe')
    subId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    resIdSlash: resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub/pe')
    unique: uniqueString(resourceGroup().id)
    uniqueAgain: uniqueString(resourceGroup().id)
    ternary: env == 'Prod' ? 'big' : 'small'
    ternaryUnknown: unknownName == 'x' ? 'a' : 'b'
    coalesce: null ?? 'fallback'
    math: 2 * 3 + 1
    nested: base.one
    cidrSubnet: cidrSubnet('10.0.0.0/16', 24, 3)
    cidrSubnetBad: cidrSubnet('10.0.0.0/16', 24, 256)
    // Found by fuzzing: no overflow on odd arguments.
    formatOdd: format('{x}-{1}', 'a')
    rangeHuge: length(range(9223372036854775807, 2))
    divOverflow: (0 - 9223372036854775807 - 1) / -1
  }
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
  }
}
