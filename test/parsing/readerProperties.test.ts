import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sniffFormat, detectFormat } from "../../shared/parsing/detectFormat.js";
import { fromAccessLogLine } from "../../shared/parsing/fromAccessLogLine.js";
import { fromGatewayLogRecord } from "../../shared/parsing/fromGatewayLogRecord.js";
import type { ParsedBatch } from "../../shared/parsing/parsedBatch.js";
import { readUnit } from "../../shared/parsing/parsedBatch.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readEventHubPayload } from "../../shared/parsing/readEventHubPayload.js";
import { readLogAnalyticsDocument } from "../../shared/parsing/readLogAnalyticsDocument.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import { MAX_KEPT_RAW_CHARS } from "../../shared/parsing/recordRejection.js";
import { readJson } from "../../shared/parsing/recordFields.js";
import { INPUT_FORMATS, type InputFormat } from "../../shared/records/requestRecord.js";

/*
 * Properties every reader keeps whatever it is given: it never throws, each input record comes
 * out as exactly one request record or one rejection, and a rejection names its field, quotes a
 * bounded piece of the value and keeps a bounded copy of the raw input.
 */

const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));
const FIXTURES = "test/fixtures/one-request";
const RUNS = { numRuns: 300, seed: 20261203 };
const FILE_RUNS = { numRuns: 40, seed: 20261203 };
const MAX_REASON_CHARS = 1_000;

const GATEWAY_RECORD = (
  JSON.parse(readFileSync(join(FIXTURES, "eventhub.json"), "utf8")) as { records: unknown[] }
).records[0] as Record<string, unknown>;
const ARCHIVE_LINE = readFileSync(join(FIXTURES, "PT1H.jsonl"), "utf8").split("\n")[0]!;
const ACCESS_LINE = readFileSync(join(FIXTURES, "access.log"), "utf8").split("\n")[0]!;
const LA_ROW = (
  JSON.parse(readFileSync(join(FIXTURES, "log-analytics.json"), "utf8")) as Record<
    string,
    unknown
  >[]
)[0]!;
const CSV_LINES = readFileSync(join(FIXTURES, "log-analytics.csv"), "utf8").split(/\r?\n/);

/** Checks the contract of one reader's output for `inputs` input records. */
function expectAccounted(batch: ParsedBatch, inputs: number): void {
  expect(batch.records.length + batch.rejections.length).toBe(inputs);
  for (const rejection of batch.rejections) {
    expect(rejection.field.length).toBeGreaterThan(0);
    // A reason that does not start with its field came from an unexpected throw, not a check.
    expect(rejection.reason.startsWith(`${rejection.field}: `)).toBe(true);
    expect(rejection.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(rejection.raw.length).toBeLessThanOrEqual(MAX_KEPT_RAW_CHARS);
  }
  for (const record of batch.records) {
    expect(Number.isFinite(record.timeMs)).toBe(true);
    expect(record.clientIp.length).toBeGreaterThan(0);
  }
}

/** Values that break naive readers: wrong types, extremes, NUL, lone surrogates, pollution keys. */
const hostileValue = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: false, maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(
    "",
    "\u0000",
    "\ud800",
    "1e309",
    "-0",
    "NaN",
    "9".repeat(400),
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    2 ** 53 + 1,
    -1,
    0.5,
    "__proto__",
    "constructor",
    "203.0.113.24",
    "::ffff:203.0.113.24",
    "2024-05-02T10:15:31Z",
    "GET",
    "/a?b=c",
  ),
);

const GATEWAY_PATHS = [
  "time",
  "category",
  "callerIpAddress",
  "durationMs",
  "correlationId",
  "resourceId",
  "properties",
  "properties.method",
  "properties.url",
  "properties.responseCode",
  "properties.requestSize",
  "properties.responseSize",
  "properties.apiId",
  "properties.operationId",
  "properties.requestHeaders",
  "properties.requestHeaders.User-Agent",
  "properties.requestHeaders.X-Forwarded-For",
  "properties.requestBody",
  "properties.__proto__",
  "__proto__",
  "constructor",
];

