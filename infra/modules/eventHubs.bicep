// The Event Hubs side: a Standard namespace in the APIM instance's region, one hub for gateway
// logs, a consumer group of gatewarden's own, and the namespace-level rule that the APIM
// diagnostic setting sends with. The Function app reads with its managed identity, never a key.

param namespaceName string

@description('Must be the APIM instance\'s region: diagnostic settings only stream within a region.')
param location string

param partitionCount int
param throughputUnits int

@description('0 turns auto-inflate off.')
param maximumThroughputUnits int

param retentionDays int
param tags object

param hubName string = 'insights-logs-gatewaylogs'
param consumerGroupName string = 'gatewarden'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: throughputUnits
  }
  properties: {
    minimumTlsVersion: '1.2'
    // Diagnostic settings authenticate with the namespace rule below, so local (SAS) auth stays on.
    disableLocalAuth: false
    isAutoInflateEnabled: maximumThroughputUnits > 0
    maximumThroughputUnits: maximumThroughputUnits > 0 ? max(maximumThroughputUnits, throughputUnits) : 0
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: hubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionDays
  }
}

// Other readers of the hub (a SIEM connector, a capture job) keep their own groups and offsets.
resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: consumerGroupName
  properties: {
    userMetadata: 'gatewarden ingestGatewayLogs'
  }
}

// Azure Monitor requires a namespace-level rule with Manage, Send and Listen for a diagnostic
// setting. Only the diagnostic setting uses it; its keys are never read by this template.
resource diagnosticRule 'Microsoft.EventHub/namespaces/authorizationRules@2024-01-01' = {
  parent: namespace
  name: 'apim-diagnostic-setting'
  properties: {
    rights: ['Manage', 'Send', 'Listen']
  }
}

output namespaceName string = namespace.name
// serviceBusEndpoint reads https://<namespace>.servicebus.windows.net:443/ in the public cloud.
output namespaceHost string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
output hubName string = hub.name
output consumerGroupName string = consumerGroup.name
output diagnosticAuthorizationRuleId string = diagnosticRule.id
