// A direct-ingestion data collection rule: the Function app posts alert rows to its own logs
// ingestion endpoint, with no data collection endpoint. The rule must share the workspace's region.

param name string
param location string
param workspaceResourceId string
param streamName string
param tableName string

@description('Columns as { name, type, description }; the stream declares name and type only.')
param columns array

param tags object

var workspaceDestination = 'alertWorkspace'

resource rule 'Microsoft.Insights/dataCollectionRules@2024-03-11' = {
  name: name
  location: location
  tags: tags
  kind: 'Direct'
  properties: {
    description: 'gatewarden alerts into ${tableName}'
    streamDeclarations: {
      '${streamName}': {
        columns: map(columns, column => { name: column.name, type: column.type })
      }
    }
    destinations: {
      logAnalytics: [
        {
          name: workspaceDestination
          workspaceResourceId: workspaceResourceId
        }
      ]
    }
    dataFlows: [
      {
        streams: [streamName]
        destinations: [workspaceDestination]
        transformKql: trim(loadTextContent('../kql/dcrTransform.kql'))
        outputStream: 'Custom-${tableName}'
      }
    ]
  }
}

output name string = rule.name
output immutableId string = rule.properties.immutableId
output logsIngestionEndpoint string = rule.properties.endpoints.logsIngestion
