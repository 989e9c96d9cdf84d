@description('half
param p string

@descr
param q

var x =
var
output o
@
func f(
type t =
import {
resource child 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'x'
  properties: {
    subnets: [
      {
        name: 'a'
        properties: cond ? 
resource last 'Microsoft.Network/virtualNetworks@2024-05-01' = {
