import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";

const NOW_MS = Date.parse("2024-05-02T12:00:00Z");
const GOOD = gatewayLogRecord({ time: "2024-05-02T10:01:00Z" });

async function openTestPipeline() {
  const sink = { name: "none", send: async () => ({ sent: 0, failed: [] }) };
  return openPipeline(loadSettings({}), freshStorage(), sink, "test");
}

describe("dead letters", () => {
  it("keeps every broken record of a batch with its reason and counts the good ones", async () => {
    const pipeline = await openTestPipeline();
    const broken = { ...GOOD, properties: { ...(GOOD.properties as object), responseCode: "abc" } };
    const events = [
      { sequenceNumber: 1, body: envelope([GOOD, broken, 42]) },
      { sequenceNumber: 2, body: "{not json" },
      { sequenceNumber: 3, body: envelope([]) },
    ];

    const summary = await ingestEventHubBatch(
      "7",
      events,
      pipeline.parseOptions(NOW_MS),
      pipeline.inspect,
      pipeline.ingest,
    );
    const letters = await pipeline.ingest.deadLetters.list("7");

    expect(summary).toMatchObject({ events: 3, records: 1, rejected: 4, late: 0 });
    expect(letters.map((letter) => [letter.source, letter.field]).sort()).toEqual([
      ["partition 7 sequence 1 record 2", "properties.responseCode"],
      ["partition 7 sequence 1 record 3", "(record)"],
      ["partition 7 sequence 2", "(envelope)"],
      ["partition 7 sequence 3", "records"],
    ]);
    expect(letters.find((letter) => letter.field === "properties.responseCode")?.reason).toBe(
      'properties.responseCode: expected an HTTP status code 100-599, got "abc"',
    );
  });

  it("keeps a record that arrives after its window was evaluated as late, naming the window", async () => {
    const pipeline = await openTestPipeline();
    await ingestEventHubBatch(
      "0",
      [{ sequenceNumber: 1, body: envelope([GOOD]) }],
      pipeline.parseOptions(NOW_MS),
      pipeline.inspect,
      pipeline.ingest,
    );
    const { evaluateClosedWindows } = await import("../../shared/pipeline/evaluateWindows.js");
    await evaluateClosedWindows(
      { eventTimeMs: NOW_MS, wallTimeMs: Date.now() },
      pipeline.evaluation,
    );

    const late = await ingestEventHubBatch(
      "0",
      [{ sequenceNumber: 2, body: envelope([GOOD]) }],
      pipeline.parseOptions(NOW_MS),
      pipeline.inspect,
      pipeline.ingest,
    );
    const letters = await pipeline.ingest.deadLetters.list("0");

    expect(late).toMatchObject({ records: 0, late: 1 });
    expect(letters.map((letter) => [letter.kind, letter.reason])).toEqual([
      [
        "late",
        "time: window 2024-05-02T10:00Z was already evaluated when this record arrived; it is kept here, not counted",
      ],
    ]);
  });
});
