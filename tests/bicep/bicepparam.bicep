using './main.bicep'

param location = 'westeurope'
param tags = {
  env: 'prod'
}
