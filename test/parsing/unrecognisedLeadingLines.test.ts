import fc from "fast-check";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  locateFormat,
  MAX_DETECTION_BYTES,
  MAX_DETECTION_LINES,
  sniffFormat,
} from "../../shared/parsing/detectFormat.js";
import { createParseOptions, type ParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import { timeOrderedRecords } from "../../shared/replay/timeOrderedRecords.js";

/*
 * Regressions for format detection giving up on a whole file because of its first line: with
 * `--format auto` a junk or over-cap first line made every good record after it one `(file)`
 * rejection. Now the format comes from the first line that fits one, and the lines above it are
 * rejected one by one.
 */

const FIXTURES = "test/fixtures/one-request";
const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));
const KIB = 1024;
const EXPECTED_FORMATS =
  'expected an Event Hubs envelope {"records":[...]}, PT1H.json GatewayLogs records one per line, Log Analytics JSON or CSV with a TimeGenerated column, or an Apache/nginx access-log line';

let folder = "";
let accessLine = "";
let envelopeLine = "";
let prettyEnvelope = "";
let archiveLine = "";
let rowLines: string[] = [];
let csvLines: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "gatewarden-leading-"));
  const fixture = (name: string) => readFile(join(FIXTURES, name), "utf8");
  accessLine = (await fixture("access.log")).split("\n")[0]!;
  prettyEnvelope = (await fixture("eventhub.json")).trimEnd();
  envelopeLine = JSON.stringify(JSON.parse(prettyEnvelope));
  archiveLine = (await fixture("PT1H.jsonl")).split("\n")[0]!;
  const rows = JSON.parse(await fixture("log-analytics.json")) as unknown[];
  rowLines = rows.map((row) => JSON.stringify(row));
  csvLines = (await fixture("log-analytics.csv")).trimEnd().split(/\r?\n/);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: ParseOptions = OPTIONS) {
  let records = 0;
  const rejections: { line: number; field: string; reason: string }[] = [];
  for await (const chunk of readLogFile(path, "auto", options)) {
    records += chunk.records.length;
    for (const { source, field, reason } of chunk.rejections) {
      rejections.push({ line: Number(source.slice(path.length + 1)), field, reason });
    }
  }
  return { records, rejections };
}

function nonBlankLines(content: string): number {
  return content.split("\n").filter((line) => line.trim() !== "").length;
}

