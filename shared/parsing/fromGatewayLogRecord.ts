import type { RequestRecord } from "../records/requestRecord.js";
import { type GatewayFieldNames, readGatewayFields } from "./gatewayFields.js";
import type { ParseOptions } from "./parseOptions.js";
import { quoteValue, RecordFieldError } from "./recordRejection.js";
import { requireObject } from "./recordFields.js";

export const GATEWAY_LOGS_CATEGORY = "GatewayLogs";

const EVENT_HUB_FIELDS: GatewayFieldNames = {
  time: "time",
  callerIp: "callerIpAddress",
  latencyMs: "durationMs",
  method: "properties.method",
  url: "properties.url",
  statusCode: "properties.responseCode",
  requestBytes: "properties.requestSize",
  responseBytes: "properties.responseSize",
  apiId: "properties.apiId",
  operationId: "properties.operationId",
  subscriptionId: "properties.apimSubscriptionId",
  productId: "properties.productId",
  userId: "properties.userId",
  requestHeaders: "properties.requestHeaders",
  requestBody: "properties.requestBody",
  correlationId: "correlationId",
  resourceId: "resourceId",
};

/**
 * Reads one camelCase GatewayLogs record, as Azure Monitor sends it to Event Hubs and writes it to
 * PT1H.json archive blobs. Throws RecordFieldError naming the source field (`properties.url`).
 */
export function fromGatewayLogRecord(raw: unknown, options: ParseOptions): RequestRecord {
  const record = requireObject("(record)", raw, "a GatewayLogs record object");
  checkCategory(record.category);
  requireObject("properties", record.properties, "an object");
  return readGatewayFields(record, EVENT_HUB_FIELDS, options);
}

// A diagnostic setting may send several categories to one hub; only gateway requests are ours.
function checkCategory(category: unknown): void {
  if (category === undefined || category === GATEWAY_LOGS_CATEGORY) return;
  throw new RecordFieldError(
    "category",
    `expected "${GATEWAY_LOGS_CATEGORY}", got ${quoteValue(category)}; this reader only reads gateway request logs`,
  );
}
