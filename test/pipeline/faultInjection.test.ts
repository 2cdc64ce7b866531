import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { TABLE_RETRY_OPTIONS } from "../../shared/stores/tableClients.js";
import { createLogAnalyticsSink } from "../../shared/sinks/logAnalyticsSink.js";
import { AlertOutbox } from "../../shared/stores/alertOutbox.js";
import { seededRandom } from "../../bench/seededRandom.js";
import { openFreshTables } from "../support/azuriteTables.js";
import { createFaultInjector, createOutage } from "../support/faultInjection.js";
import {
  createRecordingHttpClient,
  gunzippedRows,
  type CannedResponse,
} from "../support/recordingHttpClient.js";
import {
  FAST_RETRIES,
  openTestPipeline,
  runTraffic,
  trafficEvents,
  WINDOWS,
} from "../support/spikeTraffic.js";

describe("ingest and evaluation under Table Storage faults", { timeout: 300_000 }, () => {
  const events = trafficEvents();

  it("gives the same alerts, baselines and window counts as a clean run when a fifth of requests fail", async () => {
    const clean = await runTraffic(events, 5, null);
    const faults = createFaultInjector(12, 0.2);
    const faulty = await runTraffic(events, 5, faults);

    // The faults really happened, of every kind, and some of them stopped an evaluation run.
    expect(Object.values(faults.injected).every((count) => count > 0)).toBe(true);
    expect(faulty.evaluationRuns).toBeGreaterThan(1);
    expect(clean.evaluationRuns).toBe(1);

    expect(clean.alertsById.size).toBe(3);
    expect([...faulty.alertsById.keys()].sort()).toEqual([...clean.alertsById.keys()].sort());
    for (const [alertId, alert] of clean.alertsById) {
      expect(faulty.alertsById.get(alertId)).toEqual(alert);
    }
    expect(faulty.baselines).toEqual(clean.baselines);
    expect(faulty.windows).toEqual(clean.windows);
    expect(clean.windows.filter((window) => window.status === "evaluated")).toHaveLength(WINDOWS);
    expect(faulty.deadLetters).toBe(clean.deadLetters);
    expect(clean.deadLetters).toBe(5);
  });

  it("gives the same outcome when half the requests fail and batches outlive the SDK's retries", async () => {
    const clean = await runTraffic(events, 7, null);
    const faulty = await runTraffic(events, 7, createFaultInjector(7, 0.5));

    expect(faulty.failedBatchAttempts).toBeGreaterThan(0);
    expect(faulty.alertsById).toEqual(clean.alertsById);
    expect(faulty.baselines).toEqual(clean.baselines);
    expect(faulty.windows).toEqual(clean.windows);
  });
});

describe("bounded retries", () => {
  it("fails a batch once, after the configured retries, and counts it once when it comes back", async () => {
    const sent: Alert[] = [];
    const outage = createOutage(503);
    const pipeline = await openTestPipeline(sent, {
      additionalPolicies: [{ policy: outage.policy, position: "perRetry" }],
      retryOptions: FAST_RETRIES,
    });
    const batch = trafficEvents().slice(0, 3);
    const ingest = () =>
      ingestEventHubBatch(
        "0",
        batch,
        pipeline.parseOptions(Date.parse("2024-06-01T00:00:00Z")),
        pipeline.inspect,
        pipeline.ingest,
      );

    outage.active = true;
    const failure = await ingest().catch((error: unknown) => error);
    outage.active = false;

    // One failed request ends the batch: the first call, tried once and retried maxRetries times.
    expect(failure).toMatchObject({ statusCode: 503 });
    expect(outage.attempts).toBe(TABLE_RETRY_OPTIONS.maxRetries + 1);
    expect(await pipeline.ingest.batches.committedThrough("0")).toBe(-1);

    const redelivered = await ingest();
    const again = await ingest();

    expect(redelivered).toMatchObject({ events: 3, skippedEvents: 0, records: 48 });
    expect(again).toMatchObject({ events: 3, skippedEvents: 3, records: 0 });
  });
});

describe("alert delivery under Logs Ingestion faults", () => {
  it("delivers every alert of the run, each accepted once, when the service fails a share of uploads", async () => {
    const clean = await runTraffic(trafficEvents(), 5, null);
    const outbox = new AlertOutbox((await openFreshTables()).outbox);
    const random = seededRandom(41);
    const failures: CannedResponse[] = [
      { status: 503, headers: { "Retry-After": "0" } },
      { status: 429, headers: { "retry-after-ms": "0" } },
      { status: 500 },
    ];
    const statuses: number[] = [];
    const httpClient = createRecordingHttpClient(() => {
      const response =
        random() < 0.6 ? failures[Math.floor(random() * failures.length)]! : { status: 204 };
      statuses.push(response.status);
      return response;
    });
    const sink = createLogAnalyticsSink({
      endpoint: "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com",
      ruleId: "dcr-00112233445566778899aabbccddeeff",
      streamName: "Custom-GatewardenAlerts",
      credential: { getToken: async () => ({ token: "t", expiresOnTimestamp: 4_102_444_800_000 }) },
      clientOptions: {
        httpClient,
        retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 1 },
      },
      maxConcurrency: 1,
    });
    await outbox.asSink().send(clean.sent);

    let runs = 0;
    while ((await outbox.pending(100)).length > 0 && runs < 30) {
      await outbox.deliver(sink, 1);
      runs += 1;
    }

    const accepted = httpClient.requests.filter((_, index) => statuses[index] === 204);
    expect(await outbox.pending(100)).toEqual([]);
    expect(runs).toBeGreaterThan(clean.sent.length);
    expect(
      accepted
        .flatMap(gunzippedRows)
        .map((row) => row.AlertId)
        .sort(),
    ).toEqual([...clean.alertsById.keys()].sort());
  });
});
