import { describe, expect, it } from "vitest";
import { detectFeedFormat } from "../../shared/threatIntel/detectFeedFormat.js";
import { parseAbuseChCsv } from "../../shared/threatIntel/parseAbuseChCsv.js";
import { parseCidrList } from "../../shared/threatIntel/parseCidrList.js";
import type { ParsedFeed } from "../../shared/threatIntel/parsedFeed.js";
import { parsePlainIpList } from "../../shared/threatIntel/parsePlainIpList.js";
import { parseScoredIpList } from "../../shared/threatIntel/parseScoredIpList.js";
import {
  parseThreatFeed,
  type ThreatFeedOptions,
} from "../../shared/threatIntel/parseThreatFeed.js";
import { parseTorBulkExitList } from "../../shared/threatIntel/parseTorBulkExitList.js";
import { parseTorExitAddresses } from "../../shared/threatIntel/parseTorExitAddresses.js";
import {
  parseTorExitList,
  torExitListFormatOf,
} from "../../shared/threatIntel/parseTorExitList.js";

const NOT_AN_ADDRESS = "is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone";

function listed(parsed: ParsedFeed): [string, string, number][] {
  return parsed.entries.map((entry) => [entry.listedAs, entry.prefix, entry.line]);
}

describe("parsePlainIpList", () => {
  it("reads addresses and prefixes past comments, blank lines, CRLF and trailing spaces", () => {
    const text =
      "\ufeff# ET compromised\r\n198.51.100.7 \r\n\r\n203.0.113.0/24   # office\r\n2001:db8::/48\r\n";

    const parsed = parsePlainIpList(text, "et");

    expect(listed(parsed)).toEqual([
      ["198.51.100.7", "198.51.100.7/32", 2],
      ["203.0.113.0/24", "203.0.113.0/24", 4],
      ["2001:db8::/48", "2001:db8::/48", 5],
    ]);
    expect(parsed.rejections).toEqual([]);
    expect(parsed.entries[0]).toEqual({
      feedName: "et",
      listedAs: "198.51.100.7",
      prefix: "198.51.100.7/32",
      line: 2,
    });
  });

  it("rejects malformed lines with their line numbers and keeps the rest", () => {
    const text = [
      "198.51.100.7",
      "198.51.100.256",
      "198.51.100.0/24 extra",
      "203.0.113.9/24",
      "not-an-ip",
      "127.1",
      "2001:db8::/129",
      "203.0.113.10",
    ].join("\n");

    const parsed = parsePlainIpList(text, "list");

    expect(parsed.rejections).toEqual([
      { line: 2, reason: `"198.51.100.256" ${NOT_AN_ADDRESS}` },
      { line: 3, reason: 'expected one address or prefix per line, found "198.51.100.0/24 extra"' },
      {
        line: 4,
        reason: '"203.0.113.9/24" has host bits set; expected the network address 203.0.113.0/24',
      },
      { line: 5, reason: `"not-an-ip" ${NOT_AN_ADDRESS}` },
      { line: 6, reason: `"127.1" ${NOT_AN_ADDRESS}` },
      {
        line: 7,
        reason: '"2001:db8::/129" has prefix length "129"; expected a whole number from 0 to 128',
      },
    ]);
    expect(listed(parsed)).toEqual([
      ["198.51.100.7", "198.51.100.7/32", 1],
      ["203.0.113.10", "203.0.113.10/32", 8],
    ]);
  });
});

describe("parseTorBulkExitList", () => {
  it("rejects a prefix, since the list names relays", () => {
    const parsed = parseTorBulkExitList("198.51.100.7\n198.51.100.0/24\n", "tor");

    expect(listed(parsed)).toEqual([["198.51.100.7", "198.51.100.7/32", 1]]);
    expect(parsed.rejections).toEqual([
      { line: 2, reason: 'expected one address per line, found the prefix "198.51.100.0/24"' },
    ]);
  });
});

