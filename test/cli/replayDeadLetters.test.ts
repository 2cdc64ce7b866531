import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { CHUNK_ITEMS } from "../../shared/parsing/readLogFile.js";
import type { DeadLetterLine } from "../../shared/replay/writeDeadLetters.js";
import { DeadLetterStore } from "../../shared/stores/deadLetterStore.js";
import { openTables } from "../../shared/stores/tableClients.js";
import { accessLogLine } from "../replay/accessLogLines.js";
import { gatewarden, gatewardenWithEnv } from "./runGatewarden.js";

const START_MS = Date.parse("2015-05-17T00:00:00Z");
const GOOD = accessLogLine(Date.parse("2015-05-17T10:05:03Z"));
const LEFT_OVER = "left over from an earlier run\n";

/** Writes `lines` as one access log in a fresh folder. */
async function accessLog(lines: string[]): Promise<{ folder: string; input: string }> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-dead-letters-"));
  const input = join(folder, "gateway.log");
  await writeFile(input, `${lines.join("\n")}\n`);
  return { folder, input };
}

/** Another fresh folder, for outputs that must not sit among the inputs. */
function outputFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "gatewarden-out-"));
}

function parseLines(text: string): DeadLetterLine[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as DeadLetterLine)
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** The lines without their partition, after checking they share one replay partition. */
function withoutPartition(lines: DeadLetterLine[]): Omit<DeadLetterLine, "partition">[] {
  expect(new Set(lines.map((line) => line.partition)).size).toBe(1);
  expect(lines[0]!.partition).toMatch(/^replay-[0-9a-f]{16}$/);
  return lines.map(({ partition: _partition, ...rest }) => rest);
}

function rejectedLine(source: string, field: string, reason: string, raw: string) {
  return { kind: "rejected", source, field, reason, window: null, raw };
}

