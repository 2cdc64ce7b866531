import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { createLogAnalyticsSink } from "../../shared/sinks/logAnalyticsSink.js";
import { AlertOutbox } from "../../shared/stores/alertOutbox.js";
import { alertFixture } from "../support/alertFixture.js";
import { openFreshTables } from "../support/azuriteTables.js";
import {
  createRecordingHttpClient,
  gunzippedRows,
  type Responder,
} from "../support/recordingHttpClient.js";

const fixedToken: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: "test-token", expiresOnTimestamp: Date.parse("2100-01-01T00:00:00Z") };
  },
};

/** A Log Analytics sink on the real LogsIngestionClient whose transport answers as told. */
function logAnalyticsAnswering(respond: Responder) {
  const httpClient = createRecordingHttpClient(respond);
  const sink = createLogAnalyticsSink({
    endpoint: "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com",
    ruleId: "dcr-00112233445566778899aabbccddeeff",
    streamName: "Custom-GatewardenAlerts",
    credential: fixedToken,
    clientOptions: {
      httpClient,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
    },
  });
  return { httpClient, sink };
}

const ALERTS = [
  alertFixture({ clientIp: "203.0.113.7" }),
  alertFixture({ clientIp: "203.0.113.8" }),
  alertFixture({ clientIp: "203.0.113.9" }),
];

describe("AlertOutbox", () => {
  it("keeps alerts through an outage and delivers each exactly once when the service recovers", async () => {
    const outbox = new AlertOutbox((await openFreshTables()).outbox);
    let outage = true;
    const { httpClient, sink } = logAnalyticsAnswering(() =>
      outage ? { status: 503 } : { status: 204 },
    );
    await outbox.asSink().send(ALERTS);

    for (let run = 0; run < 3; run++) {
      const result = await outbox.deliver(sink);
      expect(result.delivered).toBe(0);
      expect(result.remaining).toBe(3);
      expect(result.failures).toEqual([
        "Logs Ingestion API answered 503: Unexpected status code: 503",
      ]);
    }
    outage = false;
    const recovered = await outbox.deliver(sink);
    const afterwards = await outbox.deliver(sink);

    expect(recovered).toEqual({ delivered: 3, remaining: 0, failures: [] });
    expect(afterwards).toEqual({ delivered: 0, remaining: 0, failures: [] });
    const accepted = httpClient.requests.filter((_, index) => index >= 6);
    expect(
      accepted
        .flatMap(gunzippedRows)
        .map((row) => row.AlertId)
        .sort(),
    ).toEqual(ALERTS.map((alert) => alert.alertId).sort());
  });

  it("queues an alert once however often the evaluator writes it", async () => {
    const outbox = new AlertOutbox((await openFreshTables()).outbox);

    await outbox.add(ALERTS);
    await outbox.add(ALERTS);

    expect((await outbox.pending(100)).map((alert) => alert.alertId).sort()).toEqual(
      ALERTS.map((alert) => alert.alertId).sort(),
    );
  });

  it("returns the queued alert unchanged, evidence included", async () => {
    const outbox = new AlertOutbox((await openFreshTables()).outbox);

    await outbox.add([ALERTS[0]!]);

    expect(await outbox.pending(10)).toEqual([ALERTS[0]]);
  });
});
