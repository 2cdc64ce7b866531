// Microsoft Sentinel on the alert workspace, and one scheduled analytics rule per alert family
// (infra/sentinel/rules.json) that turns new GatewardenAlerts_CL rows into Sentinel alerts and
// incidents. Name, description, severity and tactic of each Sentinel alert come from its row.

param workspaceName string

var rules = loadJsonContent('../sentinel/rules.json')
var alertRowsQuery = loadTextContent('../sentinel/alertRows.kql')

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource onboarding 'Microsoft.SecurityInsights/onboardingStates@2024-03-01' = {
  scope: workspace
  name: 'default'
  properties: {}
}

resource analyticsRules 'Microsoft.SecurityInsights/alertRules@2024-03-01' = [
  for rule in rules: {
    scope: workspace
    name: guid(workspace.id, 'gatewarden', rule.key)
    kind: 'Scheduled'
    dependsOn: [onboarding]
    properties: {
      displayName: rule.displayName
      description: rule.description
      enabled: true
      severity: rule.severity
      tactics: rule.tactics
      query: 'let familyAlertTypes = dynamic(${string(rule.alertTypes)});\n${alertRowsQuery}'
      // Matches runInterval in alertRows.kql. The period reaches back a day so that an alert
      // whose window closed hours before it reached the workspace is still raised.
      queryFrequency: 'PT10M'
      queryPeriod: 'P1D'
      triggerOperator: 'GreaterThan'
      triggerThreshold: 0
      suppressionEnabled: false
      suppressionDuration: 'PT1H'
      eventGroupingSettings: {
        aggregationKind: 'AlertPerResult'
      }
      alertDetailsOverride: {
        alertDisplayNameFormat: '{{AlertName}}'
        alertDescriptionFormat: '{{Description}}'
        alertSeverityColumnName: 'Severity'
        alertTacticsColumnName: 'SentinelTactic'
      }
      entityMappings: [
        {
          entityType: 'IP'
          fieldMappings: [{ identifier: 'Address', columnName: 'ClientIp' }]
        }
        {
          entityType: 'URL'
          fieldMappings: [{ identifier: 'Url', columnName: 'Endpoint' }]
        }
        {
          entityType: 'AzureResource'
          fieldMappings: [{ identifier: 'ResourceId', columnName: 'ResourceId' }]
        }
      ]
      customDetails: {
        AlertId: 'AlertId'
        AlertType: 'AlertType'
        DetectionId: 'DetectionId'
        WindowStart: 'WindowStart'
        WindowEnd: 'WindowEnd'
        ObservedValue: 'ObservedValue'
        BaselineValue: 'BaselineValue'
        Score: 'Score'
      }
      incidentConfiguration: {
        createIncident: true
        groupingConfiguration: {
          enabled: true
          reopenClosedIncident: false
          lookbackDuration: 'PT6H'
          matchingMethod: 'Selected'
          groupByEntities: rule.groupByEntities
          groupByAlertDetails: ['DisplayName']
          groupByCustomDetails: []
        }
      }
    }
  }
]
