import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDeadLetters, type DeadLetterLine } from "../../shared/replay/writeDeadLetters.js";
import { DeadLetterStore } from "../../shared/stores/deadLetterStore.js";
import { openFreshTables } from "../support/azuriteTables.js";

const LATE_REASON =
  "time: window 2024-05-02T10:00Z was already evaluated when this record arrived; it is kept here, not counted";

async function freshStore(): Promise<DeadLetterStore> {
  return new DeadLetterStore((await openFreshTables()).deadLetters);
}

async function linesOf(path: string): Promise<DeadLetterLine[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as DeadLetterLine)
    .sort((a, b) => a.source.localeCompare(b.source));
}

describe("writeDeadLetters", () => {
  it("writes each dead letter of the partition as one NDJSON line with the table's columns, replacing an earlier file", async () => {
    const store = await freshStore();
    await store.write("replay-1", [
      {
        kind: "rejected",
        field: "status",
        reason: 'status: expected an HTTP status code 100-599, got "999"',
        source: "a.log:3",
        raw: "line three",
      },
      {
        kind: "late",
        field: "time",
        reason: LATE_REASON,
        source: "corr-7",
        raw: '{"timeMs":1714644120000}',
      },
    ]);
    await store.write("replay-2", [
      { kind: "rejected", field: "host", reason: "other replay", source: "b.log:1", raw: "x" },
    ]);
    const path = join(await mkdtemp(join(tmpdir(), "dead-letters-")), "letters.ndjson");
    await writeFile(path, "left over from an earlier run\n");

    const counts = await writeDeadLetters(store, "replay-1", path);

    expect(counts).toEqual({ rejected: 1, late: 1 });
    expect(await linesOf(path)).toEqual([
      {
        partition: "replay-1",
        kind: "rejected",
        source: "a.log:3",
        field: "status",
        reason: 'status: expected an HTTP status code 100-599, got "999"',
        window: null,
        raw: "line three",
      },
      {
        partition: "replay-1",
        kind: "late",
        source: "corr-7",
        field: "time",
        reason: LATE_REASON,
        window: "2024-05-02T10:00Z",
        raw: '{"timeMs":1714644120000}',
      },
    ]);
  });

  it("keeps the record text cut to the 32,000 characters the table holds", async () => {
    const store = await freshStore();
    const raw = "a".repeat(40_000);
    await store.write("replay-long", [
      { kind: "rejected", field: "(line)", reason: "too long", source: "long.log:1", raw },
    ]);
    const path = join(await mkdtemp(join(tmpdir(), "dead-letters-")), "letters.ndjson");

    await writeDeadLetters(store, "replay-long", path);

    const [line] = await linesOf(path);
    expect(line!.raw).toBe("a".repeat(32_000));
  });

  it("writes an empty file when the partition has no dead letters", async () => {
    const store = await freshStore();
    const path = join(await mkdtemp(join(tmpdir(), "dead-letters-")), "letters.ndjson");
    await writeFile(path, "left over from an earlier run\n");

    const counts = await writeDeadLetters(store, "replay-clean", path);

    expect(counts).toEqual({ rejected: 0, late: 0 });
    expect(await readFile(path, "utf8")).toBe("");
  });
});
