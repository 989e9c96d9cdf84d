#disable-next-line no-unused-params
param unused string

  #disable-next-line BCP081 no-hardcoded-location   
resource r 'Microsoft.Foo/bars@2099-01-01' = {
  #disable-next-line no-hardcoded-location
  location: 'westeurope'
  name: 'x' // #disable-next-line is not a pragma here
}
#disable-next-line
var x = 1
