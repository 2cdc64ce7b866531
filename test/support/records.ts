import type { RequestRecord } from "../../shared/records/requestRecord.js";

/** A plausible request; tests override what they are about. */
export function requestRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    timeMs: Date.parse("2024-05-02T10:15:31.123Z"),
    clientIp: "203.0.113.24",
    callerIp: "203.0.113.24",
    method: "GET",
    path: "/orders/v1/orders",
    query: "",
    apiId: "orders",
    operationId: "list",
    endpoint: "orders;list",
    statusCode: 200,
    requestBytes: 512,
    responseBytes: 2048,
    latencyMs: 35,
    userAgent: "okhttp/4.12.0",
    subscriptionId: "partner-1",
    productId: "",
    userId: "",
    requestBody: "",
    correlationId: "",
    resourceId: "",
    ...overrides,
  };
}
