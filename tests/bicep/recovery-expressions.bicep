var a = [
  1
  (2
  3
]
var b = {a: 1 b: 2}
var c = foo(1 2)
var d = x.
var e = x[]
var f = x::
var g = 1 +
var h = a ? b
var i = [for x y: 1]
}
)
var j = "dq"
var k = 'bad \q \u{110000} \u12'
/* never closed
