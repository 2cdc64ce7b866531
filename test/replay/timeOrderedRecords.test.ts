import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { CHUNK_ITEMS } from "../../shared/parsing/readLogFile.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { timeOrderedRecords, type MergeTally } from "../../shared/replay/timeOrderedRecords.js";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";

const START_MS = Date.parse("2024-05-01T00:00:00Z");
const MINUTE_MS = 60_000;

/** Writes one Event Hubs NDJSON file; each request is [minutes after START, correlation id]. */
async function logFile(directory: string, name: string, requests: [number, string][]) {
  const lines = requests.map(([minutes, id]) =>
    JSON.stringify(
      envelope([
        gatewayLogRecord({
          time: new Date(START_MS + minutes * MINUTE_MS).toISOString(),
          correlationId: id,
        }),
      ]),
    ),
  );
  const path = join(directory, name);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

async function merged(paths: string[], reorderMs?: number) {
  const tally: MergeTally = { rejections: [], read: 0, outOfOrder: 0, readMs: 0 };
  const options = createParseOptions(Date.parse("2024-06-01T00:00:00Z"));
  const records: RequestRecord[] = [];
  for await (const record of timeOrderedRecords(paths, "eventhub", options, tally, reorderMs)) {
    records.push(record);
  }
  return { ids: records.map((record) => record.correlationId), tally };
}

describe("time-ordered replay of several files", () => {
  it("interleaves overlapping files in time order, ties in file order, as a stable sort would", async () => {
    const directory = await mkdtemp(join(tmpdir(), "merge-"));
    const first = await logFile(directory, "a.ndjson", [
      [0, "a0"],
      [5, "a5"],
      [3, "a3"],
      [10, "a10"],
    ]);
    const second = await logFile(directory, "b.ndjson", [
      [1, "b1"],
      [5, "b5"],
      [12, "b12"],
    ]);

    const { ids, tally } = await merged([first, second]);

    expect(ids).toEqual(["a0", "b1", "a3", "a5", "b5", "a10", "b12"]);
    expect(tally.read).toBe(7);
    expect(tally.outOfOrder).toBe(0);
  });

  it("replays a record further out of order than the buffer allows late, and counts it", async () => {
    const directory = await mkdtemp(join(tmpdir(), "merge-"));
    // More records than one read chunk holds, so the late one arrives after earlier releases.
    const minutes = Array.from({ length: CHUNK_ITEMS + 100 }, (_, index): [number, string] => [
      index / 10,
      `r${index}`,
    ]);
    const path = await logFile(directory, "late.ndjson", [...minutes, [2, "late"]]);
    const { ids, tally } = await merged([path], 10 * MINUTE_MS);

    expect(ids.indexOf("late")).toBeGreaterThan(ids.indexOf("r4000"));
    expect(ids).toHaveLength(CHUNK_ITEMS + 101);
    expect(tally.outOfOrder).toBe(1);
  });

  it("turns an unreadable file into one rejection and still replays the others", async () => {
    const directory = await mkdtemp(join(tmpdir(), "merge-"));
    const good = await logFile(directory, "good.ndjson", [[0, "g0"]]);
    const broken = join(directory, "broken.json.gz");
    await writeFile(broken, "not gzip at all");

    const { ids, tally } = await merged([broken, good]);

    expect(ids).toEqual(["g0"]);
    expect(tally.rejections).toHaveLength(1);
    expect(tally.rejections[0]).toMatchObject({ field: "(file)", source: broken });
  });
});