describe("parseTorExitAddresses", () => {
  const RECORDS = [
    "ExitNode 0011223344556677889900AABBCCDDEEFF001122",
    "Published 2024-03-11 13:07:19",
    "LastStatus 2024-03-12 08:00:00",
    "ExitAddress 198.51.100.7 2024-03-12 08:10:51",
    "ExitNode ffeeddccbbaa00998877665544332211ffeeddcc",
    "Published 2024-03-12 02:29:55",
    "LastStatus 2024-03-12 13:00:00",
    "ExitAddress 203.0.113.9 2024-03-12 13:03:14",
    "ExitAddress 2001:db8::9 2024-03-11 22:14:51",
  ].join("\n");

  it("gives each ExitAddress line an entry with the relay fingerprint and test time", () => {
    const parsed = parseTorExitAddresses(RECORDS, "tor");

    expect(parsed.rejections).toEqual([]);
    expect(parsed.entries).toEqual([
      {
        feedName: "tor",
        listedAs: "198.51.100.7",
        prefix: "198.51.100.7/32",
        line: 4,
        detail: "0011223344556677889900AABBCCDDEEFF001122",
        lastSeenMs: Date.parse("2024-03-12T08:10:51Z"),
      },
      {
        feedName: "tor",
        listedAs: "203.0.113.9",
        prefix: "203.0.113.9/32",
        line: 8,
        detail: "FFEEDDCCBBAA00998877665544332211FFEEDDCC",
        lastSeenMs: Date.parse("2024-03-12T13:03:14Z"),
      },
      {
        feedName: "tor",
        listedAs: "2001:db8::9",
        prefix: "2001:db8::9/128",
        line: 9,
        detail: "FFEEDDCCBBAA00998877665544332211FFEEDDCC",
        lastSeenMs: Date.parse("2024-03-11T22:14:51Z"),
      },
    ]);
  });

  it("rejects malformed lines, and the lines of a record whose ExitNode is malformed", () => {
    const text = [
      "ExitAddress 198.51.100.1 2024-03-12 08:10:51",
      "ExitNode 0011",
      "Published 2024-03-11 13:07:19",
      "ExitAddress 198.51.100.2 2024-03-12 08:10:51",
      "ExitNode 0011223344556677889900AABBCCDDEEFF001122",
      "Published 2024-02-30 13:07:19",
      "ExitAddress 198.51.100.3",
      "ExitAddress 198.51.100.4 2024-03-12T08:10:51Z",
      "Contact someone@example.org",
      "ExitAddress 198.51.100.999 2024-03-12 08:10:51",
      "ExitAddress 198.51.100.5 2024-03-12 08:10:51",
    ].join("\n");

    const parsed = parseTorExitAddresses(text, "tor");

    expect(parsed.rejections).toEqual([
      { line: 1, reason: "ExitAddress line is outside a valid ExitNode record" },
      {
        line: 2,
        reason: 'ExitNode line "ExitNode 0011" does not hold one 40-digit hex fingerprint',
      },
      { line: 3, reason: "Published line is outside a valid ExitNode record" },
      { line: 4, reason: "ExitAddress line is outside a valid ExitNode record" },
      {
        line: 6,
        reason:
          'Published time "2024-02-30 13:07:19" is not a UTC date and time (YYYY-MM-DD HH:MM:SS)',
      },
      { line: 7, reason: 'ExitAddress time "" is not a UTC date and time (YYYY-MM-DD HH:MM:SS)' },
      {
        line: 8,
        reason:
          'ExitAddress time "2024-03-12T08:10:51Z" is not a UTC date and time (YYYY-MM-DD HH:MM:SS)',
      },
      {
        line: 9,
        reason:
          'unknown keyword "Contact"; expected ExitNode, Published, LastStatus or ExitAddress',
      },
      { line: 10, reason: `"198.51.100.999" ${NOT_AN_ADDRESS}` },
    ]);
    expect(listed(parsed)).toEqual([["198.51.100.5", "198.51.100.5/32", 11]]);
  });
});

describe("parseTorExitList", () => {
  it("tells the exit-addresses form from the bulk list by its first record", () => {
    const exitAddresses =
      "ExitNode 0011223344556677889900AABBCCDDEEFF001122\n" +
      "ExitAddress 198.51.100.7 2024-03-12 08:10:51\n";

    expect(torExitListFormatOf(exitAddresses)).toBe("tor-exit-addresses");
    expect(torExitListFormatOf("198.51.100.7\n")).toBe("tor-bulk-exit-list");
    expect(torExitListFormatOf("")).toBe("tor-bulk-exit-list");
    expect(parseTorExitList(exitAddresses).entries[0]?.detail).toBe(
      "0011223344556677889900AABBCCDDEEFF001122",
    );
    expect(parseTorExitList("198.51.100.7\n").entries[0]?.feedName).toBe("tor-exit-list");
  });
});

