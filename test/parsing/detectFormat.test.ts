import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFormat, sniffFormat } from "../../shared/parsing/detectFormat.js";

describe("sniffFormat", () => {
  it.each([
    ["an Event Hubs envelope on one line", ['{"records":[{"time":"t"}]}'], "eventhub"],
    ["a pretty-printed Event Hubs envelope", ["{", '  "records": [', "    {"], "eventhub"],
    [
      "a PT1H.json record line",
      ['{"time":"t","category":"GatewayLogs","properties":{}}'],
      "storage-archive",
    ],
    ["a JSON array of rows", ["[", '  {"TimeGenerated": "t"}'], "log-analytics-json"],
    ["a query API response", ['{"tables":[{"name":"PrimaryResult"}]}'], "log-analytics-json"],
    ["a pretty query API response", ["{", '  "tables": ['], "log-analytics-json"],
    ["a JSON Lines row", ['{"TimeGenerated":"t","Url":"/"}'], "log-analytics-json"],
    ["a CSV header", ["TenantId,TimeGenerated,Url"], "log-analytics-csv"],
    ["a portal CSV header", ['"TimeGenerated [UTC]","CallerIpAddress"'], "log-analytics-csv"],
    [
      "an access-log line",
      ['1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1'],
      "access-log",
    ],
  ])("recognises %s", (_name, head, format) => {
    expect(sniffFormat(head)).toBe(format);
  });

  it.each([
    ["a JSON object of another kind", ['{"foo":1}']],
    ["a CSV without TimeGenerated", ["Time,Url"]],
    ["a header that only mentions TimeGenerated in a longer name", ["TimeGeneratedLocal,Url"]],
    ["prose", ["hello world"]],
  ])("recognises nothing in %s", (_name, head) => {
    expect(sniffFormat(head)).toBeUndefined();
  });
});

describe("detectFormat", () => {
  let folder = "";
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-detect-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("names the file, its first line and the expected formats when none fits", async () => {
    const path = join(folder, "notes.txt");
    await writeFile(path, "\n\nhello world\n");
    await expect(detectFormat(path)).rejects.toThrow(
      `${path}: cannot tell the log format from its first line "hello world"; expected an Event Hubs envelope {"records":[...]}, PT1H.json GatewayLogs records one per line, Log Analytics JSON or CSV with a TimeGenerated column, or an Apache/nginx access-log line`,
    );
  });

  it("reports no format for a file holding only blank lines", async () => {
    const path = join(folder, "empty.json");
    await writeFile(path, "\n  \n");
    expect(await detectFormat(path)).toBeUndefined();
  });
});
