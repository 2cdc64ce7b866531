// gatewarden in one resource group: APIM gateway logs stream through Event Hubs into a Function
// app on Flex Consumption, which keeps its state in Table Storage and sends alerts through the Logs
// Ingestion API into GatewardenAlerts_CL, optionally with Sentinel analytics rules on top.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('azd environment name; it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of the Function app, its storage and Application Insights, and of a new Log Analytics workspace. It must offer Flex Consumption. The Event Hubs namespace does not use it: it always follows the APIM instance\'s region.')
param location string = resourceGroup().location

@description('Name of the existing API Management instance to watch.')
param apimName string

@description('Resource group of the API Management instance; empty means this deployment\'s group.')
param apimResourceGroupName string = ''

@description('Subscription of the API Management instance; empty means this deployment\'s subscription.')
param apimSubscriptionId string = ''

@description('Configure the service-wide "azuremonitor" diagnostic of APIM (headers, client IP, sampling). It replaces an existing service-wide setting; per-API "azuremonitor" diagnostics still override it for their API.')
param configureApimDiagnostic bool = true

@minValue(0)
@maxValue(8192)
@description('Request body bytes APIM logs per request (APIM allows 0 to 8,192). 0 keeps bodies out of the logs, which is the privacy-safe default: bodies can hold personal data and secrets, they would sit in Event Hubs for its retention, and they make every record larger, so Event Hubs throughput (and Log Analytics ingestion, if gateway logs also go there) cost more. The detections built so far do not read bodies; body-parameter detections will need about 1024. A record over 32 KB loses its bodies, and one still too large is dropped.')
param apimRequestBodyBytes int = 0

@description('Name of an existing Log Analytics workspace for the alert table (and Sentinel). Empty creates a new workspace in this resource group.')
param logAnalyticsWorkspaceName string = ''

@description('Resource group of the existing workspace; empty means this deployment\'s group.')
param logAnalyticsResourceGroupName string = ''

@description('Subscription of the existing workspace; empty means this deployment\'s subscription.')
param logAnalyticsSubscriptionId string = ''

@minValue(30)
@maxValue(730)
@description('Retention in days of a new workspace and of the alert table.')
param logRetentionDays int = 90

@description('Also send GatewayLogs to the workspace (table ApiManagementGatewayLogs). Useful for investigation and for the README queries, but billed per GB ingested; see docs/cost.md.')
param sendGatewayLogsToWorkspace bool = false

@minValue(1)
@maxValue(32)
@description('Partitions of the gateway-log hub. It bounds how many Function instances read in parallel, and cannot change after creation on Standard.')
param eventHubPartitionCount int = 4

@minValue(1)
@maxValue(20)
@description('Event Hubs throughput units at creation. One unit takes 1 MB/s or 1,000 events/s in.')
param eventHubThroughputUnits int = 1

@minValue(0)
@maxValue(20)
@description('Upper bound for Event Hubs auto-inflate; 0 turns auto-inflate off.')
param eventHubMaximumThroughputUnits int = 4

@minValue(1)
@maxValue(7)
@description('Days Event Hubs keeps gateway logs; how long an outage of the Function app can last without losing records.')
param eventHubRetentionDays int = 1

@allowed(['20', '22'])
@description('Node.js version of the Function app.')
param nodeVersion string = '20'

@minValue(40)
@maxValue(1000)
@description('Flex Consumption instance ceiling.')
param functionMaximumInstanceCount int = 40

@allowed([2048, 4096])
@description('Memory of one Flex Consumption instance, in MB.')
param functionInstanceMemoryMB int = 2048

@description('GATEWARDEN_TABLE_PREFIX: prefix of the four Table Storage tables.')
param tablePrefix string = 'gatewarden'

@description('GATEWARDEN_TRUST_FORWARDED_FOR: take the client address from X-Forwarded-For (APIM behind Front Door or Application Gateway).')
param trustForwardedFor bool = false

@description('GATEWARDEN_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges allowed to set X-Forwarded-For.')
param trustedProxies string = ''

@minValue(0)
@maxValue(60)
@description('GATEWARDEN_ALLOWED_LATENESS_MINUTES.')
param allowedLatenessMinutes int = 5

@minValue(1)
@maxValue(60)
@description('GATEWARDEN_EVALUATION_LEASE_MINUTES.')
param evaluationLeaseMinutes int = 10

