import type { AccessToken, TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { ALERT_COLUMNS, toAlertRow } from "../../shared/alerts/alertRow.js";
import {
  createLogAnalyticsSink,
  type LogAnalyticsSinkOptions,
} from "../../shared/sinks/logAnalyticsSink.js";
import { alertFixture } from "../support/alertFixture.js";
import {
  createRecordingHttpClient,
  gunzippedRows,
  type RecordingHttpClient,
  type Responder,
} from "../support/recordingHttpClient.js";

const ENDPOINT = "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com";
const RULE_ID = "dcr-00112233445566778899aabbccddeeff";
const STREAM_NAME = "Custom-GatewardenAlerts";
const MAX_RETRIES = 2;

interface FixedTokenCredential extends TokenCredential {
  readonly requestedScopes: string[];
}

function fixedTokenCredential(): FixedTokenCredential {
  const requestedScopes: string[] = [];
  return {
    requestedScopes,
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      requestedScopes.push(...[scopes].flat());
      return { token: "test-token", expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") };
    },
  };
}

function sinkOptions(httpClient: RecordingHttpClient): LogAnalyticsSinkOptions {
  return {
    endpoint: ENDPOINT,
    ruleId: RULE_ID,
    streamName: STREAM_NAME,
    credential: fixedTokenCredential(),
    clientOptions: {
      httpClient,
      retryOptions: { maxRetries: MAX_RETRIES, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
    },
  };
}

function sinkAnswering(respond: Responder) {
  const httpClient = createRecordingHttpClient(respond);
  return { httpClient, sink: createLogAnalyticsSink(sinkOptions(httpClient)) };
}

function answersInTurn(...statuses: number[]): Responder {
  return (_request, attempt) => ({
    status: statuses[Math.min(attempt, statuses.length - 1)] ?? 204,
    headers: { "Retry-After": "0" },
  });
}

/** Alerts of about 400 kB each, so the SDK puts two in a chunk and needs three chunks for five. */
function bulkyAlerts(count: number): Alert[] {
  return Array.from({ length: count }, (_unused, index) => {
    const alert = alertFixture({ endpoint: `orders-api/op-${index}` });
    const details = { padding: "x".repeat(400_000) };
    return { ...alert, evidence: { ...alert.evidence, details } };
  });
}

describe("createLogAnalyticsSink", () => {
  it("posts the alert rows gzipped to the stream of the data collection rule with a bearer token", async () => {
    const httpClient = createRecordingHttpClient();
    const options = sinkOptions(httpClient);
    const sink = createLogAnalyticsSink(options);
    const alert = alertFixture();

    const result = await sink.send([alert]);

    expect(result).toEqual({ sent: 1, failed: [] });
    expect(httpClient.requests).toHaveLength(1);
    const [request] = httpClient.requests;
    // Parsed rather than compared whole: the SDK sends the query name escaped, `api%2Dversion`.
    const url = new URL(request!.url);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${ENDPOINT}/dataCollectionRules/${RULE_ID}/streams/${STREAM_NAME}`,
    );
    expect(url.searchParams.get("api-version")).toBe("2023-01-01");
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-encoding"]).toBe("gzip");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["authorization"]).toBe("Bearer test-token");
    expect((options.credential as FixedTokenCredential).requestedScopes).toEqual([
      "https://monitor.azure.com/.default",
    ]);
    const rows = gunzippedRows(request!);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(ALERT_COLUMNS.map((column) => column.name));
    expect(rows[0]).toEqual(toAlertRow(alert));
    expect(rows[0]).toMatchObject({
      TimeGenerated: "2024-05-02T10:40:00.000Z",
      AlertType: "API_SpikeInAPITraffic",
      Severity: "Medium",
      Endpoint: "orders-api/get-order",
      ClientIp: "203.0.113.7",
      StatusCode: 200,
      WindowStart: "2024-05-02T10:20:00.000Z",
      WindowEnd: "2024-05-02T10:40:00.000Z",
      ObservedValue: 412,
      BaselineValue: 18,
      Score: 9.7,
      DetectionId: "API_SpikeInAPITraffic",
    });
  });

  it("sends nothing for an empty batch", async () => {
    const { httpClient, sink } = sinkAnswering(answersInTurn(204));

    expect(await sink.send([])).toEqual({ sent: 0, failed: [] });
    expect(httpClient.requests).toHaveLength(0);
  });

  it("retries a 429 that carries Retry-After: 0 and then counts the alert as sent", async () => {
    const { httpClient, sink } = sinkAnswering(answersInTurn(429, 204));

    expect(await sink.send([alertFixture()])).toEqual({ sent: 1, failed: [] });
    expect(httpClient.requests).toHaveLength(2);
  });

  it("retries a 503 without Retry-After and then counts the alert as sent", async () => {
    const { httpClient, sink } = sinkAnswering((_request, attempt) => ({
      status: attempt === 0 ? 503 : 204,
    }));

    expect(await sink.send([alertFixture()])).toEqual({ sent: 1, failed: [] });
    expect(httpClient.requests).toHaveLength(2);
  });

  it("returns the alerts as failed with the status when 500s outlast the retry budget", async () => {
    const { httpClient, sink } = sinkAnswering(() => ({ status: 500 }));
    const alerts = [alertFixture(), alertFixture({ clientIp: "198.51.100.23" })];

    const result = await sink.send(alerts);

    expect(httpClient.requests).toHaveLength(1 + MAX_RETRIES);
    expect(result).toEqual({
      sent: 0,
      failed: alerts.map((alert) => ({
        alert,
        reason: "Logs Ingestion API answered 500: Unexpected status code: 500",
      })),
    });
  });

  it("returns the alert as failed when 503s with Retry-After outlast the retry budget", async () => {
    const { httpClient, sink } = sinkAnswering(answersInTurn(503));
    const alert = alertFixture();

    const result = await sink.send([alert]);

    expect(httpClient.requests).toHaveLength(1 + MAX_RETRIES);
    expect(result).toEqual({
      sent: 0,
      failed: [{ alert, reason: "Logs Ingestion API answered 503: Unexpected status code: 503" }],
    });
  });

  it("gives the service's error code and message as the reason for a rejected chunk", async () => {
    const { sink } = sinkAnswering(() => ({
      status: 400,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        error: { code: "InvalidStream", message: "Stream Custom-GatewardenAlerts is unknown" },
      }),
    }));
    const alert = alertFixture();

    expect(await sink.send([alert])).toEqual({
      sent: 0,
      failed: [
        {
          alert,
          reason:
            "Logs Ingestion API answered 400 InvalidStream: Stream Custom-GatewardenAlerts is unknown",
        },
      ],
    });
  });

  it("returns only the alerts of the chunk the service rejects and sends the other chunks", async () => {
    const alerts = bulkyAlerts(5);
    const { httpClient, sink } = sinkAnswering((request) => {
      const endpoints = gunzippedRows(request).map((row) => row["Endpoint"]);
      return { status: endpoints.includes("orders-api/op-2") ? 500 : 204 };
    });

    const result = await sink.send(alerts);

    const chunks = httpClient.requests.map((request) =>
      gunzippedRows(request).map((row) => row["Endpoint"]),
    );
    expect(new Set(chunks.map((endpoints) => endpoints.join(",")))).toEqual(
      new Set([
        "orders-api/op-0,orders-api/op-1",
        "orders-api/op-2,orders-api/op-3",
        "orders-api/op-4",
      ]),
    );
    expect(result.sent).toBe(3);
    expect(result.failed).toEqual([
      { alert: alerts[2], reason: "Logs Ingestion API answered 500: Unexpected status code: 500" },
      { alert: alerts[3], reason: "Logs Ingestion API answered 500: Unexpected status code: 500" },
    ]);
  });

  it("sets aside an alert whose evidence JSON cannot carry and uploads the rest", async () => {
    const { httpClient, sink } = sinkAnswering(() => ({ status: 204 }));
    const good = alertFixture();
    const base = alertFixture({ clientIp: "198.51.100.23" });
    const bad = { ...base, evidence: { ...base.evidence, details: { bytes: 10n } } };

    const result = await sink.send([good, bad]);

    expect(result).toEqual({
      sent: 1,
      failed: [
        {
          alert: bad,
          reason: "alert row cannot be written as JSON: Do not know how to serialize a BigInt",
        },
      ],
    });
    expect(httpClient.requests.flatMap(gunzippedRows)).toEqual([toAlertRow(good)]);
  });

  it("returns every alert as failed when the credential cannot get a token", async () => {
    const httpClient = createRecordingHttpClient();
    const sink = createLogAnalyticsSink({
      ...sinkOptions(httpClient),
      credential: {
        getToken: async () => {
          throw new Error("managed identity is not available");
        },
      },
    });
    const alert = alertFixture();

    expect(await sink.send([alert])).toEqual({
      sent: 0,
      failed: [{ alert, reason: "managed identity is not available" }],
    });
    expect(httpClient.requests).toHaveLength(0);
  });
});

describe("createLogAnalyticsSink option validation", () => {
  const valid = { endpoint: ENDPOINT, ruleId: RULE_ID, streamName: STREAM_NAME };
  const credential = fixedTokenCredential();
  const create = (overrides: Partial<LogAnalyticsSinkOptions>) => () =>
    createLogAnalyticsSink({ ...valid, credential, ...overrides });

  it("accepts an endpoint with a trailing slash and sends to the same URL", async () => {
    const httpClient = createRecordingHttpClient();
    const sink = createLogAnalyticsSink({ ...sinkOptions(httpClient), endpoint: `${ENDPOINT}/` });

    await sink.send([alertFixture()]);

    expect(httpClient.requests[0]!.url).toContain(
      `${ENDPOINT}/dataCollectionRules/${RULE_ID}/streams/${STREAM_NAME}?`,
    );
  });

  it("rejects an endpoint that is not a URL, keeping the parser's error as cause", () => {
    const attempt = create({ endpoint: "gatewarden-test.ingest.monitor.azure.com" });

    expect(attempt).toThrow(
      'Log Analytics sink option endpoint "gatewarden-test.ingest.monitor.azure.com" is invalid: expected an https URL with no path or query, the logs ingestion endpoint of a data collection rule or endpoint',
    );
    expect(() => attempt()).toThrow(expect.objectContaining({ cause: expect.any(TypeError) }));
  });

  it("rejects an http endpoint, loopback included, because the SDK sends tokens over https only", () => {
    expect(create({ endpoint: "http://127.0.0.1:8080" })).toThrow(
      'Log Analytics sink option endpoint "http://127.0.0.1:8080" is invalid: expected an https URL with no path or query, the logs ingestion endpoint of a data collection rule or endpoint; the Azure SDK sends tokens over https only',
    );
  });

  it("rejects an endpoint that carries the request path", () => {
    expect(create({ endpoint: `${ENDPOINT}/dataCollectionRules/${RULE_ID}` })).toThrow(
      `Log Analytics sink option endpoint "${ENDPOINT}/dataCollectionRules/${RULE_ID}" is invalid: expected an https URL with no path or query, the logs ingestion endpoint of a data collection rule or endpoint`,
    );
  });

  it("rejects a rule id that is not an immutable id", () => {
    expect(create({ ruleId: "gatewarden-alerts-dcr" })).toThrow(
      'Log Analytics sink option ruleId "gatewarden-alerts-dcr" is invalid: expected "dcr-" followed by 32 hex digits, the immutableId of the data collection rule',
    );
  });

  it("rejects a stream name without the Custom- prefix", () => {
    expect(create({ streamName: "GatewardenAlerts_CL" })).toThrow(
      'Log Analytics sink option streamName "GatewardenAlerts_CL" is invalid: expected "Custom-" and a name, a custom stream declared in the data collection rule',
    );
  });

  it("rejects a concurrency below one", () => {
    expect(create({ maxConcurrency: 0 })).toThrow(
      "Log Analytics sink option maxConcurrency 0 is invalid: expected a whole number of at least 1",
    );
  });
});
