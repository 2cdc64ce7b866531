import type { InputFormat } from "../records/requestRecord.js";
import { splitCsvLine } from "./csvRows.js";
import { isOversized, MAX_LINE_BYTES, readLogLines } from "./logFileStream.js";
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

interface FileHead {
  lines: string[];
  /** The first line's number and length when it is longer than the line cap. */
  oversized?: { lineNumber: number; lineBytes: number };
}

/**
 * Detects a log file's format from its first non-blank line (and, for pretty-printed JSON, the
 * lines after it); of a line longer than `maxLineBytes` only the start is looked at. Returns
 * undefined for a file with no content; throws an Error naming the file, its first line and the
 * formats expected when none fits.
 */
export async function detectFormat(
  path: string,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<InputFormat | undefined> {
  const head = await readHead(path, maxLineBytes);
  if (head.lines.length === 0) return undefined;
  const format = sniffFormat(head.lines);
  if (format !== undefined) return format;
  const first = head.oversized
    ? `line ${head.oversized.lineNumber}, of ${head.oversized.lineBytes} bytes (over the ${maxLineBytes}-byte line limit), which starts ${quoteValue(head.lines[0])}`
    : `first line ${quoteValue(head.lines[0])}`;
  throw new Error(
    `${path}: cannot tell the log format from its ${first}; expected an Event Hubs envelope {"records":[...]}, PT1H.json GatewayLogs records one per line, Log Analytics JSON or CSV with a TimeGenerated column, or an Apache/nginx access-log line`,
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

async function readHead(path: string, maxLineBytes: number): Promise<FileHead> {
  const head: FileHead = { lines: [] };
  for await (const line of readLogLines(path, maxLineBytes)) {
    const text = isOversized(line) ? line.head : line.text;
    if (head.lines.length === 0 && text.trim() === "") continue;
    if (head.lines.length === 0 && isOversized(line)) head.oversized = line;
    head.lines.push(text);
    if (head.lines.length >= SNIFF_LINES) break;
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
  return splitCsvLine(line)?.some((cell) => toColumnName(cell) === "TimeGenerated") ?? false;
}
