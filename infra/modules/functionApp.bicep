// The Function app on Flex Consumption: Node.js, a system-assigned identity for every connection
// (storage, Event Hubs, Logs Ingestion, Application Insights), and the app settings that
// shared/config/settings.ts and the trigger bindings read.

param name string
param planName string
param location string
param nodeVersion string
param maximumInstanceCount int
param instanceMemoryMB int
param storageAccountName string
param deploymentContainerUrl string
param tableEndpoint string
param applicationInsightsName string
param eventHubNamespaceHost string
param eventHubName string
param consumerGroupName string
param logsIngestionEndpoint string
param logsIngestionRuleId string
param logsIngestionStream string
param tablePrefix string
param trustForwardedFor bool
param trustedProxies string
param allowedLatenessMinutes int
param evaluationLeaseMinutes int
param baselineShards int
param detectionSettings object
param torExitLists string
param threatFeeds array
@secure()
param parameterHashKey string
param showParameterValues bool
param tags object

@description('azd deploys the package to the resource tagged with this service name; only the site has it.')
param azdServiceName string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The Node worker's heap limit: three eighths of the instance, 768 MB of a 2 GB one. Left to
// itself V8 sizes the heap from the machine, not the instance, and lets garbage pile up to several
// times the live heap before it collects; the Functions host and the rest of the worker share the
// instance. `npm run bench:soak` runs under the same limit (bench/README.md).
var nodeHeapMB = instanceMemoryMB * 3 / 8

// With local authentication off on the component, this only addresses it; it grants nothing.
var telemetryConnection = appInsights.properties.ConnectionString

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Functions host storage and telemetry, by identity.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: telemetryConnection }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        { name: 'languageWorkers__node__arguments', value: '--max-old-space-size=${nodeHeapMB}' }
        // The Event Hubs trigger binding (functions/ingestGatewayLogs.ts).
        { name: 'EventHubConnection__fullyQualifiedNamespace', value: eventHubNamespaceHost }
        { name: 'GATEWARDEN_EVENT_HUB_NAME', value: eventHubName }
        { name: 'GATEWARDEN_CONSUMER_GROUP', value: consumerGroupName }
        // shared/config/settings.ts; GATEWARDEN_STORAGE_CONNECTION_STRING stays unset.
        { name: 'GATEWARDEN_TABLES_ACCOUNT_URL', value: tableEndpoint }
        { name: 'GATEWARDEN_TABLE_PREFIX', value: tablePrefix }
        { name: 'GATEWARDEN_LOGS_INGESTION_ENDPOINT', value: logsIngestionEndpoint }
        { name: 'GATEWARDEN_LOGS_INGESTION_RULE_ID', value: logsIngestionRuleId }
        { name: 'GATEWARDEN_LOGS_INGESTION_STREAM', value: logsIngestionStream }
        { name: 'GATEWARDEN_TRUST_FORWARDED_FOR', value: trustForwardedFor ? 'true' : 'false' }
        { name: 'GATEWARDEN_TRUSTED_PROXIES', value: trustedProxies }
        { name: 'GATEWARDEN_ALLOWED_LATENESS_MINUTES', value: string(allowedLatenessMinutes) }
        { name: 'GATEWARDEN_EVALUATION_LEASE_MINUTES', value: string(evaluationLeaseMinutes) }
        { name: 'GATEWARDEN_BASELINE_SHARDS', value: string(baselineShards) }
        { name: 'GATEWARDEN_DETECTION', value: string(detectionSettings) }
        { name: 'GATEWARDEN_TOR_EXIT_LISTS', value: torExitLists }
        { name: 'GATEWARDEN_THREAT_FEEDS', value: string(threatFeeds) }
        { name: 'GATEWARDEN_PARAMETER_HASH_KEY', value: parameterHashKey }
        { name: 'GATEWARDEN_SHOW_PARAMETER_VALUES', value: showParameterValues ? 'true' : 'false' }
      ]
    }
  }
}

output name string = site.name
output principalId string = site.identity.principalId
