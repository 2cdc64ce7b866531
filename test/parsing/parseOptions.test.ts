import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES } from "../../shared/parsing/logFileStream.js";
import {
  createParseOptions,
  DEFAULT_MAX_FUTURE_SKEW_MS,
} from "../../shared/parsing/parseOptions.js";

describe("createParseOptions", () => {
  it("fills the defaults: no X-Forwarded-For trust, one day of future skew, 64 MiB lines", () => {
    expect(createParseOptions(1_000)).toEqual({
      trustForwardedFor: false,
      trustedProxies: [],
      nowMs: 1_000,
      maxFutureSkewMs: DEFAULT_MAX_FUTURE_SKEW_MS,
      maxLineBytes: MAX_LINE_BYTES,
    });
    expect(DEFAULT_MAX_FUTURE_SKEW_MS).toBe(86_400_000);
    expect(MAX_LINE_BYTES).toBe(67_108_864);
  });

  it("rejects a line cap that is not a whole number or that no string could hold", () => {
    expect(() => createParseOptions(1_000, { maxLineBytes: 0 })).toThrow(
      "parse option maxLineBytes: expected a whole number of bytes from 1 to 536870888, got 0",
    );
    expect(() => createParseOptions(1_000, { maxLineBytes: 2 ** 30 })).toThrow(
      "parse option maxLineBytes: expected a whole number of bytes from 1 to 536870888, got 1073741824",
    );
  });

  it("returns frozen options", () => {
    expect(Object.isFrozen(createParseOptions(1_000))).toBe(true);
  });

  it("rejects a trusted proxy that is not a CIDR or address, naming its position and value", () => {
    expect(() => createParseOptions(1_000, { trustedProxies: ["10.0.0.0/8", "10.0.0/8"] })).toThrow(
      'parse option trustedProxies[1]: expected a CIDR such as 10.0.0.0/8 or an IP address, got "10.0.0/8"',
    );
  });

  it("rejects a negative skew and a clock that is not a number", () => {
    expect(() => createParseOptions(1_000, { maxFutureSkewMs: -1 })).toThrow(
      "parse option maxFutureSkewMs: expected a finite number >= 0, got -1",
    );
    expect(() => createParseOptions(Number.NaN)).toThrow(
      "parse option nowMs: expected a finite number >= 0, got NaN",
    );
  });
});
