// Workspace-based Application Insights for the Function app. Local (key) authentication is off:
// the app sends telemetry with its managed identity, as Monitoring Metrics Publisher here.

param name string
param location string
param workspaceResourceId string
param tags object

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceResourceId
    DisableLocalAuth: true
  }
}

output name string = appInsights.name
