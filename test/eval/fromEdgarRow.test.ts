import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { convertEdgarLog } from "../../eval/real/convertEdgarLog.js";
import { edgarOctet, parseEdgarLine, toAccessLogLine } from "../../eval/real/fromEdgarRow.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { fromAccessLogLine } from "../../shared/parsing/fromAccessLogLine.js";

const HEADER =
  "ip,date,time,zone,cik,accession,extention,code,size,idx,norefer,noagent,find,crawler,browser";
const INDEX_PAGE =
  "104.197.32.ihd,2017-01-01,00:00:00,0.0,1111711.0,0001193125-12-324016,-index.htm,200.0,7627.0,1.0,0.0,0.0,10.0,0.0,";
const FILE_IN_FOLDER =
  "68.180.231.abf,2017-01-01,13:05:59,0.0,1084869.0,0001437749-16-038305,primary_doc.xml,404.0,,0.0,0.0,0.0,10.0,1.0,";
const NO_RESPONSE =
  "52.45.109.jjj,2017-01-01,23:59:58,0.0,320193.0,0000320193-16-000105,.txt,0.0,0.0,0.0,0.0,0.0,10.0,0.0,";

describe("toAccessLogLine", () => {
  it("turns an index-page row into a common-log line with the accession as the file name", () => {
    expect(toAccessLogLine(parseEdgarLine(INDEX_PAGE))).toBe(
      '104.197.32.105 - - [01/Jan/2017:00:00:00 +0000] "GET /Archives/edgar/data/1111711/000119312512324016/0001193125-12-324016-index.htm HTTP/1.1" 200 7627',
    );
  });

  it("puts a plain file name inside the accession folder and writes - for a missing size", () => {
    expect(toAccessLogLine(parseEdgarLine(FILE_IN_FOLDER))).toBe(
      '68.180.231.15 - - [01/Jan/2017:13:05:59 +0000] "GET /Archives/edgar/data/1084869/000143774916038305/primary_doc.xml HTTP/1.1" 404 -',
    );
  });

  it("drops a row whose status is 0 because no response was logged", () => {
    expect(toAccessLogLine(parseEdgarLine(NO_RESPONSE))).toBeNull();
  });

  it("writes lines that gatewarden's access-log reader accepts", () => {
    const line = toAccessLogLine(parseEdgarLine(INDEX_PAGE)) ?? "";
    const record = fromAccessLogLine(line, createParseOptions(Date.parse("2026-01-01T00:00:00Z")));

    expect(record.clientIp).toBe("104.197.32.105");
    expect(record.timeMs).toBe(Date.parse("2017-01-01T00:00:00Z"));
    expect(record.statusCode).toBe(200);
    expect(record.responseBytes).toBe(7627);
  });
});

describe("edgarOctet", () => {
  it("reads the letters as decimal digits modulo 256", () => {
    expect(edgarOctet("aaa")).toBe(0);
    expect(edgarOctet("ihd")).toBe(873 % 256);
    expect(edgarOctet("jjj")).toBe(999 % 256);
  });

  it("rejects a token that is not three letters from a to j, naming it", () => {
    expect(() => edgarOctet("12")).toThrow(
      'expected three letters a-j as the last octet, got "12"',
    );
  });
});

describe("convertEdgarLog", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("converts the rows with a status, counts the rest and the clients", async () => {
    dir = mkdtempSync(join(tmpdir(), "gatewarden-edgar-test-"));
    const input = join(dir, "edgar.csv");
    writeFileSync(input, [HEADER, INDEX_PAGE, FILE_IN_FOLDER, NO_RESPONSE, ""].join("\n"));

    const result = await convertEdgarLog(input, join(dir, "edgar.log"));

    expect(result).toMatchObject({
      rows: 3,
      written: 2,
      withoutStatus: 1,
      unreadable: 0,
      distinctClients: 3,
      distinctMappedClients: 3,
    });
    expect(readFileSync(result.outPath, "utf8").trim().split("\n")).toHaveLength(2);
  });
});
