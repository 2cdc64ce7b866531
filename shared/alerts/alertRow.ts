import type { Alert } from "./alert.js";

/** Column types as Log Analytics and Data Collection Rule stream declarations name them. */
export type ColumnType = "string" | "int" | "long" | "real" | "boolean" | "datetime" | "dynamic";

export interface AlertColumn {
  name: string;
  type: ColumnType;
  description: string;
}

/**
 * The alert table's columns, in order. This list is the single source of truth: the Log Analytics
 * table, the DCR stream declaration and the KQL in the repo are generated from or checked against it.
 */
export const ALERT_COLUMNS: readonly AlertColumn[] = Object.freeze([
  {
    name: "TimeGenerated",
    type: "datetime",
    description:
      "When gatewarden raised the alert, in event time: the window end, or earlier for indicator alerts.",
  },
  {
    name: "AlertId",
    type: "string",
    description: "Deterministic id from detection, entity and window; equal ids are one alert.",
  },
  {
    name: "AlertType",
    type: "string",
    description: "Detection type name, e.g. API_SpikeInAPITraffic.",
  },
  { name: "AlertName", type: "string", description: "Human-readable detection name." },
  { name: "Severity", type: "string", description: "Informational, Low, Medium or High." },
  { name: "Tactics", type: "string", description: "MITRE ATT&CK tactic." },
  {
    name: "Description",
    type: "string",
    description: "What was observed against which baseline, in plain words.",
  },
  { name: "ApiId", type: "string", description: "APIM API id." },
  { name: "OperationId", type: "string", description: "APIM operation id." },
  {
    name: "Endpoint",
    type: "string",
    description: "Endpoint key: API and operation, or method and templated path.",
  },
  {
    name: "ClientIp",
    type: "string",
    description: "Client address the alert is about; empty for population alerts.",
  },
  {
    name: "StatusCode",
    type: "int",
    description: "HTTP status the measure was taken for, when the detection is per status.",
  },
  { name: "WindowStart", type: "datetime", description: "Start of the 20-minute window (UTC)." },
  { name: "WindowEnd", type: "datetime", description: "End of the 20-minute window (UTC)." },
  { name: "ObservedValue", type: "real", description: "The measure in this window." },
  {
    name: "BaselineValue",
    type: "real",
    description: "The baseline centre the measure was compared with.",
  },
  {
    name: "Score",
    type: "real",
    description: "How unusual the observation is; higher is more unusual.",
  },
  {
    name: "Evidence",
    type: "dynamic",
    description: "Baseline, samples and detector details, redacted.",
  },
  { name: "ResourceId", type: "string", description: "ARM id of the API Management service." },
  {
    name: "DetectionId",
    type: "string",
    description: "Detection variant, e.g. API_SpikeInPayload/request.",
  },
]);

export type AlertRow = Record<string, string | number | null | Record<string, unknown>>;

/** Turns an alert into a row whose keys are exactly `ALERT_COLUMNS`. */
export function toAlertRow(alert: Alert): AlertRow {
  return {
    TimeGenerated: new Date(alert.raisedAtMs).toISOString(),
    AlertId: alert.alertId,
    AlertType: alert.alertType,
    AlertName: alert.alertName,
    Severity: alert.severity,
    Tactics: alert.tactics,
    Description: alert.description,
    ApiId: alert.apiId,
    OperationId: alert.operationId,
    Endpoint: alert.endpoint,
    ClientIp: alert.clientIp,
    StatusCode: alert.statusCode,
    WindowStart: new Date(alert.windowStartMs).toISOString(),
    WindowEnd: new Date(alert.windowEndMs).toISOString(),
    ObservedValue: alert.observedValue,
    BaselineValue: alert.baselineValue,
    Score: alert.score,
    Evidence: alert.evidence as unknown as Record<string, unknown>,
    ResourceId: alert.resourceId,
    DetectionId: alert.detectionId,
  };
}
