import type { InputFormat } from "../records/requestRecord.js";
import { splitCsvLine } from "./csvRows.js";
import {
  isOversized,
  type LogLine,
  MAX_LINE_BYTES,
  type OversizedLine,
  readLogLines,
} from "./logFileStream.js";
import { toColumnName } from "./readLogAnalyticsCsv.js";
import { quoteValue } from "./recordRejection.js";
import { isPlainObject, tryParseJson } from "./recordFields.js";

/**
 * How many non-blank lines detection examines, from the top, for one in a format it knows. The
 * lines before the one it recognises are rejected one by one. A log shows its format on its first
 * record, so a thousand lines that fit none mean the file is not a log, and reading on would only
 * delay saying so.
 */
export const MAX_DETECTION_LINES = 1_000;

/**
 * How many bytes of non-blank lines detection examines before it stops, even short of
 * MAX_DETECTION_LINES; the line that crosses it is still examined. It equals the line cap, so one
 * junk line of any length never hides the lines after it. A line over the line cap counts only
 * its kept head, as the rest of it is skipped unread.
 */
export const MAX_DETECTION_BYTES = 64 * 1024 * 1024;

/** How many lines, the candidate's included, a pretty-printed JSON document is judged by. */
const SNIFF_LINES = 20;

const ACCESS_LOG_START = /^\S+ \S+ \S+ \[\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;
/** An array of rows opening, or an empty one; not `[2024-05-02 10:15:31] ERROR …` of an app log. */
const JSON_ARRAY_START = /^\[\s*(\{|\]|$)/;
const PRETTY_ENVELOPE = /^\{\s*"records"\s*:/;
const PRETTY_TABLES = /^\{\s*"tables"\s*:/;
const PRETTY_GATEWAY_RECORD =
  /"category"\s*:\s*"GatewayLogs"|"operationName"\s*:\s*"Microsoft\.ApiManagement\/GatewayLogs"/;

/** A file's format and the line it was recognised on. */
export interface DetectedFormat {
  format: InputFormat;
  /**
   * 1-based. Non-blank lines before it fit no format; a reader rejects each on its own, and
   * starts a CSV's header or a pretty-printed JSON document here.
   */
  lineNumber: number;
}

/** A non-blank line waiting to be judged, with the lines after it as its context. */
interface HeadLine {
  lineNumber: number;
  /** The line, or an oversized line's kept head. */
  text: string;
  oversized: boolean;
}

interface Scan {
  /** Non-blank lines read but not yet judged, oldest first; at most SNIFF_LINES. */
  window: HeadLine[];
  examinedLines: number;
  examinedBytes: number;
  /** How the first non-blank line is named in an error. */
  first?: string;
  /** Why detection stopped before the end of the file, if it did. */
  stop?: string;
}

/**
 * Detects a log file's format from its first non-blank line that fits one (for pretty-printed
 * JSON, with the lines after it), examining at most MAX_DETECTION_LINES non-blank lines and
 * MAX_DETECTION_BYTES; a line longer than `maxLineBytes` is never the one. Returns undefined for a
 * file with no content; throws an Error naming the file, its first line and the formats expected
 * when no line examined fits.
 */
export async function locateFormat(
  path: string,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<DetectedFormat | undefined> {
  const scan: Scan = { window: [], examinedLines: 0, examinedBytes: 0 };
  for await (const line of readLogLines(path, maxLineBytes)) {
    if (!take(scan, line, maxLineBytes)) continue;
    const found = judgeReady(scan.window, false);
    if (found !== undefined) return found;
    scan.stop = stopReason(scan);
    if (scan.stop !== undefined) break;
  }
  const found = judgeReady(scan.window, true);
  if (found !== undefined) return found;
  if (scan.first === undefined) return undefined;
  throw new Error(undetectedMessage(path, scan));
}

/** The format of `path` as locateFormat finds it, without the line it starts on. */
export async function detectFormat(
  path: string,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<InputFormat | undefined> {
  return (await locateFormat(path, maxLineBytes))?.format;
}

/** The format that the leading non-blank lines of a file are in, or undefined when none fits. */
export function sniffFormat(head: string[]): InputFormat | undefined {
  const first = head[0] ?? "";
  if (JSON_ARRAY_START.test(first)) return "log-analytics-json";
  if (first.startsWith("{")) return sniffJson(head);
  if (isLogAnalyticsCsvHeader(first)) return "log-analytics-csv";
  return ACCESS_LOG_START.test(first) ? "access-log" : undefined;
}

/** Adds a non-blank line to the scan's window and counts it; false for a blank line. */
function take(scan: Scan, line: LogLine | OversizedLine, maxLineBytes: number): boolean {
  const text = isOversized(line) ? line.head : line.text;
  if (text.trim() === "") return false;
  scan.first ??= isOversized(line)
    ? `line ${line.lineNumber}, of ${line.lineBytes} bytes (over the ${maxLineBytes}-byte line limit), which starts ${quoteValue(text)}`
    : `first line ${quoteValue(text)}`;
  scan.window.push({ lineNumber: line.lineNumber, text, oversized: isOversized(line) });
  scan.examinedLines += 1;
  scan.examinedBytes += Buffer.byteLength(text);
  return true;
}

function stopReason(scan: Scan): string | undefined {
  if (scan.examinedLines >= MAX_DETECTION_LINES) {
    return `at most ${MAX_DETECTION_LINES} non-blank lines are examined`;
  }
  if (scan.examinedBytes >= MAX_DETECTION_BYTES) {
    return `at most ${MAX_DETECTION_BYTES} bytes of lines are examined`;
  }
  return undefined;
}

/**
 * Judges the window's lines, oldest first, while the oldest can be judged: it needs the lines
 * after it only when it may open a pretty-printed JSON object, and those are all read at the end.
 */
function judgeReady(window: HeadLine[], atEnd: boolean): DetectedFormat | undefined {
  while (window.length > 0) {
    const oldest = window[0]!;
    const ready =
      atEnd || window.length >= SNIFF_LINES || oldest.oversized || !oldest.text.startsWith("{");
    if (!ready) return undefined;
    const found = judgeOldest(window);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Judges the oldest line of the window by it and the lines after it, and drops it if none fits. */
function judgeOldest(window: HeadLine[]): DetectedFormat | undefined {
  const candidate = window[0]!;
  // An oversized line is rejected unread whatever the format, so it cannot tell the format.
  const format = candidate.oversized ? undefined : sniffFormat(window.map((line) => line.text));
  if (format !== undefined) return { format, lineNumber: candidate.lineNumber };
  window.shift();
  return undefined;
}

function undetectedMessage(path: string, scan: Scan): string {
  const after = scan.examinedLines - 1;
  const others =
    after === 0
      ? ""
      : ` or the ${after === 1 ? "non-blank line" : `${after} non-blank lines`} after it`;
  const stop = scan.stop === undefined ? "" : `, where detection stops (${scan.stop})`;
  return `${path}: cannot tell the log format from its ${scan.first}${others}${stop}; expected an Event Hubs envelope {"records":[...]}, PT1H.json GatewayLogs records one per line, Log Analytics JSON or CSV with a TimeGenerated column, or an Apache/nginx access-log line`;
}

function sniffJson(head: string[]): InputFormat | undefined {
  const value = tryParseJson(head[0]!);
  if (value === undefined) return sniffPrettyJson(head);
  if (!isPlainObject(value)) return undefined;
  if (Array.isArray(value.records)) return "eventhub";
  if ("tables" in value || "TimeGenerated" in value) return "log-analytics-json";
  return "properties" in value && "time" in value ? "storage-archive" : undefined;
}

/** The format of a JSON document whose first line is not a whole value: it spans lines. */
function sniffPrettyJson(head: string[]): InputFormat | undefined {
  // A pretty-printed document's second line is never a whole object; a JSON Lines file's is, so
  // the first line is a broken record of it, such as one cut short.
  if (head.length > 1 && isPlainObject(tryParseJson(head[1]!))) return undefined;
  const headText = head.join("\n");
  if (PRETTY_ENVELOPE.test(headText) || PRETTY_GATEWAY_RECORD.test(headText)) return "eventhub";
  return PRETTY_TABLES.test(headText) ? "log-analytics-json" : undefined;
}

function isLogAnalyticsCsvHeader(line: string): boolean {
  if (!line.includes("TimeGenerated")) return false;
  return splitCsvLine(line)?.some((cell) => toColumnName(cell) === "TimeGenerated") ?? false;
}
