import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParseOptions, type ParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import { readEventHubPayload } from "../../shared/parsing/readEventHubPayload.js";
import type { InputFormat } from "../../shared/records/requestRecord.js";

/*
 * Regressions for the reader defects a new user reported: rows lost after an unclosed CSV quote,
 * CSV rejections on the wrong line, "got undefined" and "got null" reasons, a crash on a line
 * over 512 MB, and one rejection per token for a file forced into the wrong JSON format.
 */

const DEFECTS = fileURLToPath(new URL("../fixtures/reader-defects/", import.meta.url));
const NOW_MS = Date.parse("2024-05-03T00:00:00Z");
const OPTIONS = createParseOptions(NOW_MS);
const KIB = 1024;

async function readAll(path: string, format: InputFormat | "auto", options = OPTIONS) {
  let records = 0;
  const rejections: { source: string; field: string; reason: string }[] = [];
  for await (const chunk of readLogFile(path, format, options)) {
    records += chunk.records.length;
    for (const { source, field, reason } of chunk.rejections) {
      rejections.push({ source: source.replace(/^.*\//, ""), field, reason });
    }
  }
  return { records, rejections };
}

describe("CSV reader after an unclosed quote", () => {
  it("counts 5 and rejects 1 of 6 rows when row 2 never closes its quote, instead of losing 4", async () => {
    const result = await readAll(join(DEFECTS, "unclosed-quote.csv"), "auto");

    expect(result).toEqual({
      records: 5,
      rejections: [
        {
          source: "unclosed-quote.csv:3",
          field: "(csv)",
          reason:
            "(csv): column Url opens a quote on line 3 that is not closed by the end of the file; the lines after it are read as new rows",
        },
      ],
    });
  });

  it("resynchronises a portal export (CRLF, quoted cells) at the row after the unclosed quote", async () => {
    const result = await readAll(join(DEFECTS, "unclosed-quote-portal.csv"), "auto");

    expect(result).toEqual({
      records: 5,
      rejections: [
        {
          source: "unclosed-quote-portal.csv:3",
          field: "(csv)",
          reason:
            "(csv): column RequestHeaders opens a quote on line 3 that is not closed before line 4, which cannot be read with it open; the lines after it are read as new rows",
        },
      ],
    });
  });
});

describe("CSV rejection line numbers", () => {
  it("names line 4 for a short row and line 6 for a stray quote, not :5 and :2", async () => {
    const result = await readAll(join(DEFECTS, "misnumbered.csv"), "log-analytics-csv");

    expect(result).toEqual({
      records: 4,
      rejections: [
        {
          source: "misnumbered.csv:4",
          field: "Method",
          reason: "Method: missing; the row has 2 cells, so it ends before column 3 of 5",
        },
        {
          source: "misnumbered.csv:6",
          field: "(csv)",
          reason:
            "(csv): column Url holds a quote at character 3 of its unquoted value; a value with quotes must be quoted whole, each quote doubled",
        },
      ],
    });
  });
});

describe("reasons for missing and non-finite values", () => {
  it("says the CSV header has no Url column instead of 'got undefined'", async () => {
    const result = await readAll(join(DEFECTS, "no-url-column.csv"), "auto");

    const reason = "Url: missing; the CSV header has no Url column";
    expect(result).toEqual({
      records: 0,
      rejections: [
        { source: "no-url-column.csv:2", field: "Url", reason },
        { source: "no-url-column.csv:3", field: "Url", reason },
      ],
    });
  });

  it("says a JSON requestSize of 1e400 is too large to hold instead of 'got null'", async () => {
    const result = await readAll(join(DEFECTS, "infinite-size.json"), "auto");

    expect(result).toEqual({
      records: 0,
      rejections: [
        {
          source: "infinite-size.json:1 record 1",
          field: "properties.requestSize",
          reason:
            "properties.requestSize: expected a non-negative number of bytes, got Infinity (a number too large to hold, such as 1e400)",
        },
      ],
    });
  });

  it("says a JSON record without a url is missing it instead of 'got undefined'", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-missing-"));
    const path = join(folder, "PT1H.json");
    const record = { time: "2024-05-02T10:15:31Z", callerIpAddress: "203.0.113.24" };
    await writeFile(path, `${JSON.stringify({ ...record, properties: { method: "GET" } })}\n`);

    const result = await readAll(path, "storage-archive");

    expect(result.rejections).toEqual([
      {
        source: "PT1H.json:1",
        field: "properties.url",
        reason: 'properties.url: missing; expected an absolute URL or a path starting with "/"',
      },
    ]);
    await rm(folder, { recursive: true, force: true });
  });
});

describe("a record without its properties", () => {
  // The reason read "properties: expected an object, got undefined".
  it("says properties is missing, in the words a missing url gets", () => {
    const options = createParseOptions(Date.parse("2024-06-01T00:00:00Z"));

    const batch = readEventHubPayload(
      { records: [{ time: "2024-05-02T10:15:31Z", callerIpAddress: "203.0.113.24" }] },
      "hub/0",
      options,
    );

    expect(batch.rejections.map(({ source, reason }) => ({ source, reason }))).toEqual([
      { source: "hub/0 record 1", reason: "properties: missing; expected an object" },
    ]);
  });
});

describe("lines longer than the line cap", () => {
  const CAP_OPTIONS: ParseOptions = createParseOptions(NOW_MS, { maxLineBytes: 64 * KIB });
  const HUGE = "x".repeat(1_000 * KIB);
  const TOO_LONG = (line: number, bytes = HUGE.length) => ({
    field: "(line)",
    reason: `(line): expected a line of at most 65536 bytes, got one of ${bytes} bytes; it was skipped`,
    line,
  });
  let folder = "";
  const file = async (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };
  const withLines = (result: Awaited<ReturnType<typeof readAll>>) => ({
    records: result.records,
    rejections: result.rejections.map(({ source, field, reason }) => ({
      field,
      reason,
      line: Number(source.split(":")[1]),
    })),
  });
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-cap-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("rejects a 1 MB gzipped line of zeros in an access log as one line and reads on", async () => {
    const line = '203.0.113.24 - - [02/May/2024:10:15:31 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\n';
    const content = Buffer.concat([
      Buffer.from(line),
      Buffer.alloc(1_000 * KIB),
      Buffer.from(`\n${line}`),
    ]);
    const path = await file("bomb.log.gz", gzipSync(content));

    const result = await readAll(path, "auto", CAP_OPTIONS);

    expect(withLines(result)).toEqual({ records: 2, rejections: [TOO_LONG(2)] });
    expect(result.rejections[0]!.source).toBe("bomb.log.gz:2");
  });

  it("rejects an oversized Event Hubs line and reads the envelopes around it", async () => {
    const envelope = JSON.stringify({
      records: [
        {
          time: "2024-05-02T10:15:31Z",
          callerIpAddress: "203.0.113.24",
          properties: { method: "GET", url: "/a", responseCode: 200 },
        },
      ],
    });
    const path = await file("hub.json", `${envelope}\n{"records":["${HUGE}"]}\n${envelope}\n`);

    const result = await readAll(path, "auto", CAP_OPTIONS);

    expect(withLines(result)).toEqual({
      records: 2,
      rejections: [TOO_LONG(2, HUGE.length + 16)],
    });
  });

  it("rejects an oversized CSV row and the row whose open quote it interrupts, and reads on", async () => {
    const header = "TimeGenerated,CallerIpAddress,Method,Url,ResponseCode";
    const row = "2024-05-02T10:15:31Z,203.0.113.24,GET,/a,200";
    const path = await file("export.csv", [header, row, `${row},"open`, HUGE, row, ""].join("\n"));

    const result = await readAll(path, "auto", CAP_OPTIONS);

    expect(withLines(result)).toEqual({
      records: 2,
      rejections: [
        {
          field: "(csv)",
          reason:
            "(csv): cell 6 opens a quote on line 3 that is not closed before line 4, which is longer than 65536 bytes; the lines after it are read as new rows",
          line: 3,
        },
        TOO_LONG(4),
      ],
    });
  });

  it("ends a pretty-printed value at an oversized line, rejecting both, and reads the next", async () => {
    const row = JSON.stringify({
      TimeGenerated: "2024-05-02T10:15:31Z",
      CallerIpAddress: "203.0.113.24",
      Method: "GET",
      Url: "/a",
      ResponseCode: 200,
    });
    const path = await file("rows.json", `[\n  {\n    "Url":\n"${HUGE}"\n  },\n  ${row}\n]\n`);

    const result = await readAll(path, "log-analytics-json", CAP_OPTIONS);

    expect(result.records).toBe(1);
    expect(withLines(result).rejections.map(({ field, line }) => [field, line])).toEqual([
      ["(row)", 2],
      ["(line)", 4],
      ["(row)", 5],
    ]);
  });

  it("fails a file whose only line is over the cap with an error naming the line and the cap", async () => {
    const path = await file("zeros.log.gz", gzipSync(Buffer.alloc(200 * KIB)));

    await expect(readAll(path, "auto", CAP_OPTIONS)).rejects.toThrow(
      `${path}: cannot tell the log format from its line 1, of 204800 bytes (over the 65536-byte line limit), which starts "\\u0000`,
    );
  });
});

describe("a file forced into a JSON format it is not in", () => {
  it("rejects each non-blank line of an Apache log read as eventhub once, by its line number", async () => {
    const result = await readAll(join(DEFECTS, "access.log"), "eventhub");

    expect(result.records).toBe(0);
    expect(result.rejections.map(({ source, field }) => [source, field])).toEqual([
      ["access.log:1", "(envelope)"],
      ["access.log:2", "(envelope)"],
      ["access.log:4", "(envelope)"],
    ]);
    const firstLine = (await readFile(join(DEFECTS, "access.log"), "utf8")).split("\n")[0]!;
    expect(result.rejections[0]!.reason).toBe(
      `(envelope): expected JSON, got "203.0.113.24 - - [02/May/2024:10:15:31 … (126 chars) (${jsonErrorOf(firstLine)})`,
    );
  });

  it("rejects a CSV read as Log Analytics JSON once per line", async () => {
    const result = await readAll(join(DEFECTS, "misnumbered.csv"), "log-analytics-json");

    expect(result.records).toBe(0);
    expect(result.rejections.map(({ source }) => source)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((line) => `misnumbered.csv:${line}`),
    );
  });

  it("rejects a line of text between two pretty-printed envelopes as one text", async () => {
    const envelope = JSON.stringify(
      {
        records: [
          {
            time: "2024-05-02T10:15:31Z",
            callerIpAddress: "203.0.113.24",
            properties: { method: "GET", url: "/a", responseCode: 200 },
          },
        ],
      },
      null,
      2,
    );
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-junk-"));
    const path = join(folder, "hub.json");
    await writeFile(path, `${envelope}\nnot json at all, said the log\n${envelope}\n`);

    const result = await readAll(path, "eventhub");

    const junkLine = envelope.split("\n").length + 1;
    expect(result.records).toBe(2);
    expect(result.rejections.map(({ source }) => source)).toEqual([`hub.json:${junkLine}`]);
    await rm(folder, { recursive: true, force: true });
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