describe("format detection past unrecognised leading lines", () => {
  it("reads an access log whose first line is junk, rejecting only line 1", async () => {
    const content = ["garbage line", accessLine, "", accessLine, ""].join("\n");
    const path = await file("junk-first.log", content);

    const result = await readAll(path);

    expect(result).toEqual({
      records: 2,
      rejections: [
        { line: 1, field: "host", reason: 'host: expected an IP address, got "garbage"' },
      ],
    });
    expect(result.records + result.rejections.length).toBe(nonBlankLines(content));
  });

  it("takes an app-log line opening with a bracket for junk, not for a JSON array", async () => {
    const content = ["[2024-05-02 10:15:31] ERROR proxy restarted", accessLine, ""].join("\n");
    const path = await file("bracket-first.log", content);

    expect(await locateFormat(path)).toEqual({ format: "access-log", lineNumber: 2 });
    const result = await readAll(path);
    expect(result.records).toBe(1);
    expect(result.rejections.map(({ line, field }) => [line, field])).toEqual([[1, "host"]]);
  });

  it("reads Event Hubs envelope lines after an over-cap first line, rejecting it as (line)", async () => {
    const cap = createParseOptions(OPTIONS.nowMs, { maxLineBytes: 64 * KIB });
    const content = `${"a".repeat(1_000 * KIB)}\n${envelopeLine}\n${envelopeLine}\n`;
    const path = await file("over-cap-first.json.gz", gzipSync(content));

    const result = await readAll(path, cap);

    expect(result).toEqual({
      records: 2,
      rejections: [
        {
          line: 1,
          field: "(line)",
          reason:
            "(line): expected a line of at most 65536 bytes, got one of 1024000 bytes; it was skipped",
        },
      ],
    });
    expect(result.records + result.rejections.length).toBe(nonBlankLines(content));
  });

  it("reads Log Analytics NDJSON rows after a junk first line, rejecting it as (row)", async () => {
    const content = ["garbage line", ...rowLines, ...rowLines, ""].join("\n");
    const path = await file("junk-first.ndjson", content);

    const result = await readAll(path);

    expect(result.records).toBe(2 * rowLines.length);
    expect(result.rejections).toEqual([
      {
        line: 1,
        field: "(row)",
        reason: `(row): expected JSON, got "garbage line" (${jsonErrorOf("garbage line")})`,
      },
    ]);
    expect(result.records + result.rejections.length).toBe(nonBlankLines(content));
  });

  it("takes the CSV header from the line after a junk line, not the junk line", async () => {
    const [header, row] = csvLines as [string, string];
    const content = ["garbage line", "", header, row, row, ""].join("\n");
    const path = await file("junk-before-header.csv", content);

    const result = await readAll(path);

    expect(result).toEqual({
      records: 2,
      rejections: [
        {
          line: 1,
          field: "(csv)",
          reason:
            "(csv): expected the header row first, got a line above it (the header is on line 3) that fits no log format",
        },
      ],
    });
    // The header is not a record, so it is the one non-blank line neither counted nor rejected.
    expect(result.records + result.rejections.length).toBe(nonBlankLines(content) - 1);
  });

  it("reads a pretty-printed envelope after a junk line as one document", async () => {
    const content = `garbage line\n${prettyEnvelope}\n`;
    const path = await file("junk-before-pretty.json", content);

    const result = await readAll(path);

    expect(result.records).toBe(1);
    expect(result.rejections.map(({ line, field }) => [line, field])).toEqual([[1, "(envelope)"]]);
  });

  it("reads PT1H.json records after a first record cut short, instead of one broken document", async () => {
    const content = [archiveLine.slice(0, 40), archiveLine, archiveLine, ""].join("\n");
    const path = await file("cut-first.json", content);

    expect(await locateFormat(path)).toEqual({ format: "storage-archive", lineNumber: 2 });
    const result = await readAll(path);
    expect(result.records).toBe(2);
    expect(result.rejections.map(({ line, field }) => [line, field])).toEqual([[1, "(record)"]]);
  });

  it("still fails a file of only junk lines, naming its first line and how many followed", async () => {
    const path = await file("only-junk.txt", "garbage line\n\nmore garbage\nand more\n");

    await expect(readAll(path)).rejects.toThrow(
      `${path}: cannot tell the log format from its first line "garbage line" or the 2 non-blank lines after it; ${EXPECTED_FORMATS}`,
    );
  });

  it("makes a file of only junk lines one (file) rejection in a replay", async () => {
    const path = await file("only-junk-replay.txt", "garbage line\nmore garbage\n");
    const tally = { rejections: [], read: 0, outOfOrder: 0, readMs: 0 };

    const records = [];
    for await (const record of timeOrderedRecords([path], "auto", OPTIONS, tally)) {
      records.push(record);
    }

    expect(records).toEqual([]);
    expect(tally.rejections).toEqual([
      {
        field: "(file)",
        reason: `${path}: cannot tell the log format from its first line "garbage line" or the non-blank line after it; ${EXPECTED_FORMATS}`,
        source: path,
        raw: "",
      },
    ]);
  });

  it(`finds a format on non-blank line ${MAX_DETECTION_LINES} and gives up when it is one line later`, async () => {
    const junk = Array.from({ length: MAX_DETECTION_LINES }, (_, index) => `junk ${index + 1}`);
    const within = await file("junk-within.log", [...junk.slice(1), accessLine, ""].join("\n"));
    const beyond = await file("junk-beyond.log", [...junk, accessLine, ""].join("\n"));

    expect(await locateFormat(within)).toEqual({
      format: "access-log",
      lineNumber: MAX_DETECTION_LINES,
    });
    await expect(locateFormat(beyond)).rejects.toThrow(
      `${beyond}: cannot tell the log format from its first line "junk 1" or the 999 non-blank lines after it, where detection stops (at most 1000 non-blank lines are examined); ${EXPECTED_FORMATS}`,
    );
  });

  it("finds a format within the first 64 MiB of junk and gives up past it", async () => {
    const mib = "a".repeat(KIB * KIB);
    const junk = (lines: number) => Array<string>(lines).fill(mib);
    const within = await file(
      "mib-within.log.gz",
      gzipSync(`${[...junk(63), accessLine].join("\n")}\n`),
    );
    const beyond = await file(
      "mib-beyond.log.gz",
      gzipSync(`${[...junk(64), accessLine].join("\n")}\n`),
    );

    expect(MAX_DETECTION_BYTES).toBe(64 * KIB * KIB);
    expect(await locateFormat(within)).toEqual({ format: "access-log", lineNumber: 64 });
    await expect(locateFormat(beyond)).rejects.toThrow(
      `or the 63 non-blank lines after it, where detection stops (at most 67108864 bytes of lines are examined); ${EXPECTED_FORMATS}`,
    );
  });

  it("accounts for every non-blank line when unrecognisable lines precede access-log lines", async () => {
    const unrecognisable = fc
      .string({ unit: "binary", maxLength: 200 })
      .map((text) => text.replace(/[\r\n]/g, " "))
      .filter((text) => !/^\s*[[{]/.test(text) && sniffFormat([text]) === undefined);
    let fileNumber = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(unrecognisable, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (junk, goodLines) => {
          fileNumber += 1;
          const content = [...junk, ...Array<string>(goodLines).fill(accessLine)].join("\n");
          const path = await file(`property-${fileNumber}.log`, content);

          const result = await readAll(path);

          expect(result.records).toBe(goodLines);
          const junkLines = junk.flatMap((line, index) => (line.trim() === "" ? [] : [index + 1]));
          expect(result.rejections.map(({ line }) => line)).toEqual(junkLines);
        },
      ),
      { numRuns: 40, seed: 20261203 },
    );
  });
});

describe("CSV quote left open on the last line", () => {
  it("does not promise lines after it are read when there are none", async () => {
    const header = "TimeGenerated,CallerIpAddress,Method,Url,ResponseCode";
    const row = "2024-05-02T10:15:31Z,203.0.113.24,GET,/a,200";
    const path = await file("open-last.csv", `${header}\n${row}\n${row.replace("/a", '"/a')}\n`);

    const result = await readAll(path);

    expect(result).toEqual({
      records: 1,
      rejections: [
        {
          line: 3,
          field: "(csv)",
          reason:
            "(csv): column Url opens a quote on line 3 that is not closed by the end of the file",
        },
      ],
    });
  });
});

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${text} is valid JSON`);
}
