import { ALERT_COLUMNS } from "../../shared/alerts/alertRow.js";
import type { TableSchema } from "./kustoAnalyzer.js";

/** Columns Log Analytics adds to every table, custom ones included. */
const STANDARD_COLUMNS = [
  { name: "TenantId", type: "string" },
  { name: "Type", type: "string" },
  { name: "_ResourceId", type: "string" },
  { name: "_SubscriptionId", type: "string" },
  { name: "_ItemId", type: "string" },
  { name: "_TimeReceived", type: "datetime" },
  { name: "_IsBillable", type: "string" },
  { name: "_BilledSize", type: "real" },
];

/** GatewardenAlerts_CL as Log Analytics holds it: the alert columns plus the standard ones. */
export const ALERT_TABLE: TableSchema = {
  name: "GatewardenAlerts_CL",
  columns: [...ALERT_COLUMNS, ...STANDARD_COLUMNS],
};

/** What a DCR transform reads: the rows as posted to the stream, before the table adds anything. */
export const DCR_SOURCE: TableSchema = { name: "source", columns: ALERT_COLUMNS };

/**
 * The resource-specific table of APIM gateway logs, as the Azure Monitor table reference lists it
 * (shared reference notes, section 2.1).
 */
export const GATEWAY_LOGS_TABLE: TableSchema = {
  name: "ApiManagementGatewayLogs",
  columns: [
    ["ApiId", "string"],
    ["ApimSubscriptionId", "string"],
    ["ApiRevision", "string"],
    ["BackendId", "string"],
    ["BackendMethod", "string"],
    ["BackendProtocol", "string"],
    ["BackendRequestBody", "string"],
    ["BackendRequestHeaders", "dynamic"],
    ["BackendResponseBody", "string"],
    ["BackendResponseCode", "int"],
    ["BackendResponseHeaders", "dynamic"],
    ["BackendTime", "long"],
    ["BackendUrl", "string"],
    ["_BilledSize", "real"],
    ["Cache", "string"],
    ["CacheTime", "long"],
    ["CallerIpAddress", "string"],
    ["Category", "string"],
    ["ClientProtocol", "string"],
    ["ClientTime", "long"],
    ["ClientTlsVersion", "string"],
    ["CorrelationId", "string"],
    ["Errors", "dynamic"],
    ["_IsBillable", "string"],
    ["IsMasterTrace", "bool"],
    ["IsRequestSuccess", "bool"],
    ["IsTraceAllowed", "bool"],
    ["IsTraceExpired", "bool"],
    ["IsTraceRequested", "bool"],
    ["LastErrorElapsed", "long"],
    ["LastErrorMessage", "string"],
    ["LastErrorReason", "string"],
    ["LastErrorScope", "string"],
    ["LastErrorSection", "string"],
    ["LastErrorSource", "string"],
    ["Method", "string"],
    ["OperationId", "string"],
    ["OperationName", "string"],
    ["ProductId", "string"],
    ["Region", "string"],
    ["RequestBody", "string"],
    ["RequestHeaders", "dynamic"],
    ["RequestSize", "int"],
    ["_ResourceId", "string"],
    ["ResponseBody", "string"],
    ["ResponseCode", "int"],
    ["ResponseHeaders", "dynamic"],
    ["ResponseSize", "int"],
    ["SourceSystem", "string"],
    ["_SubscriptionId", "string"],
    ["TenantId", "string"],
    ["TimeGenerated", "datetime"],
    ["TotalTime", "long"],
    ["TraceRecords", "dynamic"],
    ["Type", "string"],
    ["Url", "string"],
    ["UserId", "string"],
  ].map(([name, type]) => ({ name: name!, type: type! })),
};