describe("parseCidrList", () => {
  it("reads Spamhaus DROP lines, keeping the SBL id as detail", () => {
    const text = [
      "; Spamhaus DROP List 2024/02/27 - (c) 2024 The Spamhaus Project",
      "; Last-Modified: Tue, 27 Feb 2024 12:00:00 GMT",
      "1.10.16.0/20 ; SBL256894",
      "1.19.0.0/16;SBL434604",
      "2001:db8::/32 ; SBL000001",
      "198.51.100.7",
      "198.51.100.0/33 ; SBL1",
      "203.0.113.0/24 198.51.100.0/24 ; SBL2",
    ].join("\n");

    const parsed = parseCidrList(text, "drop");

    expect(parsed.entries.map(({ prefix, line, detail }) => [prefix, line, detail])).toEqual([
      ["1.10.16.0/20", 3, "SBL256894"],
      ["1.19.0.0/16", 4, "SBL434604"],
      ["2001:db8::/32", 5, "SBL000001"],
      ["198.51.100.7/32", 6, undefined],
    ]);
    expect(parsed.rejections).toEqual([
      {
        line: 7,
        reason: '"198.51.100.0/33" has prefix length "33"; expected a whole number from 0 to 32',
      },
      {
        line: 8,
        reason: 'expected one address or prefix per line, found "203.0.113.0/24 198.51.100.0/24"',
      },
    ]);
  });
});

describe("parseAbuseChCsv", () => {
  it("reads dst_ip with malware, status and port as detail, rejecting bad rows by line", () => {
    const text = [
      "# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)",
      '"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"',
      '"2024-02-08 19:20:49","198.51.100.7","443","offline","2024-03-11","QakBot"',
      '"2024-02-08 19:20:49","198.51.100.999","443","online","2024-03-11","QakBot"',
      '"2024-02-08 19:20:49","198.51.100.8,"443","online","2024-03-11","QakBot"',
      '"2024-02-08 19:20:49","","443","online","2024-03-11","QakBot"',
      '"2024-02-08 19:20:49","203.0.113.9","8080","online","","Emotet"',
      "# END 5 entries",
    ].join("\n");

    const parsed = parseAbuseChCsv(text, "feodo");

    expect(parsed.entries).toEqual([
      {
        feedName: "feodo",
        listedAs: "198.51.100.7",
        prefix: "198.51.100.7/32",
        line: 3,
        detail: "QakBot, C2 offline, port 443",
        lastSeenMs: Date.parse("2024-03-11T00:00:00Z"),
      },
      {
        feedName: "feodo",
        listedAs: "203.0.113.9",
        prefix: "203.0.113.9/32",
        line: 7,
        detail: "Emotet, C2 online, port 8080",
      },
    ]);
    expect(parsed.rejections).toEqual([
      { line: 4, reason: `"198.51.100.999" ${NOT_AN_ADDRESS}` },
      {
        line: 5,
        reason:
          'not valid CSV: Invalid Closing Quote: got "4" at line 5 instead of delimiter, record delimiter, trimable character (if activated) or comment',
      },
      { line: 6, reason: "row has no dst_ip value" },
    ]);
  });

  it("rejects data rows before the header row", () => {
    const text = '"2024-02-08 19:20:49","198.51.100.7","443"\n"dst_ip"\n"198.51.100.8"\n';

    const parsed = parseAbuseChCsv(text, "feodo");

    expect(listed(parsed)).toEqual([["198.51.100.8", "198.51.100.8/32", 3]]);
    expect(parsed.rejections).toEqual([
      {
        line: 1,
        reason:
          'expected the header row naming dst_ip before any data, found "2024-02-08 19:20:49,198.51.100.7,443"',
      },
    ]);
  });
});

