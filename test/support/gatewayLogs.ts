/** Builders for GatewayLogs records and Event Hubs envelopes, with the field names APIM uses. */
export interface GatewayLogShape {
  time: string;
  ip?: string;
  method?: string;
  url?: string;
  status?: number;
  apiId?: string;
  operationId?: string;
  userAgent?: string;
  /** The raw X-Forwarded-For header, logged only when given. */
  forwardedFor?: string;
  durationMs?: number;
  correlationId?: string;
}

export function gatewayLogRecord(shape: GatewayLogShape): Record<string, unknown> {
  return {
    Level: 4,
    isRequestSuccess: (shape.status ?? 200) < 400,
    time: shape.time,
    operationName: "Microsoft.ApiManagement/GatewayLogs",
    category: "GatewayLogs",
    durationMs: shape.durationMs ?? 40,
    callerIpAddress: shape.ip ?? "203.0.113.24",
    correlationId: shape.correlationId ?? "",
    location: "West Europe",
    properties: {
      method: shape.method ?? "GET",
      url: shape.url ?? "https://contoso.azure-api.net/orders/v1/orders",
      responseCode: shape.status ?? 200,
      responseSize: 2048,
      requestSize: 512,
      cache: "none",
      apiId: shape.apiId ?? "orders",
      operationId: shape.operationId ?? "list",
      apimSubscriptionId: "partner-1",
      clientProtocol: "HTTP/1.1",
      requestHeaders: {
        "User-Agent": shape.userAgent ?? "okhttp/4.12.0",
        ...(shape.forwardedFor === undefined ? {} : { "X-Forwarded-For": shape.forwardedFor }),
      },
    },
    resourceId:
      "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.APIMANAGEMENT/SERVICE/CONTOSO",
  };
}

export function envelope(records: unknown[]): { records: unknown[] } {
  return { records };
}

/** `count` requests spread evenly over the 20 minutes from `windowStartMs`. */
export function spreadRequests(
  windowStartMs: number,
  count: number,
  shape: Omit<GatewayLogShape, "time"> = {},
) {
  return Array.from({ length: count }, (_, index) =>
    gatewayLogRecord({
      ...shape,
      time: new Date(
        windowStartMs + Math.floor((index * 1_200_000) / Math.max(count, 1)),
      ).toISOString(),
    }),
  );
}
