param name string

resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  properties: {
    a: '''
multi
'''
  }
}
