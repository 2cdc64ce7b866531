import ipaddr from "ipaddr.js";
import { constants } from "node:buffer";
import { MAX_LINE_BYTES } from "./logFileStream.js";
import { quoteValue } from "./recordRejection.js";

/** How readers judge what they read. Built once at start-up and passed to every reader. */
export interface ParseOptions {
  /** Take the client from the first valid X-Forwarded-For address instead of the caller. */
  trustForwardedFor: boolean;
  /** CIDRs (or single addresses) of proxies whose X-Forwarded-For is believed; empty = any caller. */
  trustedProxies: string[];
  /** The reader's clock, epoch ms: a replay passes its own so results do not depend on wall time. */
  nowMs: number;
  /** How far past `nowMs` a record time may lie before it is rejected as far-future. */
  maxFutureSkewMs: number;
  /** The longest line a log file may hold; a longer one is rejected unread (see MAX_LINE_BYTES). */
  maxLineBytes: number;
}

export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/** The defaults that do not depend on a clock; `createParseOptions` adds `nowMs`. */
export const DEFAULT_PARSE_OPTIONS = Object.freeze({
  trustForwardedFor: false,
  trustedProxies: Object.freeze<string[]>([]),
  maxFutureSkewMs: DEFAULT_MAX_FUTURE_SKEW_MS,
  maxLineBytes: MAX_LINE_BYTES,
});

/**
 * Builds frozen parse options from the defaults and `overrides`, and throws an Error naming the
 * option, its value and the expectation when one is invalid.
 */
export function createParseOptions(
  nowMs: number,
  overrides: Partial<Omit<ParseOptions, "nowMs">> = {},
): Readonly<ParseOptions> {
  const options = { ...DEFAULT_PARSE_OPTIONS, ...overrides, nowMs };
  checkFiniteNumber("nowMs", options.nowMs, 0);
  checkFiniteNumber("maxFutureSkewMs", options.maxFutureSkewMs, 0);
  checkLineBytes(options.maxLineBytes);
  options.trustedProxies.forEach(checkProxyRange);
  return Object.freeze({ ...options, trustedProxies: [...options.trustedProxies] });
}

/** True for `10.0.0.0/8`, `2001:db8::/32` or a single address, in dotted-quad or IPv6 form. */
export function isProxyRange(text: string): boolean {
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return true;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return true;
  return ipaddr.IPv6.isValidCIDR(text) || ipaddr.IPv6.isValid(text);
}

function checkFiniteNumber(name: string, value: number, minimum: number): void {
  if (typeof value === "number" && Number.isFinite(value) && value >= minimum) return;
  // quoteValue goes through JSON, which would show NaN and Infinity as null.
  const shown = typeof value === "number" ? String(value) : quoteValue(value);
  throw new Error(`parse option ${name}: expected a finite number >= ${minimum}, got ${shown}`);
}

/** A line is decoded into one string, so the cap may not pass V8's longest string. */
function checkLineBytes(value: number): void {
  const most = constants.MAX_STRING_LENGTH;
  if (Number.isInteger(value) && value >= 1 && value <= most) return;
  const shown = typeof value === "number" ? String(value) : quoteValue(value);
  throw new Error(
    `parse option maxLineBytes: expected a whole number of bytes from 1 to ${most}, got ${shown}`,
  );
}

function checkProxyRange(text: string, index: number): void {
  if (typeof text === "string" && isProxyRange(text)) return;
  throw new Error(
    `parse option trustedProxies[${index}]: expected a CIDR such as 10.0.0.0/8 or an IP address, got ${quoteValue(text)}`,
  );
}
