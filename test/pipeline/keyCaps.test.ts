import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { windowIndexOf, WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";
import { recordingSink } from "../support/spikeTraffic.js";

const WINDOW_START_MS = Date.parse("2024-05-02T10:00:00Z");

/** 60 requests from one client, then one request each from 300 addresses to 40 unmatched paths. */
function sprayEvents() {
  const time = (offsetMs: number) => new Date(WINDOW_START_MS + offsetMs).toISOString();
  const steady = Array.from({ length: 60 }, (_, index) =>
    gatewayLogRecord({ time: time(index * 1_000), ip: "198.51.100.7" }),
  );
  const spray = Array.from({ length: 300 }, (_, index) =>
    gatewayLogRecord({
      time: time(index * 1_000),
      ip: `203.0.${Math.floor(index / 200)}.${index % 200}`,
      url: `https://contoso.azure-api.net/probe-${index % 40}`,
      apiId: "",
      operationId: "",
      status: 404,
    }),
  );
  return [{ sequenceNumber: 0, body: envelope([...steady, ...spray]) }];
}

describe("per-window key caps", { timeout: 60_000 }, () => {
  it("drops the least busy keys past the caps, says how many, and still counts every record", async () => {
    const sent: Alert[] = [];
    const pipeline = await openPipeline(loadSettings({}), freshStorage(), recordingSink(sent), "t");
    const stores = { ...pipeline.ingest, keyCaps: { clientKeys: 100, populationKeys: 10 } };

    const summary = await ingestEventHubBatch(
      "0",
      sprayEvents(),
      pipeline.parseOptions(Date.parse("2024-06-01T00:00:00Z")),
      pipeline.inspect,
      stores,
    );
    const merged = await pipeline.ingest.partials.readWindow(windowIndexOf(WINDOW_START_MS));
    const evaluation = await evaluateClosedWindows(
      { eventTimeMs: WINDOW_START_MS + 2 * WINDOW_MS, wallTimeMs: Date.now() },
      pipeline.evaluation,
    );

    expect(summary).toMatchObject({
      records: 360,
      clientKeysDropped: 201,
      populationKeysDropped: 31,
    });
    expect(merged.aggregate.clients.size).toBe(100);
    expect(merged.aggregate.population.size).toBe(10);
    expect([...merged.aggregate.clients.values()].some((stats) => stats.requests === 60)).toBe(
      true,
    );
    expect(evaluation.evaluated.map((window) => window.records)).toEqual([360]);
  });
});
