// One storage account for the Functions host (Event Hubs checkpoints, timer locks, the Flex
// deployment package) and gatewarden's tables. Only Entra ID reaches it: shared keys are off.

@maxLength(24)
param name string

param location string
param deploymentContainerName string
param tags object

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

output name string = account.name
var blobEndpoint = account.properties.primaryEndpoints.blob

output deploymentContainerUrl string = '${blobEndpoint}${deploymentContainer.name}'
// Without the trailing slash that primaryEndpoints.table carries.
output tableEndpoint string = 'https://${account.name}.table.${environment().suffixes.storage}'
