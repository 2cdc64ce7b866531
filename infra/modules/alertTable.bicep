// The custom table that receives one row per alert. Deployed in the workspace's resource group,
// which may differ from the rest of gatewarden. Its columns come from infra/alert-schema.json.

param workspaceName string
param tableName string

@description('Columns as { name, type, description }, generated from ALERT_COLUMNS.')
param columns array

param retentionDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource table 'Microsoft.OperationalInsights/workspaces/tables@2023-09-01' = {
  parent: workspace
  name: tableName
  properties: {
    plan: 'Analytics'
    retentionInDays: retentionDays
    totalRetentionInDays: retentionDays
    schema: {
      name: tableName
      description: 'gatewarden alerts, one row per alert; resent alerts repeat their AlertId.'
      columns: columns
    }
  }
}

output name string = table.name
