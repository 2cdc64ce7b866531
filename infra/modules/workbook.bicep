// The gatewarden workbook over GatewardenAlerts_CL: alerts over time, top clients and endpoints,
// how scores are spread, and the latest alerts. Content: infra/workbook/gatewarden.workbook.json.

param location string
param workspaceResourceId string

@allowed(['workbook', 'sentinel'])
@description('Gallery the workbook appears in: Azure Monitor workbooks, or Sentinel\'s.')
param category string

param tags object

var content = loadJsonContent('../workbook/gatewarden.workbook.json')

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, workspaceResourceId, 'gatewarden-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'gatewarden alerts'
    category: category
    sourceId: workspaceResourceId
    version: 'Notebook/1.0'
    serializedData: string(union(content, { fallbackResourceIds: [workspaceResourceId] }))
  }
}

output id string = workbook.id
