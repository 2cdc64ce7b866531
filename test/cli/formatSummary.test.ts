import { describe, expect, it } from "vitest";
import { formatSummary } from "../../shared/cli/formatSummary.js";
import { noParameterLimitsHit } from "../../shared/parameters/parameterLimitCounts.js";
import type { ReplaySummary } from "../../shared/replay/replayFiles.js";

function summaryOf(counts: Partial<ReplaySummary>): ReplaySummary {
  return {
    partitionId: "replay-test",
    files: 1,
    records: 0,
    rejected: 0,
    rejectionSamples: [],
    rejectionReasons: 0,
    late: 0,
    outOfOrder: 0,
    alreadyCounted: 0,
    parameterLimitsHit: noParameterLimitsHit(),
    windows: 0,
    alerts: [],
    tableRequests: 0,
    readMs: 0,
    elapsedMs: 1_000,
    firstRecordMs: Date.parse("2015-05-17T10:05:03Z"),
    lastRecordMs: Date.parse("2015-05-17T10:07:00Z"),
    ...counts,
  };
}

function countedLine(summary: ReplaySummary): string | undefined {
  return formatSummary(summary, "dead letters written to dl.ndjson")
    .split("\n")
    .find((line) => line.startsWith("  records counted"));
}

describe("formatSummary", () => {
  it("says (no records) beside a count of 0 when every record read was late, not their time range", () => {
    expect(countedLine(summaryOf({ records: 0, late: 3 }))).toBe(
      "  records counted   0  (no records)",
    );
  });

  it("says (no records) beside a count of 0 when every record was counted by an earlier replay", () => {
    expect(countedLine(summaryOf({ records: 0, alreadyCounted: 3 }))).toBe(
      "  records counted   0  (no records)",
    );
  });

  it("says where the rejected and late records went", () => {
    const lines = formatSummary(
      summaryOf({ rejected: 2, late: 1 }),
      "dead letters written to dl.ndjson",
    ).split("\n");

    expect(lines.filter((line) => / records (rejected|late) /.test(line))).toEqual([
      "  records rejected  2  (dead letters written to dl.ndjson)",
      "  records late      1  (their window was already evaluated; dead letters written to dl.ndjson)",
    ]);
  });

  // A clean demo said its 0 rejected records were "not kept", as if records had been lost.
  it("says nothing of dead letters beside counts of 0", () => {
    const lines = formatSummary(summaryOf({ rejected: 0, late: 0 }), "not kept").split("\n");

    expect(lines.filter((line) => / records (rejected|late) /.test(line))).toEqual([
      "  records rejected  0",
      "  records late      0",
    ]);
  });

  it("gives the time range of the records beside a count above 0", () => {
    expect(countedLine(summaryOf({ records: 2 }))).toBe(
      "  records counted   2  (2015-05-17T10:05:03.000Z → 2015-05-17T10:07:00.000Z)",
    );
  });
});
