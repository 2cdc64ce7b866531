import { alertIdOf, type Alert } from "../../shared/alerts/alert.js";
import { detectionInfo, type DetectionId } from "../../shared/alerts/alertCatalog.js";

/** Window 2024-05-02T10:20Z–10:40Z, the window every fixture alert falls in unless overridden. */
export const FIXTURE_WINDOW_START_MS = Date.parse("2024-05-02T10:20:00Z");
export const FIXTURE_WINDOW_END_MS = Date.parse("2024-05-02T10:40:00Z");

/**
 * A complete alert: one client sending 412 requests to `orders-api/get-order` against a baseline of
 * 18. Overrides replace fields; a new detection, entity or window gets its own deterministic id.
 */
export function alertFixture(overrides: Partial<Alert> = {}): Alert {
  const detectionId: DetectionId = overrides.detectionId ?? "API_SpikeInAPITraffic";
  const info = detectionInfo(detectionId);
  const endpoint = overrides.endpoint ?? "orders-api/get-order";
  const clientIp = overrides.clientIp ?? "203.0.113.7";
  const windowStartMs = overrides.windowStartMs ?? FIXTURE_WINDOW_START_MS;

  return {
    alertId: alertIdOf(detectionId, { endpoint, clientIp, statusCode: 200 }, windowStartMs),
    detectionId,
    alertType: info.alertType,
    alertName: info.alertName,
    severity: info.severity,
    tactics: info.tactics,
    description:
      "203.0.113.7 sent orders-api/get-order 412 requests in 20 minutes; its baseline is 18 (score 9.7).",
    apiId: "orders-api",
    operationId: "get-order",
    endpoint,
    clientIp,
    statusCode: 200,
    windowStartMs,
    windowEndMs: windowStartMs + (FIXTURE_WINDOW_END_MS - FIXTURE_WINDOW_START_MS),
    raisedAtMs: windowStartMs + (FIXTURE_WINDOW_END_MS - FIXTURE_WINDOW_START_MS),
    observedValue: 412,
    baselineValue: 18,
    score: 9.7,
    evidence: {
      measure: "requests per window",
      observed: 412,
      baseline: { centre: 18, spread: 4.1, windows: 84, days: 28 },
      score: 9.7,
      samples: [
        {
          time: "2024-05-02T10:21:07.250Z",
          method: "GET",
          path: "/orders/{id}?expand=…",
          statusCode: 200,
          requestBytes: 0,
          responseBytes: 1843,
          latencyMs: 42,
          clientIp,
        },
      ],
    },
    resourceId:
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-api/providers/Microsoft.ApiManagement/service/contoso-apim",
    ...overrides,
  };
}
