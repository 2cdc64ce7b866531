import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";
import { createLineLogger } from "../../shared/logging/logger.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { CHUNK_ITEMS } from "../../shared/parsing/readLogFile.js";
import { replayFiles } from "../../shared/replay/replayFiles.js";
import { freshStorage } from "../support/azuriteTables.js";
import { accessLogLine } from "./accessLogLines.js";

const START_MS = Date.parse("2015-05-17T00:00:00Z");

async function replayLines(lines: string[]) {
  const folder = await mkdtemp(join(tmpdir(), "replay-dead-letters-"));
  const path = join(folder, "gateway.log");
  await writeFile(path, `${lines.join("\n")}\n`);
  const sink = { name: "none", send: async () => ({ sent: 0, failed: [] }) };
  const pipeline = await openPipeline(loadSettings({}), freshStorage(), sink, "test");
  const summary = await replayFiles({
    paths: [path],
    format: "access-log",
    pipeline,
    logger: createLineLogger("test", "silent"),
    now: () => Date.now(),
  });
  const letters = await pipeline.ingest.deadLetters.list(summary.partitionId);
  return { path, summary, letters };
}

describe("replayFiles dead letters", () => {
  it("keeps every rejected and late record in the dead-letter table under the replay's partition", async () => {
    // More lines than one read chunk, so the last arrives after its window was evaluated.
    const onTime = Array.from({ length: CHUNK_ITEMS + 100 }, (_, index) =>
      accessLogLine(START_MS + index * 1_200),
    );
    const late = accessLogLine(START_MS + 120_000);
    const { path, summary, letters } = await replayLines([
      ...onTime,
      late,
      accessLogLine(START_MS, 999),
    ]);

    expect(summary).toMatchObject({ rejected: 1, late: 1, rejectionReasons: 1 });
    const byKind = letters
      .map(({ kind, source, field, reason }) => ({ kind, source, field, reason }))
      .sort((a, b) => a.kind.localeCompare(b.kind));

    expect(summary).toMatchObject({ rejected: 1, late: 1, rejectionReasons: 1 });
    expect(byKind).toEqual([
      {
        kind: "late",
        source: "203.0.113.9 2015-05-17T00:02:00.000Z",
        field: "time",
        reason:
          "time: window 2015-05-17T00:00Z was already evaluated when this record arrived; it is kept here, not counted",
      },
      {
        kind: "rejected",
        source: `${path}:${CHUNK_ITEMS + 102}`,
        field: "status",
        reason: 'status: expected an HTTP status code 100-599, got "999"',
      },
    ]);
  });

  it("counts every distinct rejection reason while quoting the first five", async () => {
    const statuses = [600, 601, 602, 603, 604, 605, 606, 600];
    const { summary } = await replayLines([
      accessLogLine(START_MS),
      ...statuses.map((status) => accessLogLine(START_MS, status)),
    ]);

    expect(summary.rejected).toBe(8);
    expect(summary.rejectionReasons).toBe(7);
    expect(summary.rejectionSamples.map((rejection) => rejection.reason)).toEqual(
      [600, 601, 602, 603, 604].map(
        (status) => `status: expected an HTTP status code 100-599, got "${status}"`,
      ),
    );
  });
});
