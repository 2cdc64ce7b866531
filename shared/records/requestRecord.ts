/**
 * The canonical request record: one API call as the gateway saw it, whatever format it was read
 * from. Every reader produces this shape and nothing downstream looks at the source format.
 */
export interface RequestRecord {
  /** Request time, epoch milliseconds (UTC). */
  timeMs: number;
  /** The client as the detectors see it: the caller, or the first X-Forwarded-For hop when trusted. */
  clientIp: string;
  /** The immediate caller of the gateway, kept even when `clientIp` came from X-Forwarded-For. */
  callerIp: string;
  method: string;
  /** URL path without the query string, percent-encoding kept as sent. */
  path: string;
  /** Raw query string without the leading `?`, empty when there is none. */
  query: string;
  apiId: string;
  operationId: string;
  /** The endpoint key the detectors group by; see `endpointOf`. */
  endpoint: string;
  statusCode: number;
  requestBytes: number;
  responseBytes: number;
  latencyMs: number;
  userAgent: string;
  subscriptionId: string;
  productId: string;
  userId: string;
  /** Logged request body bytes (APIM logs at most 8,192), empty when body logging is off. */
  requestBody: string;
  correlationId: string;
  /** ARM id of the APIM service that logged the request, empty for non-APIM sources. */
  resourceId: string;
}

/** Source formats a reader exists for. */
export type InputFormat =
  | "eventhub" // {"records":[...]} envelopes from Azure Monitor diagnostic settings
  | "storage-archive" // PT1H.json blobs: one GatewayLogs record per line
  | "log-analytics-json" // ApiManagementGatewayLogs rows exported as JSON
  | "log-analytics-csv" // the same rows exported as CSV
  | "access-log"; // Apache / nginx common or combined log format

export const INPUT_FORMATS: readonly InputFormat[] = [
  "eventhub",
  "storage-archive",
  "log-analytics-json",
  "log-analytics-csv",
  "access-log",
];
