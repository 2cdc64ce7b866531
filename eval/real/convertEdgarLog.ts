import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import {
  checkEdgarHeader,
  edgarClientIp,
  parseEdgarLine,
  toAccessLogLine,
} from "./fromEdgarRow.js";

/** What a conversion read and wrote. */
export interface EdgarConversion {
  outPath: string;
  rows: number;
  written: number;
  /** Rows with code 0 or another value outside 100-599: no response was logged. */
  withoutStatus: number;
  /** Rows that could not be read, with the first reason. */
  unreadable: number;
  firstUnreadable: string | null;
  distinctClients: number;
  /** Distinct addresses after the last octet was mapped; fewer when tokens collide. */
  distinctMappedClients: number;
}

/**
 * Converts an EDGAR log (CSV, gzip when it ends in .gz) into an Apache common-log file at
 * `outPath`, one line per row that has an HTTP status.
 */
export async function convertEdgarLog(inPath: string, outPath: string): Promise<EdgarConversion> {
  const input = createReadStream(inPath);
  const lines = createInterface({
    input: inPath.endsWith(".gz") ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  });
  const output = createWriteStream(outPath);
  const result: EdgarConversion = {
    outPath,
    rows: 0,
    written: 0,
    withoutStatus: 0,
    unreadable: 0,
    firstUnreadable: null,
    distinctClients: 0,
    distinctMappedClients: 0,
  };
  const clients = new Set<string>();
  const mapped = new Set<string>();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (lineNumber === 1) {
      checkEdgarHeader(line);
      continue;
    }
    if (line.trim() === "") continue;
    result.rows += 1;
    try {
      const row = parseEdgarLine(line);
      const converted = toAccessLogLine(row);
      clients.add(row.ip);
      mapped.add(edgarClientIp(row.ip));
      if (converted === null) {
        result.withoutStatus += 1;
        continue;
      }
      if (!output.write(`${converted}\n`)) await once(output, "drain");
      result.written += 1;
    } catch (error) {
      result.unreadable += 1;
      result.firstUnreadable ??= `${inPath}:${lineNumber}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  output.end();
  await once(output, "finish");
  return { ...result, distinctClients: clients.size, distinctMappedClients: mapped.size };
}
