var simple = 'plain'
var interp = '${simple}-x-${toLower('A')}'
var nested = '${'inner ${simple} string'}!'
var objInHole = '${ {a: 'b'}.a }'
var escapes = 'it\'s \\ \n \t \r \$ ${simple} \u{1F600} \u{41}'
var dollar = '$notAHole and $ alone'
var multi = '''
line one
  'quoted' ${not interpolated} \n
'''
var multiEmpty = ''''''
var num = 42
var big = 99999999999999999999999
var neg = -1
var logic = !true || false && (1 < 2) == (3 >= 3)
var ci = 'A' =~ 'a' && 'b' !~ 'c'
var arith = 1 + 2 * 3 - 4 / 2 % 1
var coalesce = params.?maybe ?? 'default'
var safeIndex = tags[?'env'] ?? ''
var fromEnd = items[^1]
var nonNull = maybeObj!.name
var notCall = !empty(list)
var ternary = num > 1 ? 'big' : 'small'
var multiTernary = num > 1
  ? 'big'
  : 'small'
var lambda = map(items, x => x.name)
var lambda2 = reduce(items, 0, (acc, cur) => acc + cur)
var lambda0 = () => 'x'
var filtered = filter(items, item => item.enabled && !contains(item.name, 'x'))
var spreadObj = {
  ...base
  extra: true
}
var spreadArr = [
  ...first
  'last'
]
var commaObj = { a: 1, b: 2 }
var commaArr = [1, 2, 3]
var emptyObj = {}
var emptyArr = []
var loop = [for i in range(0, 5): i * 2]
var loopFilter = [for (x, i) in items: {
  idx: i
  name: x.name
}]
var sysCall = sys.concat('a', 'b')
var azCall = az.resourceGroup().location
var chained = a.b.c[0].d('e').f
var multiLineCall = union(
  first,
  second
)
var withComments = {
  // a comment between properties
  a: 1 /* inline */ + /* in the middle */ 2
  /* block
     spanning lines */
  'quoted-key': 'v'
  '${simple}-key': 'interpolated key'
  b: [ // after bracket
    'x' // after item
  ]
}
var paren = (1 + 2) * 3