@minValue(1)
@maxValue(1024)
@description('GATEWARDEN_BASELINE_SHARDS.')
param baselineShards int = 16

@description('GATEWARDEN_DETECTION: detector setting overrides, e.g. {"populationSpike":{"sensitivity":8}}.')
param detectionSettings object = {}

@description('GATEWARDEN_TOR_EXIT_LISTS: comma-separated URLs of Tor exit lists, refreshed hourly.')
param torExitLists string = 'https://check.torproject.org/torbulkexitlist'

@description('GATEWARDEN_THREAT_FEEDS: threat-intelligence feeds as [{"name":"…","source":"https://…","format":"auto","minScore":3}].')
param threatFeeds array = []

@secure()
@description('GATEWARDEN_PARAMETER_HASH_KEY: HMAC key for parameter values (32+ characters). Set it once in the azd environment so hashes stay the same across deployments; empty generates a new one per deployment.')
param parameterHashKey string = ''

@secure()
@description('Used only when parameterHashKey is empty: a random key drawn at deployment time.')
param generatedParameterHashKey string = '${newGuid()}${newGuid()}'

@description('GATEWARDEN_SHOW_PARAMETER_VALUES: show parameter values in clear in alerts, for debugging only.')
param showParameterValues bool = false

@description('Onboard Microsoft Sentinel on the workspace and add gatewarden\'s analytics rules.')
param deploySentinel bool = false

@description('Add the gatewarden workbook (alerts over time, top clients and endpoints, scores).')
param deployWorkbook bool = true

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }
var alertSchema = loadJsonContent('alert-schema.json')

// azd substitutes an unset environment variable with an empty string, so empty means "default".
var apimScope = {
  subscriptionId: empty(apimSubscriptionId) ? subscription().subscriptionId : apimSubscriptionId
  resourceGroupName: empty(apimResourceGroupName) ? resourceGroup().name : apimResourceGroupName
}

var createWorkspace = empty(logAnalyticsWorkspaceName)
var workspaceName = createWorkspace ? 'log-gatewarden-${resourceToken}' : logAnalyticsWorkspaceName
var workspaceSubscriptionId = createWorkspace || empty(logAnalyticsSubscriptionId)
  ? subscription().subscriptionId
  : logAnalyticsSubscriptionId
var workspaceResourceGroupName = createWorkspace || empty(logAnalyticsResourceGroupName)
  ? resourceGroup().name
  : logAnalyticsResourceGroupName

resource apim 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: apimName
  scope: resourceGroup(apimScope.subscriptionId, apimScope.resourceGroupName)
}

resource existingWorkspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
  scope: resourceGroup(workspaceSubscriptionId, workspaceResourceGroupName)
}

module newWorkspace 'modules/logAnalyticsWorkspace.bicep' = if (createWorkspace) {
  name: 'gatewarden-workspace'
  params: {
    name: workspaceName
    location: location
    retentionDays: logRetentionDays
    tags: tags
  }
}

// The DCR must sit in the workspace's region; an existing workspace is read only when one is given.
var workspaceLocation = createWorkspace ? location : existingWorkspace.location

module alertTable 'modules/alertTable.bicep' = {
  name: 'gatewarden-alert-table'
  scope: resourceGroup(workspaceSubscriptionId, workspaceResourceGroupName)
  dependsOn: [newWorkspace]
  params: {
    workspaceName: workspaceName
    tableName: alertSchema.tableName
    columns: alertSchema.columns
    retentionDays: logRetentionDays
  }
}

module dataCollectionRule 'modules/dataCollectionRule.bicep' = {
  name: 'gatewarden-dcr'
  dependsOn: [alertTable]
  params: {
    name: 'dcr-gatewarden-${resourceToken}'
    location: workspaceLocation
    workspaceResourceId: existingWorkspace.id
    streamName: alertSchema.streamName
    tableName: alertSchema.tableName
    columns: alertSchema.columns
    tags: tags
  }
}

// Diagnostic settings only stream to a namespace in the monitored resource's region.
module eventHubs 'modules/eventHubs.bicep' = {
  name: 'gatewarden-event-hubs'
  params: {
    namespaceName: 'evhns-gatewarden-${resourceToken}'
    location: apim.location
    partitionCount: eventHubPartitionCount
    throughputUnits: eventHubThroughputUnits
    maximumThroughputUnits: eventHubMaximumThroughputUnits
    retentionDays: eventHubRetentionDays
    tags: tags
  }
}