describe("gatewarden replay --dead-letters", { timeout: 120_000 }, () => {
  it("writes every rejected record with its exact reason from the embedded Azurite, replacing an earlier file", async () => {
    const notALogLine = "not a log line";
    const badStatus = accessLogLine(Date.parse("2015-05-17T10:06:03Z"), 999);
    const badDay = badStatus.replace("17/May", "32/May").replace(" 999 ", " 200 ");
    const { input } = await accessLog([GOOD, notALogLine, badStatus, badDay]);
    const out = await outputFolder();
    const deadLetters = join(out, "dead-letters.ndjson");
    await writeFile(deadLetters, LEFT_OVER);

    const result = await gatewarden(
      "replay",
      input,
      "--out",
      join(out, "alerts.ndjson"),
      "--dead-letters",
      deadLetters,
      "--quiet",
    );

    expect(result.code).toBe(0);
    expect(withoutPartition(parseLines(await readFile(deadLetters, "utf8")))).toEqual([
      rejectedLine(`${input}:2`, "host", 'host: expected an IP address, got "not"', notALogLine),
      rejectedLine(
        `${input}:3`,
        "status",
        'status: expected an HTTP status code 100-599, got "999"',
        badStatus,
      ),
      rejectedLine(
        `${input}:4`,
        "time",
        'time: expected [dd/Mon/yyyy:HH:mm:ss +zzzz] such as [17/May/2015:10:05:03 +0000], got "32/May/2015:10:06:03 +0000"',
        badDay,
      ),
    ]);
    expect(result.stderr).not.toContain("more reasons");
  });

  it("writes a late record with kind late and the window it missed, exactly as the --storage table holds it", async () => {
    // More lines than one read chunk, so the out-of-order line arrives after its window closed.
    const onTime = Array.from({ length: CHUNK_ITEMS + 100 }, (_, index) =>
      accessLogLine(START_MS + index * 1_200),
    );
    const { input } = await accessLog([...onTime, accessLogLine(START_MS + 120_000)]);
    const deadLetters = join(await outputFolder(), "dead-letters.ndjson");
    const connectionString = inject("azuriteConnectionString");
    const tablePrefix = `t${randomBytes(6).toString("hex")}`;

    const result = await gatewardenWithEnv(
      { GATEWARDEN_TABLE_PREFIX: tablePrefix },
      "replay",
      input,
      "--storage",
      connectionString,
      "--out",
      join(await outputFolder(), "alerts.ndjson"),
      "--dead-letters",
      deadLetters,
      "--quiet",
    );
    const lines = parseLines(await readFile(deadLetters, "utf8"));
    const tables = await openTables({ kind: "connectionString", connectionString, tablePrefix });
    const stored = await new DeadLetterStore(tables.deadLetters).list(lines[0]!.partition);

    expect(result.code).toBe(0);
    expect(withoutPartition(lines)).toEqual([
      {
        kind: "late",
        source: "203.0.113.9 2015-05-17T00:02:00.000Z",
        field: "time",
        reason:
          "time: window 2015-05-17T00:00Z was already evaluated when this record arrived; it is kept here, not counted",
        window: "2015-05-17T00:00Z",
        raw: stored[0]!.raw,
      },
    ]);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(lines[0]!.raw)).toMatchObject({
      clientIp: "203.0.113.9",
      timeMs: START_MS + 120_000,
    });
  });

  it("writes the dead letters on stdout with - when the alerts go to a file", async () => {
    const badStatus = accessLogLine(Date.parse("2015-05-17T10:06:03Z"), 999);
    const { input } = await accessLog([GOOD, badStatus]);

    const result = await gatewarden(
      "replay",
      input,
      "--out",
      join(await outputFolder(), "alerts.ndjson"),
      "--dead-letters",
      "-",
      "--quiet",
    );

    expect(result.code).toBe(0);
    expect(withoutPartition(parseLines(result.stdout))).toEqual([
      rejectedLine(
        `${input}:2`,
        "status",
        'status: expected an HTTP status code 100-599, got "999"',
        badStatus,
      ),
    ]);
  });

  it("refuses --dead-letters - while the alerts also go to stdout", async () => {
    const { input } = await accessLog([GOOD]);
    const expected = (taken: string) =>
      `gatewarden: --dead-letters -: stdout is taken, ${taken}; write the dead letters to a file, or the alerts with --out <file>\n`;

    const [outToo, noOut, table] = await Promise.all([
      gatewarden("replay", input, "--out", "-", "--dead-letters", "-"),
      gatewarden("replay", input, "--dead-letters", "-"),
      gatewarden("replay", input, "--table", "--dead-letters", "-"),
    ]);

    expect([outToo.code, noOut.code, table.code]).toEqual([2, 2, 2]);
    expect(outToo.stderr).toBe(expected("--out - writes the alerts there"));
    expect(noOut.stderr).toBe(expected("the alerts go there when --out is not given"));
    expect(table.stderr).toBe(expected("--table prints the alerts there"));
    expect([outToo.stdout, noOut.stdout, table.stdout]).toEqual(["", "", ""]);
  });

  it("refuses a --dead-letters that is an input file, inside an input folder or the --out file, and leaves it intact", async () => {
    const { folder, input } = await accessLog([GOOD]);
    const inside = join(folder, "dead-letters.ndjson");
    const shared = join(await outputFolder(), "both.ndjson");
    await writeFile(shared, LEFT_OVER);

    const [onInput, inFolder, onOut] = await Promise.all([
      gatewarden("replay", input, "--out", shared, "--dead-letters", input),
      gatewarden("replay", folder, "--out", shared, "--dead-letters", inside),
      gatewarden("replay", input, "--out", shared, "--dead-letters", shared),
    ]);

    expect([onInput.code, inFolder.code, onOut.code]).toEqual([2, 2, 2]);
    expect(onInput.stderr).toBe(
      `gatewarden: --dead-letters ${input}: that is the input file ${input}, which would be overwritten or read as logs; write the dead letters to a path outside the inputs\n`,
    );
    expect(inFolder.stderr).toBe(
      `gatewarden: --dead-letters ${inside}: that is inside the input folder ${folder}, which would be overwritten or read as logs; write the dead letters to a path outside the inputs\n`,
    );
    expect(onOut.stderr).toBe(
      `gatewarden: --dead-letters ${shared}: that is also the --out file, so alerts and dead letters would overwrite each other; write them to two files\n`,
    );
    expect(await readFile(input, "utf8")).toBe(`${GOOD}\n`);
    expect(await readFile(shared, "utf8")).toBe(LEFT_OVER);
  });

  it("says how many more rejection reasons there are than the summary quotes, and where they all are", async () => {
    const statuses = [600, 601, 602, 603, 604, 605, 606, 600];
    const { input } = await accessLog([
      GOOD,
      ...statuses.map((status) => accessLogLine(START_MS, status)),
    ]);
    const out = await outputFolder();
    const deadLetters = join(out, "dead-letters.ndjson");

    const [without, withFile] = await Promise.all([
      gatewarden("replay", input, "--out", join(out, "a.ndjson"), "--quiet"),
      gatewarden(
        "replay",
        input,
        "--out",
        join(out, "b.ndjson"),
        "--dead-letters",
        deadLetters,
        "--quiet",
      ),
    ]);

    expect(without.stderr).toContain(
      "gatewarden:replay warn and 2 more reasons; --dead-letters <file> writes every rejected and late record with its reason\n",
    );
    expect(withFile.stderr).toContain(
      `gatewarden:replay warn and 2 more reasons; every rejected and late record is in ${deadLetters}, with its reason\n`,
    );
    expect(parseLines(await readFile(deadLetters, "utf8"))).toHaveLength(8);
  });
});
