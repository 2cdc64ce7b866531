import type { RequestRecord } from "../records/requestRecord.js";
import { clientIpOf } from "./clientIp.js";
import { endpointOf } from "./endpoint.js";
import type { ParseOptions } from "./parseOptions.js";

/** What a reader reads from its source; the fields derived from these are left to `completeRecord`. */
export type RecordFields = Omit<RequestRecord, "clientIp" | "endpoint">;

/**
 * Adds the derived fields every reader shares: the client address (from the raw X-Forwarded-For
 * header, "" when not logged, under the trust rules in `options`) and the endpoint key.
 */
export function completeRecord(
  fields: RecordFields,
  forwardedFor: string,
  options: ParseOptions,
): RequestRecord {
  // Listed one by one, not spread: V8 copies an object this wide through a slow path, about a
  // hundred times slower, and this runs once per record.
  return {
    timeMs: fields.timeMs,
    clientIp: clientIpOf(fields.callerIp, forwardedFor, options),
    callerIp: fields.callerIp,
    method: fields.method,
    path: fields.path,
    query: fields.query,
    apiId: fields.apiId,
    operationId: fields.operationId,
    endpoint: endpointOf(fields),
    statusCode: fields.statusCode,
    requestBytes: fields.requestBytes,
    responseBytes: fields.responseBytes,
    latencyMs: fields.latencyMs,
    userAgent: fields.userAgent,
    subscriptionId: fields.subscriptionId,
    productId: fields.productId,
    userId: fields.userId,
    requestBody: fields.requestBody,
    correlationId: fields.correlationId,
    resourceId: fields.resourceId,
  };
}
