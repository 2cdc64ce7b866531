/** One simulated API call before it is written as a GatewayLogs record. */

export type ClientKind = "partner" | "batch" | "browser" | "mobile" | "attacker";

/** Who sends a request, as the gateway sees them. */
export interface ClientIdentity {
  /** Stable id of the simulated client; keys the values it reuses. Never written out. */
  key: string;
  kind: ClientKind;
  callerIp: string;
  /** The X-Forwarded-For header a proxy in front of the gateway added, if any. */
  forwardedFor?: string;
  userAgent: string;
  subscriptionId: string;
  /** Median bytes of request line and headers this client sends. */
  headerBytes: number;
}

export type RequestOrigin = "benign" | "attack";

export interface GeneratedRequest {
  /** Time in ticks since the dataset's start; see ticks.ts. */
  tick: number;
  client: ClientIdentity;
  /** "" when no API matched the path. */
  apiId: string;
  /** "" when no operation matched. */
  operationId: string;
  method: string;
  /** Path as sent, percent-encoded. */
  path: string;
  /** Query string without "?", "" when none. */
  query: string;
  statusCode: number;
  requestBytes: number;
  responseBytes: number;
  latencyMs: number;
  /** Absent when the gateway answered without calling the backend. */
  backendMs: number | undefined;
  clientMs: number;
  /** The logged request body (APIM logs at most 8,192 bytes), absent for bodiless calls. */
  body: string | undefined;
  correlationId: string;
  origin: RequestOrigin;
}

/** Where traffic sources, scenarios and injectors put the requests they compose. */
export interface RequestSink {
  add(request: GeneratedRequest): void;
}
