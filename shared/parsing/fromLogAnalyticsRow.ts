import type { RequestRecord } from "../records/requestRecord.js";
import { type GatewayFieldNames, readGatewayFields } from "./gatewayFields.js";
import type { ParseOptions } from "./parseOptions.js";
import { requireObject } from "./recordFields.js";

const LOG_ANALYTICS_COLUMNS: GatewayFieldNames = {
  time: "TimeGenerated",
  callerIp: "CallerIpAddress",
  latencyMs: "TotalTime",
  method: "Method",
  url: "Url",
  statusCode: "ResponseCode",
  requestBytes: "RequestSize",
  responseBytes: "ResponseSize",
  apiId: "ApiId",
  operationId: "OperationId",
  subscriptionId: "ApimSubscriptionId",
  productId: "ProductId",
  userId: "UserId",
  requestHeaders: "RequestHeaders",
  requestBody: "RequestBody",
  correlationId: "CorrelationId",
  resourceId: "_ResourceId",
};

/**
 * Reads one PascalCase `ApiManagementGatewayLogs` row from a Log Analytics query or export. Accepts
 * the CSV export's habits: numbers as text, "" for missing values, RequestHeaders as JSON text and
 * portal-style `5/2/2024, 10:15:31.123 AM` times (UTC). Throws RecordFieldError naming the column.
 */
export function fromLogAnalyticsRow(
  raw: Record<string, unknown>,
  options: ParseOptions,
): RequestRecord {
  const row = requireObject("(row)", raw, "a Log Analytics row object");
  return readGatewayFields(row, LOG_ANALYTICS_COLUMNS, options);
}
