import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedBatch } from "../../shared/parsing/parsedBatch.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { listLogFiles, readLogFile } from "../../shared/parsing/readLogFile.js";
import type { InputFormat } from "../../shared/records/requestRecord.js";
import { SHARED_DATA } from "../support/sharedData.js";

const APACHE_LOGS = `${SHARED_DATA}/elastic-apache-logs/apache_logs`;
const ONE_REQUEST = fileURLToPath(new URL("../fixtures/one-request/", import.meta.url));
const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));

const RECORD = {
  time: "2024-05-02T10:15:31Z",
  callerIpAddress: "203.0.113.24",
  properties: { method: "GET", url: "/a", responseCode: 200 },
};
const ROW = {
  TimeGenerated: "2024-05-02T10:15:31Z",
  CallerIpAddress: "203.0.113.24",
  Method: "GET",
  Url: "/a",
  ResponseCode: 200,
};

async function readAll(path: string, format: InputFormat | "auto" = "auto") {
  const chunks: ParsedBatch[] = [];
  for await (const chunk of readLogFile(path, format, OPTIONS)) chunks.push(chunk);
  return {
    chunkSizes: chunks.map((chunk) => chunk.records.length + chunk.rejections.length),
    records: chunks.flatMap((chunk) => chunk.records),
    rejections: chunks
      .flatMap((chunk) => chunk.rejections)
      .map(({ source, reason }) => ({ source, reason })),
  };
}