module apimLogging 'modules/apimLogging.bicep' = {
  name: 'gatewarden-apim-logging-${resourceToken}'
  scope: resourceGroup(apimScope.subscriptionId, apimScope.resourceGroupName)
  dependsOn: [newWorkspace]
  params: {
    apimName: apimName
    configureDiagnostic: configureApimDiagnostic
    requestBodyBytes: apimRequestBodyBytes
    eventHubAuthorizationRuleId: eventHubs.outputs.diagnosticAuthorizationRuleId
    eventHubName: eventHubs.outputs.hubName
    workspaceResourceId: sendGatewayLogsToWorkspace ? existingWorkspace.id : ''
    diagnosticSettingName: 'gatewarden-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'gatewarden-storage'
  params: {
    name: 'stgw${resourceToken}'
    location: location
    deploymentContainerName: 'function-package'
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'gatewarden-monitoring'
  dependsOn: [newWorkspace]
  params: {
    name: 'appi-gatewarden-${resourceToken}'
    location: location
    workspaceResourceId: existingWorkspace.id
    tags: tags
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'gatewarden-function-app'
  params: {
    name: 'func-gatewarden-${resourceToken}'
    planName: 'asp-gatewarden-${resourceToken}'
    location: location
    nodeVersion: nodeVersion
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableEndpoint: storage.outputs.tableEndpoint
    applicationInsightsName: monitoring.outputs.name
    eventHubNamespaceHost: eventHubs.outputs.namespaceHost
    eventHubName: eventHubs.outputs.hubName
    consumerGroupName: eventHubs.outputs.consumerGroupName
    logsIngestionEndpoint: dataCollectionRule.outputs.logsIngestionEndpoint
    logsIngestionRuleId: dataCollectionRule.outputs.immutableId
    logsIngestionStream: alertSchema.streamName
    tablePrefix: tablePrefix
    trustForwardedFor: trustForwardedFor
    trustedProxies: trustedProxies
    allowedLatenessMinutes: allowedLatenessMinutes
    evaluationLeaseMinutes: evaluationLeaseMinutes
    baselineShards: baselineShards
    detectionSettings: detectionSettings
    torExitLists: torExitLists
    threatFeeds: threatFeeds
    parameterHashKey: empty(parameterHashKey) ? generatedParameterHashKey : parameterHashKey
    showParameterValues: showParameterValues
    tags: tags
    azdServiceName: 'functions'
  }
}

module appRoles 'modules/appRoleAssignments.bicep' = {
  name: 'gatewarden-app-roles'
  params: {
    principalId: functionApp.outputs.principalId
    eventHubNamespaceName: eventHubs.outputs.namespaceName
    eventHubName: eventHubs.outputs.hubName
    storageAccountName: storage.outputs.name
    dataCollectionRuleName: dataCollectionRule.outputs.name
    applicationInsightsName: monitoring.outputs.name
  }
}

module sentinel 'modules/sentinel.bicep' = if (deploySentinel) {
  name: 'gatewarden-sentinel'
  scope: resourceGroup(workspaceSubscriptionId, workspaceResourceGroupName)
  dependsOn: [alertTable]
  params: {
    workspaceName: workspaceName
  }
}

module workbook 'modules/workbook.bicep' = if (deployWorkbook) {
  name: 'gatewarden-workbook'
  dependsOn: [alertTable]
  params: {
    location: location
    workspaceResourceId: existingWorkspace.id
    category: deploySentinel ? 'sentinel' : 'workbook'
    tags: tags
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output EVENT_HUB_NAMESPACE string = eventHubs.outputs.namespaceName
output EVENT_HUB_NAME string = eventHubs.outputs.hubName
output LOG_ANALYTICS_WORKSPACE_ID string = existingWorkspace.id
output ALERT_TABLE_NAME string = alertSchema.tableName
output LOGS_INGESTION_ENDPOINT string = dataCollectionRule.outputs.logsIngestionEndpoint
output LOGS_INGESTION_RULE_ID string = dataCollectionRule.outputs.immutableId
