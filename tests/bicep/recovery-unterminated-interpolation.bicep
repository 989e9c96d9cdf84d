var a = 'x-${name
var b = 'y-${name}-${'
var c = 'z-${foo bar}-end'
var d = '${}'
var ok = 'fine'
