import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../shared/cli/formatSummary.js";
import { loadSettings } from "../../shared/config/settings.js";
import { createLineLogger } from "../../shared/logging/logger.js";
import { noParameterLimitsHit } from "../../shared/parameters/parameterLimitCounts.js";
import { openPipeline, type Pipeline } from "../../shared/pipeline/openPipeline.js";
import { replayFiles } from "../../shared/replay/replayFiles.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope } from "../support/gatewayLogs.js";
import {
  MIXED_RECORDS_LIMITS_HIT,
  mixedRecords,
  ordinary,
} from "../parameters/limitReachingRecords.js";

const START_MS = Date.parse("2024-05-02T10:00:00Z");

async function logFile(records: unknown[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "replay-parameter-limits-"));
  const path = join(folder, "gateway.json");
  await writeFile(path, `${JSON.stringify(envelope(records))}\n`);
  return path;
}

async function replay(path: string, pipeline: Pipeline) {
  const lines: string[] = [];
  const summary = await replayFiles({
    paths: [path],
    format: "auto",
    pipeline,
    logger: createLineLogger("test", "debug", (line) => lines.push(line)),
    now: () => Date.now(),
  });
  return { summary, lines };
}

async function freshPipeline(): Promise<Pipeline> {
  const sink = { name: "none", send: async () => ({ sent: 0, failed: [] }) };
  return openPipeline(loadSettings({}), freshStorage(), sink, "test");
}

describe("replayFiles parameter limits", { timeout: 60_000 }, () => {
  it("reports the records that reached each parameter limit in the summary and a warning", async () => {
    const path = await logFile(mixedRecords(START_MS));

    const { summary, lines } = await replay(path, await freshPipeline());

    expect(summary.records).toBe(10);
    expect(summary.parameterLimitsHit).toEqual(MIXED_RECORDS_LIMITS_HIT);
    expect(formatSummary(summary, "dead letters written to dl.ndjson").split("\n")).toContain(
      "  parameter limits hit  6 records (parameters per request: 3, name length: 2, value length examined: 1, query or body length read: 1)",
    );
    expect(lines.filter((line) => line.includes("parameter limits"))).toEqual([
      "test warn records reached the parameter limits; the parameter detections did not see what was past them parameterLimitsHit=6 parametersPerRequestHit=3 parameterNameCharsHit=2 parameterValueCharsHit=1 parameterSourceCharsHit=1",
    ]);
  });

  it("says nothing of parameter limits when no record reached one", async () => {
    const records = Array.from({ length: 10 }, (_, index) =>
      ordinary(new Date(START_MS + index * 1_000).toISOString()),
    );

    const { summary, lines } = await replay(await logFile(records), await freshPipeline());

    expect(summary.parameterLimitsHit).toEqual(noParameterLimitsHit());
    expect(formatSummary(summary, "dead letters written to dl.ndjson")).not.toContain(
      "parameter limits",
    );
    expect(lines.filter((line) => line.includes("parameter limits"))).toEqual([]);
  });

  it("does not count the records of an earlier replay into the same store again", async () => {
    const path = await logFile(mixedRecords(START_MS));
    const pipeline = await freshPipeline();

    await replay(path, pipeline);
    const { summary } = await replay(path, pipeline);

    expect(summary).toMatchObject({ records: 0, alreadyCounted: 10 });
    expect(summary.parameterLimitsHit).toEqual(noParameterLimitsHit());
    expect(formatSummary(summary, "dead letters written to dl.ndjson")).not.toContain(
      "parameter limits",
    );
  });
});