describe("parseScoredIpList", () => {
  const TEXT = [
    "# IPsum Threat Intelligence Feed",
    "# IP\tnumber of (black)lists",
    "198.51.100.7\t10",
    "198.51.100.8\t3",
    "198.51.100.9",
    "198.51.100.10\tmany",
    "198.51.100.11\t5",
  ].join("\n");

  it("takes the count as score and leaves out entries under minScore without rejecting them", () => {
    const parsed = parseScoredIpList(TEXT, "ipsum", { minScore: 5 });

    expect(parsed.entries.map(({ listedAs, line, score }) => [listedAs, line, score])).toEqual([
      ["198.51.100.7", 3, 10],
      ["198.51.100.11", 7, 5],
    ]);
    expect(parsed.rejections).toEqual([
      {
        line: 5,
        reason: 'expected an address and a score separated by a tab, found "198.51.100.9"',
      },
      { line: 6, reason: 'score "many" of 198.51.100.10 is not a number' },
    ]);
  });

  it("keeps every entry without minScore", () => {
    expect(parseScoredIpList(TEXT, "ipsum").entries).toHaveLength(3);
  });

  it("refuses a minScore that is not a number of at least 0, naming the feed", () => {
    expect(() => parseScoredIpList(TEXT, "ipsum", { minScore: -1 })).toThrow(
      'minScore of feed "ipsum" is -1; expected a finite number of at least 0',
    );
    expect(() => parseScoredIpList(TEXT, "ipsum", { minScore: Number.NaN })).toThrow(
      'minScore of feed "ipsum" is NaN; expected a finite number of at least 0',
    );
  });
});

describe("detectFeedFormat", () => {
  it.each([
    ['{"type":"bundle","objects":[]}', "stix-bundle"],
    ["\n  {\n}", "stix-bundle"],
    ["ExitNode 0011223344556677889900AABBCCDDEEFF001122\n", "tor-exit-addresses"],
    ['#\n"first_seen_utc","dst_ip","dst_port"\n', "abusech-csv"],
    ["first_seen_utc,dst_ip,dst_port\n", "abusech-csv"],
    ["; Spamhaus DROP\n1.10.16.0/20 ; SBL256894\n", "cidr-list"],
    ["1.10.16.0/20 ; SBL256894\n", "cidr-list"],
    ["; only comments\n", "cidr-list"],
    ["# IPsum\n198.51.100.7\t10\n", "scored-ip-list"],
    ["198.51.100.7\n198.51.100.8\n", "plain-ip-list"],
    ["1.10.16.0/20 \n", "plain-ip-list"],
    ["", "plain-ip-list"],
  ])("reads %j as %s", (text, format) => {
    expect(detectFeedFormat(text)).toBe(format);
  });
});

describe("parseThreatFeed", () => {
  it("uses an explicit format instead of detecting one", () => {
    const parsed = parseThreatFeed("198.51.100.0/24\n", "tor", { format: "tor-bulk-exit-list" });

    expect(parsed.format).toBe("tor-bulk-exit-list");
    expect(parsed.entries).toEqual([]);
    expect(parsed.rejections).toHaveLength(1);
  });

  it("applies minScore to a detected scored list", () => {
    const parsed = parseThreatFeed("198.51.100.7\t3\n198.51.100.8\t9\n", "ipsum", { minScore: 5 });

    expect(parsed.format).toBe("scored-ip-list");
    expect(parsed.entries.map((entry) => entry.listedAs)).toEqual(["198.51.100.8"]);
  });

  it("refuses minScore on a feed without scores and an unknown format, naming the feed", () => {
    expect(() => parseThreatFeed("198.51.100.7\n", "et", { minScore: 3 })).toThrow(
      'minScore is set for feed "et", whose format is plain-ip-list; expected minScore only on scored-ip-list feeds',
    );
    const fromJsonConfig = JSON.parse('{"format":"csv"}') as ThreatFeedOptions;
    expect(() => parseThreatFeed("198.51.100.7\n", "et", fromJsonConfig)).toThrow(
      'format of feed "et" is "csv"; expected auto or one of plain-ip-list, cidr-list, abusech-csv, scored-ip-list, stix-bundle, tor-bulk-exit-list, tor-exit-addresses',
    );
  });
});
