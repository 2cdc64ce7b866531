import type { RequestRecord } from "../records/requestRecord.js";
import { normaliseIp } from "./clientIp.js";
import { completeRecord } from "./completeRecord.js";
import type { ParseOptions } from "./parseOptions.js";
import { quoteValue, RecordFieldError } from "./recordRejection.js";
import {
  checkTimeMs,
  readCount,
  readMethod,
  readRequestTarget,
  readStatusCode,
} from "./recordFields.js";
import { parseAccessLogTimeMs } from "./timestamp.js";

export const MAX_ACCESS_LOG_LINE_CHARS = 65_536;

const HTTP_VERSION = /^HTTP\/[0-9](?:\.[0-9])?$/;
const ESCAPED_CHAR = /\\(["\\])/g;

interface Cursor {
  line: string;
  position: number;
}

/**
 * Reads one Apache / nginx common or combined log line
 * (`%h %l %u [%t] "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`); fields after the user agent are
 * ignored. The format has no latency, request size or API names, so those are 0 or "".
 */
export function fromAccessLogLine(line: string, options: ParseOptions): RequestRecord {
  if (line.length > MAX_ACCESS_LOG_LINE_CHARS) {
    throw new RecordFieldError(
      "(line)",
      `expected at most ${MAX_ACCESS_LOG_LINE_CHARS} characters, got ${line.length}`,
    );
  }

  const cursor: Cursor = { line, position: 0 };
  const callerIp = readHost(nextToken(cursor));
  skipToken(cursor, 2); // ident and user, never used
  const timeMs = readTime(nextBracketed(cursor), options);
  const request = readRequestLine(nextQuoted(cursor));
  const statusCode = readStatusCode("status", nextToken(cursor));
  const responseBytes = readResponseBytes(nextToken(cursor));
  nextQuoted(cursor); // referer
  const userAgent = nextQuoted(cursor) ?? "";

  const fields = {
    timeMs,
    callerIp,
    method: request.method,
    path: request.path,
    query: request.query,
    apiId: "",
    operationId: "",
    statusCode,
    requestBytes: 0,
    responseBytes,
    latencyMs: 0,
    userAgent: userAgent === "-" ? "" : userAgent,
    subscriptionId: "",
    productId: "",
    userId: "",
    requestBody: "",
    correlationId: "",
    resourceId: "",
  };
  return completeRecord(fields, "", options);
}

function readHost(token: string | undefined): string {
  const address = token === undefined ? undefined : normaliseIp(token);
  if (address !== undefined) return address;
  throw new RecordFieldError("host", `expected an IP address, got ${quoteValue(token)}`);
}

function readTime(text: string | undefined, options: ParseOptions): number {
  const timeMs = text === undefined ? undefined : parseAccessLogTimeMs(text);
  if (timeMs !== undefined) return checkTimeMs("time", text, timeMs, options);
  throw new RecordFieldError(
    "time",
    `expected [dd/Mon/yyyy:HH:mm:ss +zzzz] such as [17/May/2015:10:05:03 +0000], got ${quoteValue(text)}`,
  );
}

function readRequestLine(text: string | undefined) {
  const parts = text === undefined ? [] : text.split(" ");
  const [method, target, version] = parts;
  const versionOk = version === undefined || HTTP_VERSION.test(version);
  if (parts.length < 2 || parts.length > 3 || !versionOk || method === undefined) {
    throw new RecordFieldError(
      "request",
      `expected a request line "METHOD target HTTP/x.y", got ${quoteValue(text)}`,
    );
  }
  const { path, query } = readRequestTarget("request", target);
  return { method: readMethod("request", method), path, query };
}

function readResponseBytes(token: string | undefined): number {
  return token === "-" ? 0 : readCount("bytes", token ?? null, "bytes");
}

function skipSpaces(cursor: Cursor): void {
  while (cursor.line.charAt(cursor.position) === " ") cursor.position += 1;
}

function nextToken(cursor: Cursor): string | undefined {
  skipSpaces(cursor);
  const start = cursor.position;
  const end = cursor.line.indexOf(" ", start);
  cursor.position = end === -1 ? cursor.line.length : end;
  return cursor.position > start ? cursor.line.slice(start, cursor.position) : undefined;
}

function skipToken(cursor: Cursor, count: number): void {
  for (let index = 0; index < count; index += 1) nextToken(cursor);
}

function nextBracketed(cursor: Cursor): string | undefined {
  skipSpaces(cursor);
  if (cursor.line.charAt(cursor.position) !== "[") return undefined;
  const end = cursor.line.indexOf("]", cursor.position);
  if (end === -1) return undefined;
  const text = cursor.line.slice(cursor.position + 1, end);
  cursor.position = end + 1;
  return text;
}

/**
 * A double-quoted field with Apache's `\"` and `\\` escapes undone. An unterminated field runs to
 * the end of the line: real logs hold lines cut inside the user agent, and the rest is intact.
 */
function nextQuoted(cursor: Cursor): string | undefined {
  skipSpaces(cursor);
  if (cursor.line.charAt(cursor.position) !== '"') return undefined;
  const start = cursor.position + 1;
  const end = closingQuoteIndex(cursor.line, start);
  cursor.position = end + 1;
  return cursor.line.slice(start, end).replace(ESCAPED_CHAR, "$1");
}

/** Index of the first unescaped `"` at or after `from`, or the line length when there is none. */
function closingQuoteIndex(line: string, from: number): number {
  let quote = line.indexOf('"', from);
  let index = from;
  while (quote !== -1) {
    const backslash = line.indexOf("\\", index);
    if (backslash === -1 || backslash > quote) return quote;
    index = backslash + 2;
    if (index > quote) quote = line.indexOf('"', index);
  }
  return line.length;
}
