import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch, type HubEvent } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline, type Pipeline } from "../../shared/pipeline/openPipeline.js";
import { noParameterLimitsHit } from "../../shared/parameters/parameterLimitCounts.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope } from "../support/gatewayLogs.js";
import { recordingSink } from "../support/spikeTraffic.js";
import {
  MIXED_RECORDS_LIMITS_HIT,
  mixedRecords,
  ordinary,
  threeThousandParameters,
} from "../parameters/limitReachingRecords.js";

const WINDOW_START_MS = Date.parse("2024-05-02T10:00:00Z");
const NOW_MS = Date.parse("2024-06-01T00:00:00Z");

async function freshPipeline(): Promise<Pipeline> {
  return openPipeline(loadSettings({}), freshStorage(), recordingSink([]), "test");
}

function ingest(pipeline: Pipeline, events: HubEvent[]) {
  const parseOptions = pipeline.parseOptions(NOW_MS);
  return ingestEventHubBatch("0", events, parseOptions, pipeline.inspect, pipeline.ingest);
}

function timeAt(offsetMs: number): string {
  return new Date(WINDOW_START_MS + offsetMs).toISOString();
}

describe("parameter limits in the ingest summary", { timeout: 60_000 }, () => {
  it("counts the records that reached each parameter limit, once per record and limit", async () => {
    const pipeline = await freshPipeline();

    const summary = await ingest(pipeline, [
      { sequenceNumber: 0, body: envelope(mixedRecords(WINDOW_START_MS).slice(0, 5)) },
      { sequenceNumber: 1, body: envelope(mixedRecords(WINDOW_START_MS).slice(5)) },
    ]);

    expect(summary).toMatchObject({ records: 10, rejected: 0 });
    expect(summary.parameterLimitsHit).toEqual(MIXED_RECORDS_LIMITS_HIT);
  });

  it("counts none for records under every limit", async () => {
    const pipeline = await freshPipeline();
    const records = Array.from({ length: 20 }, (_, index) => ordinary(timeAt(index * 1_000)));

    const summary = await ingest(pipeline, [{ sequenceNumber: 0, body: envelope(records) }]);

    expect(summary.records).toBe(20);
    expect(summary.parameterLimitsHit).toEqual(noParameterLimitsHit());
  });

  it("does not count a redelivered batch again: the batch ledger skips it", async () => {
    const pipeline = await freshPipeline();
    const events = [{ sequenceNumber: 7, body: envelope(mixedRecords(WINDOW_START_MS)) }];

    const first = await ingest(pipeline, events);
    const again = await ingest(pipeline, events);

    expect(first.parameterLimitsHit).toEqual(MIXED_RECORDS_LIMITS_HIT);
    expect(again).toMatchObject({ skippedEvents: 1, records: 0 });
    expect(again.parameterLimitsHit).toEqual(noParameterLimitsHit());
  });

  it("counts only the fresh events of a redelivery cut differently", async () => {
    const pipeline = await freshPipeline();
    const capped = (sequenceNumber: number) => ({
      sequenceNumber,
      body: envelope([threeThousandParameters(timeAt(sequenceNumber * 1_000))]),
    });

    await ingest(pipeline, [capped(1), capped(2)]);
    const redelivery = await ingest(pipeline, [capped(1), capped(2), capped(3)]);

    expect(redelivery).toMatchObject({ skippedEvents: 2, records: 1 });
    expect(redelivery.parameterLimitsHit).toEqual({
      ...noParameterLimitsHit(),
      records: 1,
      parametersPerRequest: 1,
    });
  });

  it("does not count late records, which are set aside and not counted", async () => {
    const pipeline = await freshPipeline();
    await ingest(pipeline, [{ sequenceNumber: 0, body: envelope([ordinary(timeAt(0))]) }]);
    await evaluateClosedWindows(
      { eventTimeMs: WINDOW_START_MS + 2 * WINDOW_MS, wallTimeMs: NOW_MS },
      pipeline.evaluation,
    );

    const late = await ingest(pipeline, [
      { sequenceNumber: 1, body: envelope([threeThousandParameters(timeAt(60_000))]) },
      { sequenceNumber: 2, body: envelope([threeThousandParameters(timeAt(WINDOW_MS))]) },
    ]);

    expect(late).toMatchObject({ records: 1, late: 1 });
    expect(late.parameterLimitsHit).toEqual({
      ...noParameterLimitsHit(),
      records: 1,
      parametersPerRequest: 1,
    });
  });
});
