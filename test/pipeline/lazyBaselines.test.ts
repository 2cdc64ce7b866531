import { describe, expect, it } from "vitest";
import { populationFamily } from "../../shared/baselines/baselineFamily.js";
import { LOOKBACK_WINDOWS, type CountSeries } from "../../shared/baselines/countSeries.js";
import { loadSettings } from "../../shared/config/settings.js";
import type { Detector } from "../../shared/detectors/detector.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestRecords } from "../../shared/pipeline/ingestRecords.js";
import { openPipeline, type Pipeline } from "../../shared/pipeline/openPipeline.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { requestRecord } from "../support/records.js";

const FIRST_WINDOW = Math.floor(Date.parse("2024-05-01T00:00:00Z") / WINDOW_MS);

const silentSink: AlertSink = {
  name: "silent",
  send: async (alerts) => ({ sent: alerts.length, failed: [] }),
};

/** One request to `endpoint` in `windowIndex`, from one client. */
function requestTo(endpoint: string, windowIndex: number): RequestRecord {
  return requestRecord({ endpoint, timeMs: windowIndex * WINDOW_MS + 60_000 });
}

/** Population baselines the detectors were shown, per evaluated window. */
type Seen = Map<number, Map<string, CountSeries>>;

function recordingDetector(seen: Seen): Detector {
  return {
    name: "recording",
    detect(context) {
      const population = (context.baselines.get("population") ?? new Map()) as Map<
        string,
        CountSeries
      >;
      seen.set(context.window.index, structuredClone(population));
      return [];
    },
  };
}

async function replayWindows(
  shards: number,
  traffic: ReadonlyMap<number, readonly string[]>,
): Promise<{ pipeline: Pipeline; seen: Seen }> {
  const pipeline = await openPipeline(
    loadSettings({ GATEWARDEN_BASELINE_SHARDS: String(shards) }),
    freshStorage(),
    silentSink,
    "test",
  );
  const seen: Seen = new Map();
  pipeline.evaluation = { ...pipeline.evaluation, detectors: [recordingDetector(seen)] };
  const records = [...traffic].flatMap(([windowIndex, endpoints]) =>
    endpoints.map((endpoint) => requestTo(endpoint, windowIndex)),
  );
  await ingestRecords(
    { partitionId: "0", firstSeq: 0, lastSeq: records.length - 1 },
    records,
    [],
    pipeline.inspect,
    pipeline.ingest,
  );
  const lastWindow = Math.max(...traffic.keys());
  await evaluateClosedWindows(
    { eventTimeMs: (lastWindow + 10) * WINDOW_MS, wallTimeMs: Date.now() },
    pipeline.evaluation,
  );
  return { pipeline, seen };
}

/** What the baselines would be if every key were folded and pruned in every evaluated window. */
function eagerBaselines(traffic: ReadonlyMap<number, readonly string[]>): Seen {
  const before: Seen = new Map();
  let entries = new Map<string, CountSeries>();
  for (const windowIndex of [...traffic.keys()].sort((a, b) => a - b)) {
    before.set(windowIndex, structuredClone(entries));
    const counts = new Map<string, number>();
    for (const endpoint of traffic.get(windowIndex)!) {
      const key = `${endpoint}\u001f200`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, count] of counts) {
      entries.set(key, populationFamily.fold(entries.get(key), windowIndex, count, new Set()));
    }
    const pruned = new Map<string, CountSeries>();
    for (const [key, entry] of entries) {
      const kept = populationFamily.prune(entry, windowIndex);
      if (kept) pruned.set(key, kept);
    }
    entries = pruned;
  }
  before.set(Infinity, entries);
  return before;
}

describe("baselines loaded per window", { timeout: 120_000 }, () => {
  // a and b are seen on the first day; a is back exactly at the lookback's edge, b one window
  // after it, c never again; d keeps traffic going in between.
  const traffic = new Map<number, string[]>([
    [FIRST_WINDOW, ["a", "a", "b", "c"]],
    [FIRST_WINDOW + 1, ["d"]],
    [FIRST_WINDOW + LOOKBACK_WINDOWS, ["a", "d"]],
    [FIRST_WINDOW + LOOKBACK_WINDOWS + 1, ["b", "d"]],
  ]);

  it("shows a detector a key's window while it is within 30 days and nothing once it is older", async () => {
    const { seen } = await replayWindows(1, traffic);

    expect(seen.get(FIRST_WINDOW + LOOKBACK_WINDOWS)!.get("a\u001f200")).toEqual({
      firstWindow: FIRST_WINDOW,
      points: [[FIRST_WINDOW, 2]],
      alerted: [],
    });
    expect(seen.get(FIRST_WINDOW + LOOKBACK_WINDOWS + 1)!.has("b\u001f200")).toBe(false);
  });

  it("shows detectors exactly what pruning every key after every window would show", async () => {
    const eager = eagerBaselines(traffic);
    for (const shards of [1, 3]) {
      const { seen } = await replayWindows(shards, traffic);

      for (const [windowIndex, endpoints] of traffic) {
        const expected = new Map(
          endpoints
            .map((endpoint) => `${endpoint}\u001f200`)
            .filter((key) => eager.get(windowIndex)!.has(key))
            .map((key) => [key, eager.get(windowIndex)!.get(key)!]),
        );
        expect(seen.get(windowIndex)).toEqual(expected);
      }
    }
  });

  it("stores entries that, aged to the last window, are exactly the eagerly pruned baselines", async () => {
    const { pipeline } = await replayWindows(1, traffic);
    const [shard] = await pipeline.evaluation.baselines.load<CountSeries>("population");
    const eager = eagerBaselines(traffic).get(Infinity)!;
    const lastWindow = FIRST_WINDOW + LOOKBACK_WINDOWS + 1;

    expect(shard!.foldedThroughWindow).toBe(lastWindow);
    const aged = new Map<string, CountSeries | null>();
    for (const [key, entry] of shard!.entries) {
      aged.set(key, populationFamily.prune(entry, lastWindow));
    }
    // c is still stored (it goes when the shard is next rewritten) but is empty once aged.
    expect(aged).toEqual(new Map([...eager, ["c\u001f200", null]]));
    expect(shard!.entries.get("b\u001f200")).toEqual({
      firstWindow: lastWindow,
      points: [[lastWindow, 1]],
      alerted: [],
    });
  });

  it("leaves shards that hold none of the window's keys unread and unwritten", async () => {
    const { pipeline } = await replayWindows(64, new Map([[FIRST_WINDOW, ["a"]]]));
    const shards = await pipeline.evaluation.baselines.load<CountSeries>("population");

    const written = shards.filter((shard) => shard.foldedThroughWindow >= 0);
    expect(written.map((shard) => shard.shardIndex)).toEqual([
      pipeline.evaluation.baselines.shardOf("a\u001f200"),
    ]);
  });
});