describe("readLogFile", () => {
  let folder = "";
  const file = async (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-read-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  // One line of the sample is cut off inside its user agent; it is kept (see fromAccessLogLine).
  it("reads all 10,000 lines of the Elastic Apache sample in chunks of 5,000 with no rejection", async () => {
    const result = await readAll(APACHE_LOGS);
    expect(result.chunkSizes).toEqual([5_000, 5_000]);
    expect(result.rejections).toEqual([]);
    expect(result.records).toHaveLength(10_000);
    expect(result.records.at(-1)?.timeMs).toBe(Date.parse("2015-05-20T21:05:15Z"));
    expect(new Set(result.records.map((record) => record.clientIp)).size).toBe(1_753);
    const perDay = new Map<string, number>();
    for (const { timeMs } of result.records) {
      const day = new Date(timeMs).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(Object.fromEntries(perDay)).toEqual({
      "2015-05-17": 1_632,
      "2015-05-18": 2_893,
      "2015-05-19": 2_896,
      "2015-05-20": 2_579,
    });
  });

  it("reads all 644 lines of the secrepo log, exploit probes with escaped quotes included", async () => {
    const result = await readAll(`${SHARED_DATA}/secrepo-weblogs/access.log.2021-10-22`);
    expect([result.records.length, result.rejections.length]).toEqual([644, 0]);
  });

  it("rejects a malformed access-log line by its line number and reads the others", async () => {
    const good = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"';
    const path = await file(
      "mixed.log",
      `${good}
1.2.3.4 - - [17/May/2015:10:05:04 +0000] "-" 400 0 "-" "-"
${good}
`,
    );
    const result = await readAll(path);
    expect(result.records).toHaveLength(2);
    expect(result.rejections).toEqual([
      {
        source: `${path}:2`,
        reason: 'request: expected a request line "METHOD target HTTP/x.y", got "-"',
      },
    ]);
  });

  it("reads a gzipped file transparently", async () => {
    const path = await file(
      "access.log.gz",
      gzipSync(await readFile(join(ONE_REQUEST, "access.log"))),
    );
    const result = await readAll(path);
    expect(result.records.map((record) => record.endpoint)).toEqual([
      "POST /orders/v1/orders/{int}",
    ]);
  });

  it("reads one Event Hubs envelope per line and rejects a broken line on its own", async () => {
    const envelope = JSON.stringify({ records: [RECORD, RECORD] });
    const path = await file("hub.json", `${envelope}\n{"records": [\n\n${envelope}\n`);
    const result = await readAll(path);
    expect(result.records).toHaveLength(4);
    expect(result.rejections).toEqual([
      {
        source: `${path}:2`,
        reason: `(envelope): expected JSON, got "{\\"records\\": [" (${jsonErrorOf('{"records": [')})`,
      },
    ]);
  });

  it("reads PT1H.json lines, skipping blank lines and rejecting a line that is not JSON", async () => {
    const line = JSON.stringify(RECORD);
    const path = await file(
      "PT1H.json",
      `${line}\n\nnot json\n${JSON.stringify({ ...RECORD, time: 5 })}\n`,
    );
    const result = await readAll(path, "storage-archive");
    expect(result.records).toHaveLength(1);
    expect(result.rejections).toEqual([
      {
        source: `${path}:3`,
        reason: `(record): expected JSON, got "not json" (${jsonErrorOf("not json")})`,
      },
      {
        source: `${path}:4`,
        reason:
          "time: expected a UTC timestamp like 2024-05-02T10:15:31.123Z or 5/2/2024, 10:15:31.123 AM, got 5",
      },
    ]);
  });

  it("streams a pretty-printed array of Log Analytics rows, naming each bad row's first line", async () => {
    const rows = [ROW, { ...ROW, ResponseCode: "x" }, { ...ROW, Url: "/b" }];
    const path = await file("rows.json", JSON.stringify(rows, null, 2));
    const result = await readAll(path);
    expect(result.records.map((record) => record.path)).toEqual(["/a", "/b"]);
    expect(result.rejections).toEqual([
      {
        source: `${path}:9`,
        reason: 'ResponseCode: expected an HTTP status code 100-599, got "x"',
      },
    ]);
  });

  it("reads Log Analytics rows given one per line", async () => {
    const path = await file("rows.ndjson", `${JSON.stringify(ROW)}\n${JSON.stringify(ROW)}\n`);
    expect((await readAll(path)).records).toHaveLength(2);
  });

  it("reads a query API response, zipping each row with the column names", async () => {
    const columns = Object.keys(ROW).map((name) => ({ name, type: "string" }));
    const rows = [Object.values(ROW), Object.values({ ...ROW, CallerIpAddress: "" }), "oops"];
    const path = await file(
      "query.json",
      JSON.stringify({ tables: [{ name: "PrimaryResult", columns, rows }] }),
    );
    const result = await readAll(path);
    expect(result.records).toHaveLength(1);
    expect(result.rejections.map((rejection) => rejection.source)).toEqual([
      `${path}:1 table 1 row 2`,
      `${path}:1 table 1 row 3`,
    ]);
    expect(result.rejections[1]?.reason).toBe(
      '(row): expected a Log Analytics row object, got "oops"',
    );
  });

  it("numbers CSV rows by the line they start on, across CRLF line breaks inside quoted values", async () => {
    const header = "TimeGenerated [UTC],CallerIpAddress,Method,Url,ResponseCode,RequestBody";
    const csv = [
      header,
      '"5/2/2024, 10:15:31.123 AM",203.0.113.24,POST,/a,200,"{\r\n""a"":1\r\n}"',
      '"5/2/2024, 10:15:32 AM",203.0.113.24,POST,/a,abc,',
      '"5/2/2024, 10:15:33 AM",203.0.113.24,GET,/a,200,',
    ].join("\r\n");
    const path = await file("export.csv", `${csv}\r\n`);
    const result = await readAll(path);
    expect(result.records.map((record) => record.requestBody)).toEqual(['{\r\n"a":1\r\n}', ""]);
    expect(result.rejections).toEqual([
      {
        source: `${path}:5`,
        reason: 'ResponseCode: expected an HTTP status code 100-599, got "abc"',
      },
    ]);
  });

  it("rejects a CSV row that cannot be split into cells, as field (csv)", async () => {
    const csv =
      'TimeGenerated,CallerIpAddress,Method,Url,ResponseCode\n2024-05-02T10:15:31Z,1.2.3.4,GET,/a,200\n2024-05-02T10:15:31Z,1.2.3.4,GET,"/a\n';
    const path = await file("broken.csv", csv);
    const result = await readAll(path);
    expect(result.records).toHaveLength(1);
    expect(result.rejections).toEqual([
      {
        source: `${path}:3`,
        reason:
          "(csv): column Url opens a quote on line 3 that is not closed by the end of the file",
      },
    ]);
  });

  it("yields nothing for an empty file", async () => {
    const path = await file("empty.log", "");
    expect(await readAll(path)).toEqual({ chunkSizes: [], records: [], rejections: [] });
  });

  it("fails with the file's name when the file does not exist", async () => {
    await expect(readAll(join(folder, "missing.log"), "access-log")).rejects.toThrow("missing.log");
  });
});

describe("listLogFiles", () => {
  let folder = "";
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-list-"));
    for (const name of [
      "h=10/PT1H.json",
      "h=09/PT1H.json",
      "README.md",
      "PROVENANCE.md",
      ".hidden",
      ".git/config",
      "b.log",
      "a.log",
    ]) {
      await mkdir(join(folder, name, ".."), { recursive: true });
      await writeFile(join(folder, name), "");
    }
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("expands folders recursively in name order, skipping dotfiles and dataset notes", async () => {
    const other = join(folder, "..", `${basename(folder)}-other.log`);
    await writeFile(other, "");
    expect(await listLogFiles([folder, other])).toEqual([
      join(folder, "a.log"),
      join(folder, "b.log"),
      join(folder, "h=09/PT1H.json"),
      join(folder, "h=10/PT1H.json"),
      other,
    ]);
    await rm(other);
  });

  it("lists a file reached twice once: named twice, by its folder and by name, or by a symlink", async () => {
    const single = join(folder, "b.log");
    await symlink(single, join(folder, "c.log"));

    const files = await listLogFiles([single, folder, single]);

    expect(files.filter((file) => file.endsWith("b.log") || file.endsWith("c.log"))).toEqual([
      single,
    ]);
    await rm(join(folder, "c.log"));
  });

  it("skips and reports a dangling symlink and a loop inside a folder instead of stopping", async () => {
    const broken = await mkdtemp(join(tmpdir(), "gatewarden-broken-"));
    await writeFile(join(broken, "good.log"), "");
    await symlink(join(broken, "missing.log"), join(broken, "dangling.log"));
    await symlink(broken, join(broken, "loop"));
    const skipped: string[] = [];

    const files = await listLogFiles([broken], (path) => skipped.push(path));

    expect(files).toEqual([join(broken, "good.log")]);
    expect(skipped).toEqual([join(broken, "dangling.log")]);
    await expect(listLogFiles([join(broken, "dangling.log")])).rejects.toThrow(/ENOENT/);
    await rm(broken, { recursive: true, force: true });
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
