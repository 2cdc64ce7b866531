import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectFeedFormat } from "../../shared/threatIntel/detectFeedFormat.js";
import { parseStixBundle } from "../../shared/threatIntel/parseStixBundle.js";
import { readStixIpPattern } from "../../shared/threatIntel/stixIpPattern.js";
import { ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";

const FIXTURE = readFileSync(new URL("./fixtures/indicators.stix.json", import.meta.url), "utf8");
const ms = (time: string): number => Date.parse(time);
const id = (suffix: string): string => `indicator--a1000000-0000-4000-8000-0000000000${suffix}`;

describe("parseStixBundle", () => {
  it("turns each address of an IP indicator into an entry with its validity window", () => {
    const parsed = parseStixBundle(FIXTURE, "partner-stix");

    expect(parsed.entries).toEqual([
      {
        feedName: "partner-stix",
        listedAs: "198.51.100.1",
        prefix: "198.51.100.1/32",
        line: 17,
        detail: "Credential-stuffing source",
        score: 80,
        validFromMs: ms("2024-01-01T00:00:00Z"),
        validUntilMs: ms("2024-02-01T00:00:00Z"),
      },
      {
        feedName: "partner-stix",
        listedAs: "2001:db8::/32",
        prefix: "2001:db8::/32",
        line: 30,
        detail: "Bulletproof hosting network",
        validFromMs: ms("2024-01-01T00:00:00Z"),
      },
      ...["203.0.113.5", "203.0.113.6"].map((address) => ({
        feedName: "partner-stix",
        listedAs: address,
        prefix: `${address}/32`,
        line: 41,
        detail: "Scanner pair",
        validFromMs: ms("2024-01-15T00:00:00Z"),
      })),
      {
        feedName: "partner-stix",
        listedAs: "192.0.2.10",
        prefix: "192.0.2.10/32",
        line: 86,
        detail: "C2 server, extended",
        validFromMs: ms("2024-01-01T00:00:00Z"),
        validUntilMs: ms("2024-06-01T00:00:00Z"),
      },
      ...[
        ["203.0.113.128/25", "203.0.113.128/25"],
        ["198.51.100.20", "198.51.100.20/32"],
      ].map(([listedAs, prefix]) => ({
        feedName: "partner-stix",
        listedAs,
        prefix,
        line: 109,
        detail: "Proxy range and a host",
        validFromMs: ms("2024-01-01T00:00:00Z"),
      })),
    ]);
  });

  it("rejects non-IP, non-STIX, revoked, narrowed and malformed indicators at their id's line", () => {
    const { rejections } = parseStixBundle(FIXTURE, "partner-stix");

    expect(rejections).toEqual([
      {
        line: 52,
        reason: `${id("04")}: pattern "[domain-name:value = 'login.example.com']" is not an IP indicator`,
      },
      { line: 63, reason: `${id("05")} has pattern_type "snort"; expected "stix"` },
      { line: 74, reason: `${id("06")} is revoked` },
      {
        line: 98,
        reason: `${id("08")}: unsupported STIX pattern: expected OR or ']' after a comparison, found "AND" at offset 34`,
      },
      {
        line: 120,
        reason: `${id("10")}: "198.51.100.300" is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone`,
      },
    ]);
  });

  it("reports text that is not JSON at the line of the fault", () => {
    const text = '{\n  "type": "bundle",\n  "objects": [\n    { "type": "indicator", }\n  ]\n}';

    const parsed = parseStixBundle(text, "feed");

    expect(parsed.entries).toEqual([]);
    // The rest of the reason is V8's own wording, which changes between Node versions.
    expect(parsed.rejections).toEqual([
      { line: 4, reason: expect.stringMatching(/^not valid JSON: Expected double-quoted/) },
    ]);
  });

  it("reports JSON that is not a bundle", () => {
    expect(parseStixBundle('{"type": "indicator"}', "feed").rejections).toEqual([
      { line: 1, reason: "expected a STIX bundle: a JSON object with an objects array" },
    ]);
  });

  it("rejects a validity window that ends before it starts and a time that is not RFC 3339", () => {
    const bundle = {
      type: "bundle",
      objects: [
        {
          type: "indicator",
          id: "indicator--1",
          pattern_type: "stix",
          pattern: "[ipv4-addr:value = '198.51.100.1']",
          valid_from: "2024-02-01T00:00:00Z",
          valid_until: "2024-01-01T00:00:00Z",
        },
        {
          type: "indicator",
          id: "indicator--2",
          pattern_type: "stix",
          pattern: "[ipv4-addr:value = '198.51.100.2']",
          valid_from: "yesterday",
        },
      ],
    };

    expect(parseStixBundle(JSON.stringify(bundle), "feed").rejections).toEqual([
      { line: 1, reason: "indicator--1 has valid_until before or at valid_from" },
      {
        line: 1,
        reason: 'indicator--2 has valid_from "yesterday"; expected an RFC 3339 time',
      },
    ]);
  });

  it("is chosen by format detection", () => {
    expect(detectFeedFormat(FIXTURE)).toBe("stix-bundle");
  });
});

describe("STIX validity windows in a ThreatIntelSet", () => {
  const intel = new ThreatIntelSet();
  intel.addFeed(FIXTURE, "partner-stix");
  const listedAt = (address: string, time: string): string | null =>
    intel.classify(address, ms(time)).suspicious?.entry.prefix ?? null;

  it("matches inside the window and not before valid_from or from valid_until on", () => {
    expect(listedAt("198.51.100.1", "2023-12-31T23:59:59Z")).toBeNull();
    expect(listedAt("198.51.100.1", "2024-01-01T00:00:00Z")).toBe("198.51.100.1/32");
    expect(listedAt("198.51.100.1", "2024-01-31T23:59:59Z")).toBe("198.51.100.1/32");
    expect(listedAt("198.51.100.1", "2024-02-01T00:00:00Z")).toBeNull();
  });

  it("keeps an indicator without valid_until valid ever after", () => {
    expect(listedAt("2001:db8:1::7", "2030-01-01T00:00:00Z")).toBe("2001:db8::/32");
    expect(listedAt("203.0.113.6", "2024-01-14T00:00:00Z")).toBeNull();
    expect(listedAt("203.0.113.6", "2024-01-15T00:00:00Z")).toBe("203.0.113.6/32");
  });

  it("uses the latest version of an indicator that appears twice", () => {
    expect(listedAt("192.0.2.10", "2024-04-01T00:00:00Z")).toBe("192.0.2.10/32");
    expect(listedAt("192.0.2.10", "2024-06-01T00:00:00Z")).toBeNull();
  });

  it("matches an address inside an ISSUBSET prefix", () => {
    expect(listedAt("203.0.113.200", "2024-03-01T00:00:00Z")).toBe("203.0.113.128/25");
    expect(listedAt("203.0.113.100", "2024-03-01T00:00:00Z")).toBeNull();
  });
});

describe("readStixIpPattern", () => {
  it.each([
    ["[ipv4-addr:value = '198.51.100.1']", ["198.51.100.1"]],
    ["[ipv6-addr:value = '2001:db8::/32']", ["2001:db8::/32"]],
    [
      "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']",
      ["198.51.100.1", "198.51.100.2"],
    ],
    [
      "[ipv4-addr:value = '198.51.100.1'] OR [ipv6-addr:value ISSUBSET '2001:db8::/48']",
      ["198.51.100.1", "2001:db8::/48"],
    ],
    ["[ipv4-addr:value IN ('198.51.100.1', '198.51.100.9')]", ["198.51.100.1", "198.51.100.9"]],
    ["[ipv4-addr:value = '198.51.100.1' OR network-traffic:dst_port = 443]", ["198.51.100.1"]],
    ["  [ ipv4-addr:value='198.51.100.1' ]  ", ["198.51.100.1"]],
  ])("reads %s", (pattern, addresses) => {
    expect(readStixIpPattern(pattern)).toEqual({ kind: "addresses", addresses });
  });

  it.each([
    [
      "[file:hashes.'SHA-256' = 'ef53']",
      `pattern "[file:hashes.'SHA-256' = 'ef53']" is not an IP indicator`,
    ],
    [
      "[network-traffic:dst_ref.value = '198.51.100.1']",
      `pattern "[network-traffic:dst_ref.value = '198.51.100.1']" is not an IP indicator`,
    ],
    [
      "[ipv4-addr:value = '198.51.100.1'] WITHIN 300 SECONDS",
      `unsupported STIX pattern: expected OR or the end of the pattern after an observation, found "WITHIN" at offset 35`,
    ],
    [
      "[ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value = '198.51.100.2']",
      `unsupported STIX pattern: expected OR or the end of the pattern after an observation, found "AND" at offset 35`,
    ],
    [
      "[ipv4-addr:value LIKE '198.51.%']",
      `unsupported STIX pattern: expected =, ISSUBSET or IN after ipv4-addr:value, found "LIKE" at offset 17`,
    ],
    [
      "[ipv4-addr:value != '198.51.100.1']",
      `unsupported STIX pattern: expected =, ISSUBSET or IN after ipv4-addr:value, found "!=" at offset 17`,
    ],
    [
      "[ipv4-addr:value = '198.51.100.1",
      "pattern has an unterminated string starting at offset 19",
    ],
    [
      "[ipv4-addr:value = '198.51.100.1'",
      "unsupported STIX pattern: expected OR or ']' after a comparison, found the end of the pattern",
    ],
  ])("refuses %s", (pattern, reason) => {
    expect(readStixIpPattern(pattern)).toEqual({ kind: "rejected", reason });
  });

  it("reads a long OR chain in time proportional to its length", () => {
    const comparisons = Array.from(
      { length: 20_000 },
      (_, index) => `ipv4-addr:value = '10.${index >> 16}.${(index >> 8) & 255}.${index & 255}'`,
    );
    const pattern = `[${comparisons.join(" OR ")}]`;

    const started = performance.now();
    const result = readStixIpPattern(pattern);

    expect(result.kind === "addresses" && result.addresses.length).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
