/**
 * Field validation shared by every reader. Each function takes the field's name as the source
 * spells it and throws a RecordFieldError naming that field, the value and what was expected.
 */
import { normaliseIp } from "./clientIp.js";
import type { ParseOptions } from "./parseOptions.js";
import { MissingFieldError, quoteValue, RecordFieldError } from "./recordRejection.js";
import { parseIsoTimeMs, parsePortalTimeMs } from "./timestamp.js";

export const MAX_URL_CHARS = 16_384;
/** The largest byte count or duration a record may carry: no real request comes near it. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;
export const EARLIEST_TIME_MS = Date.UTC(2000, 0, 1);

const NUMERIC_TEXT = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const METHOD_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\//;

export interface RequestTarget {
  path: string;
  query: string;
}

/** Missing the way sources say it: absent, JSON null, or the empty string CSV exports write. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Throws when a required field is absent, so that no reason reads "got undefined". */
function requirePresent(field: string, value: unknown, expected: string): void {
  if (value === undefined) throw new MissingFieldError(field, `missing; expected ${expected}`);
}

/** Parses JSON text, naming the field and the parser's complaint when it is not JSON. */
export function readJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RecordFieldError(field, `expected JSON, got ${quoteValue(text, 40)} (${detail})`);
  }
}

/** The parsed value, or undefined when `text` is not JSON (JSON itself has no undefined). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A plain object (not an array, not a class instance), returned typed for field access. */
export function requireObject(
  field: string,
  value: unknown,
  expected: string,
): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  if (value === undefined) throw new RecordFieldError(field, `missing; expected ${expected}`);
  throw new RecordFieldError(field, `expected ${expected}, got ${quoteValue(value)}`);
}

/** True for `{}`-style objects such as JSON.parse makes; false for arrays, null and instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An ISO 8601 or portal-CSV timestamp (UTC), checked with `checkTimeMs`; returns epoch ms. */
export function readTimeMs(field: string, value: unknown, options: ParseOptions): number {
  requirePresent(field, value, "a UTC timestamp");
  const timeMs =
    typeof value === "string" ? (parseIsoTimeMs(value) ?? parsePortalTimeMs(value)) : undefined;
  if (timeMs === undefined) {
    throw new RecordFieldError(
      field,
      `expected a UTC timestamp like 2024-05-02T10:15:31.123Z or 5/2/2024, 10:15:31.123 AM, got ${quoteValue(value)}`,
    );
  }
  return checkTimeMs(field, value, timeMs, options);
}

/** Rejects times before 2000-01-01 or more than `maxFutureSkewMs` past the reader's clock. */
export function checkTimeMs(
  field: string,
  value: unknown,
  timeMs: number,
  options: ParseOptions,
): number {
  if (timeMs < EARLIEST_TIME_MS) {
    throw new RecordFieldError(
      field,
      `expected a time on or after 2000-01-01, got ${quoteValue(value)}`,
    );
  }
  const latestMs = options.nowMs + options.maxFutureSkewMs;
  if (timeMs > latestMs) {
    const latest = new Date(latestMs).toISOString();
    throw new RecordFieldError(
      field,
      `expected a time no later than ${latest}, got ${quoteValue(value)}`,
    );
  }
  return timeMs;
}

/** An integer status 100..599, given as a number or numeric text. */
export function readStatusCode(field: string, value: unknown): number {
  requirePresent(field, value, "an HTTP status code 100-599");
  const status = toNumber(value);
  if (status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599) {
    return status;
  }
  throw new RecordFieldError(
    field,
    `expected an HTTP status code 100-599, got ${quoteValue(value)}`,
  );
}

/** A non-negative finite count such as bytes or milliseconds; missing means 0 (not logged). */
export function readCount(field: string, value: unknown, unit: "bytes" | "milliseconds"): number {
  if (isMissing(value)) return 0;
  const count = toNumber(value);
  // Past 2^53 sums lose precision and many of them overflow to Infinity, which JSON stores as null.
  if (count !== undefined && count > MAX_COUNT) {
    throw new RecordFieldError(
      field,
      `expected a number of ${unit} of at most ${MAX_COUNT}, got ${quoteValue(value)}`,
    );
  }
  // `=== 0` folds the -0 that "-0" text parses to, which would not equal 0 under Object.is.
  if (count !== undefined && count >= 0) return count === 0 ? 0 : count;
  throw new RecordFieldError(
    field,
    `expected a non-negative number of ${unit}, got ${quoteValue(value)}`,
  );
}