/** A real GatewayLogs record with a few fields replaced by hostile values, or anything at all. */
const gatewayRecord = fc.oneof(
  { weight: 4, arbitrary: mutated(GATEWAY_RECORD, GATEWAY_PATHS) },
  { weight: 1, arbitrary: hostileValue },
);

function mutated(base: Record<string, unknown>, paths: readonly string[]) {
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), hostileValue), { maxLength: 4 })
    .map((changes) => {
      const copy = structuredClone(base);
      for (const [path, value] of changes) setPath(copy, path.split("."), value);
      return copy;
    });
}

/** Sets a path with own-property semantics, as JSON.parse would, so `__proto__` is a plain key. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    Object.defineProperty(target, head, { value, enumerable: true, writable: true });
    return;
  }
  const child = Object.getOwnPropertyDescriptor(target, head)?.value as unknown;
  if (typeof child !== "object" || child === null || Array.isArray(child)) return;
  setPath(child as Record<string, unknown>, rest, value);
}

/** A line made of printable text, controls, NUL and lone surrogates, without a line break. */
const hostileLine = fc
  .string({ unit: "binary", maxLength: 300 })
  .map((text) => text.replace(/[\r\n]/g, " "));

/** Cuts, splices and duplicates pieces of a valid line: near-misses find more bugs than noise. */
function nearMiss(line: string) {
  return fc
    .tuple(fc.nat(line.length), fc.nat(line.length), hostileLine)
    .map(([from, to, insert]) =>
      `${line.slice(0, Math.min(from, to))}${insert}${line.slice(Math.max(from, to))}`.replace(
        /[\r\n]/g,
        " ",
      ),
    );
}

function lineOf(valid: string) {
  return fc.oneof(fc.constant(valid), nearMiss(valid), hostileLine);
}

describe("readEventHubPayload on hostile input", () => {
  it("accounts for every record of an envelope, given as object, JSON text or UTF-8 bytes", () => {
    fc.assert(
      fc.property(
        fc.array(gatewayRecord, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("object", "text", "bytes"),
        (records, form) => {
          const envelope = { records };
          const text = JSON.stringify(envelope, (_key, value: unknown) =>
            value === undefined ? null : value,
          );
          const payload =
            form === "object" ? envelope : form === "text" ? text : new TextEncoder().encode(text);
          const batch = readEventHubPayload(payload, "partition 0 sequence 1", OPTIONS);
          expectAccounted(
            batch,
            form === "object" ? records.length : JSON.parse(text).records.length,
          );
        },
      ),
      RUNS,
    );
  });

  it("turns any payload that is not an envelope of records into one rejection", () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileValue, fc.uint8Array({ maxLength: 300 }), hostileLine),
        (payload) => {
          const batch = readEventHubPayload(payload, "partition 0 sequence 1", OPTIONS);
          const inputs = countEnvelopeRecords(payload);
          expectAccounted(batch, inputs);
        },
      ),
      RUNS,
    );
  });
});

/** How many records the reader should account for: one per record, or one for a bad envelope. */
function countEnvelopeRecords(payload: unknown): number {
  let value = payload;
  if (payload instanceof Uint8Array) value = new TextDecoder().decode(payload);
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return 1;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return 1;
  const records = (value as { records?: unknown }).records;
  return Array.isArray(records) && records.length > 0 ? records.length : 1;
}

