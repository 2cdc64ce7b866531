import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestRecords } from "../../shared/pipeline/ingestRecords.js";
import { BASELINE_FAMILIES, openPipeline } from "../../shared/pipeline/openPipeline.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import { openTables } from "../../shared/stores/tableClients.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { countingTable, noWork, type TableWork } from "../support/countingTable.js";
import { requestRecord } from "../support/records.js";

const FIRST_WINDOW = Math.floor(Date.parse("2024-05-01T00:00:00Z") / WINDOW_MS);
const WINDOWS = 24;

const silentSink: AlertSink = {
  name: "silent",
  send: async (alerts) => ({ sent: alerts.length, failed: [] }),
};

/** Five regular clients, and thirty that are seen in this window only: keys pile up. */
function windowRecords(windowIndex: number): RequestRecord[] {
  const clients = [
    ...Array.from({ length: 5 }, (_, client) => `198.51.100.${client + 1}`),
    ...Array.from({ length: 30 }, (_, client) => `10.${windowIndex % 200}.${client}.7`),
  ];
  return clients.flatMap((clientIp, client) =>
    Array.from({ length: 3 }, (_, request) =>
      requestRecord({
        clientIp,
        callerIp: clientIp,
        timeMs: windowIndex * WINDOW_MS + 60_000 + client * 1_000 + request,
      }),
    ),
  );
}

describe("baseline Table work per evaluated window", { timeout: 120_000 }, () => {
  it("stays flat as clients pile up in the baselines: heads read, changed lines written", async () => {
    const work = { current: noWork() };
    const tables = await openTables(freshStorage());
    const pipeline = await openPipeline(
      loadSettings({}),
      { ...tables, baselines: countingTable(tables.baselines, work) },
      silentSink,
      "test",
    );

    const perWindow: TableWork[] = [];
    let firstSeq = 0;
    for (let windowIndex = FIRST_WINDOW; windowIndex < FIRST_WINDOW + WINDOWS; windowIndex++) {
      const records = windowRecords(windowIndex);
      const batch = { partitionId: "0", firstSeq, lastSeq: firstSeq + records.length - 1 };
      firstSeq += records.length;
      await ingestRecords(batch, records, [], pipeline.inspect, pipeline.ingest);
      work.current = noWork();
      const clock = { eventTimeMs: (windowIndex + 2) * WINDOW_MS, wallTimeMs: Date.now() };
      const { evaluated } = await evaluateClosedWindows(clock, pipeline.evaluation);
      expect(evaluated.map((evaluation) => evaluation.windowIndex)).toEqual([windowIndex]);
      perWindow.push(work.current);
    }

    // A family with keys in the window reads its shard heads and writes, per shard, the head
    // and one chunk of changed lines; the evaluator's own saves are never read back.
    const [first, ...later] = perWindow;
    for (const windowWork of later) {
      expect(windowWork.calls).toBeLessThanOrEqual(2 * BASELINE_FAMILIES.length);
      expect(windowWork.dataBytesRead).toBe(0);
      expect(windowWork.entitiesWritten).toBeLessThanOrEqual(2 * windowWork.entitiesRead);
      expect(windowWork.dataBytesWritten).toBeLessThan(2 * first!.dataBytesWritten);
    }
  });
});
