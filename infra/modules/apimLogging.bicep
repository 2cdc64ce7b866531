// The APIM side, deployed in the APIM instance's own resource group: what each gateway log record
// holds (the service-wide "azuremonitor" diagnostic) and where the records go (a diagnostic
// setting that streams GatewayLogs to gatewarden's hub).

param apimName string

@description('Deploy the service-wide azuremonitor logger and diagnostic.')
param configureDiagnostic bool

@minValue(0)
@maxValue(8192)
param requestBodyBytes int

param eventHubAuthorizationRuleId string
param eventHubName string

@description('Also send GatewayLogs to this workspace, resource-specific tables. Empty: Event Hubs only.')
param workspaceResourceId string

param diagnosticSettingName string

// The detections read these headers; nothing else from the request or response headers is logged.
var loggedRequestHeaders = ['User-Agent', 'X-Forwarded-For']

var noHeadersNoBody = {
  headers: []
  body: { bytes: 0 }
}

resource apim 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: apimName
}

resource logger 'Microsoft.ApiManagement/service/loggers@2024-05-01' = if (configureDiagnostic) {
  parent: apim
  name: 'azuremonitor'
  properties: {
    loggerType: 'azureMonitor'
    isBuffered: true
  }
}

resource diagnostic 'Microsoft.ApiManagement/service/diagnostics@2024-05-01' = if (configureDiagnostic) {
  parent: apim
  name: 'azuremonitor'
  properties: {
    loggerId: logger.id
    // Baselines count requests; a sampled stream would make every count a fraction.
    sampling: {
      samplingType: 'fixed'
      percentage: 100
    }
    verbosity: 'information'
    logClientIp: true
    frontend: {
      request: {
        headers: loggedRequestHeaders
        body: { bytes: requestBodyBytes }
      }
      response: noHeadersNoBody
    }
    backend: {
      request: noHeadersNoBody
      response: noHeadersNoBody
    }
  }
}

resource gatewayLogsToEventHubs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: diagnosticSettingName
  scope: apim
  properties: {
    eventHubAuthorizationRuleId: eventHubAuthorizationRuleId
    eventHubName: eventHubName
    workspaceId: empty(workspaceResourceId) ? null : workspaceResourceId
    logAnalyticsDestinationType: empty(workspaceResourceId) ? null : 'Dedicated'
    logs: [
      {
        category: 'GatewayLogs'
        enabled: true
      }
    ]
  }
}