describe("storage archive, Log Analytics and access-log readers on hostile input", () => {
  it("reads each archive line into one record or one rejection", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          lineOf(ARCHIVE_LINE),
          gatewayRecord.map((r) => JSON.stringify(r) ?? ""),
        ),
        (line) => {
          const batch = readUnit(line, "PT1H.json:1", (json) =>
            fromGatewayLogRecord(readJson("(record)", json), OPTIONS),
          );
          expectAccounted(batch, 1);
        },
      ),
      RUNS,
    );
  });

  it("reads each Log Analytics row of a JSON document into one record or one rejection", () => {
    const row = mutated(LA_ROW, [...Object.keys(LA_ROW), "__proto__", "constructor"]);
    fc.assert(
      fc.property(fc.array(fc.oneof(row, hostileValue), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = JSON.stringify(rows, (_key, value: unknown) =>
          value === undefined ? null : value,
        );
        expectAccounted(readLogAnalyticsDocument(text, "rows.json:1", OPTIONS), rows.length);
      }),
      RUNS,
    );
  });

  it("reads each access-log line into one record or one rejection", () => {
    fc.assert(
      fc.property(lineOf(ACCESS_LINE), (line) => {
        expectAccounted(
          readUnit(line, "access.log:1", (text) => fromAccessLogLine(text, OPTIONS)),
          1,
        );
      }),
      RUNS,
    );
  });

  it("never throws on a text that is not JSON, and names the document field", () => {
    fc.assert(
      fc.property(hostileLine, (text) => {
        const batch = readLogAnalyticsDocument(text, "rows.json:1", OPTIONS);
        expect(batch.records.length + batch.rejections.length).toBeGreaterThanOrEqual(0);
        for (const rejection of batch.rejections) {
          expect(rejection.reason.startsWith(`${rejection.field}: `)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe("format detection on hostile input", () => {
  it("names a known format or none for any first lines, and never throws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostileLine, lineOf(ARCHIVE_LINE), lineOf(ACCESS_LINE)), {
          maxLength: 5,
        }),
        (head) => {
          const format = sniffFormat(head);
          expect(format === undefined || INPUT_FORMATS.includes(format)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

const directory = mkdtempSync(join(tmpdir(), "gatewarden-hostile-"));
let fileNumber = 0;

function writeLines(lines: readonly string[], extension: string): string {
  fileNumber += 1;
  const path = join(directory, `input-${fileNumber}.${extension}`);
  writeFileSync(path, lines.join("\n"));
  return path;
}

async function readAll(path: string, format: InputFormat | "auto"): Promise<ParsedBatch> {
  const all: ParsedBatch = { records: [], rejections: [] };
  for await (const chunk of readLogFile(path, format, OPTIONS)) {
    all.records.push(...chunk.records);
    all.rejections.push(...chunk.rejections);
  }
  return all;
}

describe("readLogFile on hostile files", () => {
  it("accounts for every non-blank line of an archive whose first line is a record", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineOf(ARCHIVE_LINE), { maxLength: 12 }), async (lines) => {
        const all = [ARCHIVE_LINE, ...lines];
        const batch = await readAll(writeLines(all, "json"), "storage-archive");
        expectAccounted(batch, all.filter((line) => !/^[ \t]*$/.test(line)).length);
      }),
      FILE_RUNS,
    );
  });

  it("accounts for every non-blank access-log line", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineOf(ACCESS_LINE), { maxLength: 12 }), async (lines) => {
        const batch = await readAll(writeLines(lines, "log"), "access-log");
        expectAccounted(batch, lines.filter((line) => line.trim() !== "").length);
      }),
      FILE_RUNS,
    );
  });

  it("accounts for every CSV row whose cells hold no quotes, commas or line breaks", async () => {
    const cell = fc
      .string({ unit: "binary", maxLength: 30 })
      .map((text) => text.replace(/[",\r\n]/g, ""));
    const row = fc.oneof(
      fc.constant(CSV_LINES[1]!),
      fc.array(cell, { minLength: 1, maxLength: 30 }).map((cells) => cells.join(",")),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 10 }), async (rows) => {
        const batch = await readAll(
          writeLines([CSV_LINES[0]!, ...rows], "csv"),
          "log-analytics-csv",
        );
        expectAccounted(batch, rows.filter((line) => line.trim() !== "").length);
      }),
      FILE_RUNS,
    );
  });

  it("either detects a format or throws an error that names the file", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(hostileLine, lineOf(ACCESS_LINE), lineOf(ARCHIVE_LINE)), {
          maxLength: 5,
        }),
        async (lines) => {
          const path = writeLines(lines, "txt");
          const outcome = await detectFormat(path).catch((error: Error) => error);
          if (outcome instanceof Error) expect(outcome.message.startsWith(`${path}: `)).toBe(true);
          else expect(outcome === undefined || INPUT_FORMATS.includes(outcome)).toBe(true);
        },
      ),
      FILE_RUNS,
    );
  });
});
