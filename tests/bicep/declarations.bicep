targetScope = 'resourceGroup'

metadata description = 'Declarations of every kind'

import { subnetType, vnetConfig as config } from './types.bicep'
import * as shared from 'br/public:avm/utl/types/avm-common-types:0.5.1'
import 'az@1.0.0'
extension microsoftGraphV1
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview' as graph
provider kubernetes with {
  namespace: 'default'
  kubeConfig: kubeConfig
} as k8s

@description('The location')
@sys.minLength(3)
param location string = resourceGroup().location

@secure()
param adminPassword string

@allowed([
  'Standard'
  'Premium'
])
param sku string = 'Premium'

param tags object = {}
param subnetIds string[]
param maybe int?
param count int = -1

var prefix = 'vnet'
var typedName string = '${prefix}-x'

@export()
type subnetType = {
  name: string
  addressPrefix: string
}

@export()
func buildName(base string, suffix int) string => '${base}-${suffix}'

func noArgs() bool => true

output location string = location
output ids array = subnetIds
