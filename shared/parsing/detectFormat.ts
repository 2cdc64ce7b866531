import { parse as parseCsv } from "csv-parse/sync";
import type { InputFormat } from "../records/requestRecord.js";
import { readLogLines } from "./logFileStream.js";
import { toColumnName } from "./readLogAnalyticsCsv.js";
import { quoteValue } from "./recordRejection.js";
import { isPlainObject, tryParseJson } from "./recordFields.js";

/** How many leading lines are joined when the first one alone is not a JSON value. */
const SNIFF_LINES = 20;

const ACCESS_LOG_START = /^\S+ \S+ \S+ \[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;
const PRETTY_ENVELOPE = /^\{\s*"records"\s*:/;
const PRETTY_TABLES = /^\{\s*"tables"\s*:/;
const PRETTY_GATEWAY_RECORD =
  /"category"\s*:\s*"GatewayLogs"|"operationName"\s*:\s*"Microsoft\.ApiManagement\/GatewayLogs"/;

/**
 * Detects a log file's format from its first non-blank line (and, for pretty-printed JSON, the
 * lines after it). Returns undefined for a file with no content; throws an Error naming the file,
 * its first line and the formats expected when none fits.
 */
export async function detectFormat(path: string): Promise<InputFormat | undefined> {
  const head = await readHead(path);
  if (head.length === 0) return undefined;
  const format = sniffFormat(head);
  if (format !== undefined) return format;
  throw new Error(
    `${path}: cannot tell the log format from its first line ${quoteValue(head[0])}; expected an Event Hubs envelope {"records":[...]}, PT1H.json GatewayLogs records one per line, Log Analytics JSON or CSV with a TimeGenerated column, or an Apache/nginx access-log line`,
  );
}

/** The format that the leading non-blank lines of a file are in, or undefined when none fits. */
export function sniffFormat(head: string[]): InputFormat | undefined {
  const first = head[0] ?? "";
  if (first.startsWith("[")) return "log-analytics-json";
  if (first.startsWith("{")) return sniffJson(first, head.join("\n"));
  if (isLogAnalyticsCsvHeader(first)) return "log-analytics-csv";
  return ACCESS_LOG_START.test(first) ? "access-log" : undefined;
}

async function readHead(path: string): Promise<string[]> {
  const head: string[] = [];
  for await (const { text } of readLogLines(path)) {
    if (head.length === 0 && text.trim() === "") continue;
    head.push(text);
    if (head.length >= SNIFF_LINES) break;
  }
  return head;
}

function sniffJson(firstLine: string, headText: string): InputFormat | undefined {
  const value = tryParseJson(firstLine);
  if (value === undefined) {
    if (PRETTY_ENVELOPE.test(headText) || PRETTY_GATEWAY_RECORD.test(headText)) return "eventhub";
    return PRETTY_TABLES.test(headText) ? "log-analytics-json" : undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if (Array.isArray(value.records)) return "eventhub";
  if ("tables" in value || "TimeGenerated" in value) return "log-analytics-json";
  return "properties" in value && "time" in value ? "storage-archive" : undefined;
}

function isLogAnalyticsCsvHeader(line: string): boolean {
  if (!line.includes("TimeGenerated")) return false;
  const rows = tryParseCsv(line);
  return rows?.[0]?.some((cell) => toColumnName(cell) === "TimeGenerated") ?? false;
}

function tryParseCsv(line: string): string[][] | undefined {
  try {
    return parseCsv(line, { relax_column_count: true }) as string[][];
  } catch {
    return undefined;
  }
}