/** A caller address in canonical form (port stripped, IPv4-mapped IPv6 as IPv4). */
export function readIpAddress(field: string, value: unknown): string {
  if (isMissing(value)) {
    const reason =
      "missing; APIM omits the caller address when the diagnostic's logClientIp setting is off, and detections need it";
    if (value === undefined) throw new MissingFieldError(field, reason);
    throw new RecordFieldError(field, reason);
  }
  const address = typeof value === "string" ? normaliseIp(value) : undefined;
  if (address !== undefined) return address;
  throw new RecordFieldError(field, `expected an IP address, got ${quoteValue(value)}`);
}

/** An HTTP method token, kept as sent. */
export function readMethod(field: string, value: unknown): string {
  requirePresent(field, value, "an HTTP method token");
  if (typeof value === "string" && METHOD_TOKEN.test(value)) return value;
  throw new RecordFieldError(field, `expected an HTTP method token, got ${quoteValue(value)}`);
}

/**
 * Splits an absolute URL or an origin-form path (or `*`) into path and raw query, keeping the
 * percent-encoding and dot segments as sent: WHATWG URL parsing would rewrite both.
 */
export function readRequestTarget(field: string, value: unknown): RequestTarget {
  requirePresent(field, value, 'an absolute URL or a path starting with "/"');
  if (typeof value === "string" && value.length > MAX_URL_CHARS) {
    throw new RecordFieldError(
      field,
      `expected a URL of at most ${MAX_URL_CHARS} characters, got one of ${value.length} characters`,
    );
  }
  const target = typeof value === "string" ? splitTarget(value) : undefined;
  if (target !== undefined) return target;
  const shown = typeof value === "string" ? withoutQueryValues(value) : value;
  throw new RecordFieldError(
    field,
    `expected an absolute URL or a path starting with "/", got ${quoteValue(shown)}`,
  );
}

/** The URL with each query value replaced by "…": values can carry tokens, and reasons get logged. */
export function withoutQueryValues(url: string): string {
  return url.replace(/([?&][^=&#]*=)[^&#]*/g, "$1…");
}

/** Text that may be absent (not logged): missing becomes "". */
export function readText(field: string, value: unknown): string {
  if (isMissing(value)) return "";
  if (typeof value === "string") return value;
  throw new RecordFieldError(field, `expected a string, got ${quoteValue(value)}`);
}

/** The ARM id of the logging service, lower-cased. */
export function readResourceId(field: string, value: unknown): string {
  // ARM ids are case-insensitive, and the Event Hubs export upper-cases them while Log Analytics
  // lower-cases them; one spelling keeps a service's records together.
  return readText(field, value).toLowerCase();
}

/** A header map given as an object or as JSON text (Log Analytics dynamic columns in CSV). */
export function readHeaders(field: string, value: unknown): Record<string, unknown> {
  if (isMissing(value)) return {};
  const parsed = typeof value === "string" ? tryParseJson(value) : value;
  if (isPlainObject(parsed)) return parsed;
  // Header maps hold credentials (Authorization, subscription keys): the reason never quotes them.
  throw new RecordFieldError(field, `expected an object of request headers, got ${kindOf(value)}`);
}

/** One header's value, matched case-insensitively; arrays are joined with ", "; absent is "". */
export function headerText(field: string, headers: Record<string, unknown>, name: string): string {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  if (key === undefined) return "";
  const value = headers[key];
  if (isMissing(value)) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.join(", ");
  }
  const shown = typeof value === "object" && value !== null ? kindOf(value) : quoteValue(value);
  throw new RecordFieldError(
    `${field}.${key}`,
    `expected a string or an array of strings, got ${shown}`,
  );
}

/** What a value is, without its content: "text of 7 characters that is not a JSON object". */
function kindOf(value: unknown): string {
  if (typeof value === "string") {
    return `text of ${value.length} characters that is not a JSON object`;
  }
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === "object" && value !== null) return "an object that is not a plain object";
  return quoteValue(value);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !NUMERIC_TEXT.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function splitTarget(text: string): RequestTarget | undefined {
  if (text === "*") return { path: "*", query: "" };
  if (hasControlOrSpace(text)) return undefined;
  const scheme = URL_SCHEME.exec(text);
  if (scheme === null) return text.startsWith("/") ? splitPathAndQuery(text) : undefined;
  if (!URL.canParse(text)) return undefined;
  const authorityEnd = indexOfAny(text, "/?#", scheme[0].length);
  const rest = authorityEnd === -1 ? "" : text.slice(authorityEnd);
  return splitPathAndQuery(rest.startsWith("/") ? rest : `/${rest}`);
}

function splitPathAndQuery(target: string): RequestTarget {
  const hash = target.indexOf("#");
  const withoutFragment = hash === -1 ? target : target.slice(0, hash);
  const question = withoutFragment.indexOf("?");
  if (question === -1) return { path: withoutFragment, query: "" };
  return { path: withoutFragment.slice(0, question), query: withoutFragment.slice(question + 1) };
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (chars.includes(text.charAt(index))) return index;
  }
  return -1;
}

function hasControlOrSpace(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}
