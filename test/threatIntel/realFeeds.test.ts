import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ThreatFeedFormat } from "../../shared/threatIntel/detectFeedFormat.js";
import { parseScoredIpList } from "../../shared/threatIntel/parseScoredIpList.js";
import { parseThreatFeed } from "../../shared/threatIntel/parseThreatFeed.js";
import { parseTorExitAddresses } from "../../shared/threatIntel/parseTorExitAddresses.js";
import { type FeedLoad, ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";
import { SHARED_DATA } from "../support/sharedData.js";

const TOR_DIR = `${SHARED_DATA}/tor-exit-lists/`;
const INTEL_DIR = `${SHARED_DATA}/threat-intel-ips/`;
const EXIT_ADDRESSES = `${TOR_DIR}exit-addresses.2024-03-12`;
const BULK_EXIT_LIST = `${TOR_DIR}torbulkexitlist.2024-03-12`;
const IPSUM = `${INTEL_DIR}ipsum.2026-08-22.head3000.txt`;

// Counted from the files with grep, awk and sort -u, not with the parsers under test.
const REAL_FILES: Record<string, { format: ThreatFeedFormat; entries: number; distinct: number }> =
  {
    [EXIT_ADDRESSES]: { format: "tor-exit-addresses", entries: 2_378, distinct: 1_174 },
    [BULK_EXIT_LIST]: { format: "plain-ip-list", entries: 1_174, distinct: 1_174 },
    [`${INTEL_DIR}abusech-feodo-ipblocklist.2024-04-04.csv`]: {
      format: "abusech-csv",
      entries: 28,
      distinct: 28,
    },
    [`${INTEL_DIR}abusech-sslbl-ipblocklist.2026-08-22.txt`]: {
      format: "plain-ip-list",
      entries: 7_980,
      distinct: 7_607,
    },
    [`${INTEL_DIR}et-compromised-ips.2026-08-22.txt`]: {
      format: "plain-ip-list",
      entries: 539,
      distinct: 539,
    },
    [IPSUM]: { format: "scored-ip-list", entries: 3_000, distinct: 3_000 },
    [`${INTEL_DIR}spamhaus-drop-ipv6.2024-02-27.txt`]: {
      format: "plain-ip-list",
      entries: 51,
      distinct: 51,
    },
    [`${INTEL_DIR}spamhaus-drop.2024-02-27.txt`]: {
      format: "plain-ip-list",
      entries: 989,
      distinct: 989,
    },
    [`${INTEL_DIR}spamhaus-edrop.2024-02-27.txt`]: {
      format: "plain-ip-list",
      entries: 322,
      distinct: 322,
    },
  };

const AT_MS = Date.parse("2024-03-12T15:00:00Z");

describe("the real Tor exit lists and threat-intelligence feeds", () => {
  it("are all covered by the expectations below", () => {
    const files = [TOR_DIR, INTEL_DIR].flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name !== "PROVENANCE.md")
        .map((name) => dir + name),
    );

    expect(files.sort()).toEqual(Object.keys(REAL_FILES).sort());
  });

  it.each(Object.entries(REAL_FILES))(
    "parses %s without rejections into the counted entries",
    (path, expected) => {
      const parsed = parseThreatFeed(readFileSync(path, "utf8"), "feed");

      expect(parsed.format).toBe(expected.format);
      expect(parsed.rejections).toEqual([]);
      expect(parsed.entries).toHaveLength(expected.entries);
      expect(new Set(parsed.entries.map((entry) => entry.prefix)).size).toBe(expected.distinct);
    },
  );

  it("reads one entry per ExitAddress line, 2,372 relays sharing 1,174 addresses", () => {
    const { entries } = parseTorExitAddresses(readFileSync(EXIT_ADDRESSES, "utf8"), "tor");

    expect(entries).toHaveLength(2_378);
    expect(new Set(entries.map((entry) => entry.detail)).size).toBe(2_372);
    expect(entries.filter((entry) => entry.listedAs === "23.137.251.61")).toHaveLength(12);
  });

  it("gives a relay with four ExitAddress lines four entries naming its fingerprint", () => {
    const { entries } = parseTorExitAddresses(readFileSync(EXIT_ADDRESSES, "utf8"), "tor");
    const relay = entries.filter(
      (entry) => entry.detail === "E614A111E0464B9E36A8710DA48D6626119220B7",
    );

    expect(relay.map(({ listedAs, line }) => [listedAs, line])).toEqual([
      ["84.131.48.155", 8_719],
      ["217.95.20.147", 8_720],
      ["80.139.97.191", 8_721],
      ["217.95.18.115", 8_722],
    ]);
    expect(relay[0]?.lastSeenMs).toBe(Date.parse("2024-03-10T16:16:39Z"));
  });

  it.each([
    [4, 3_000],
    [5, 1_413],
    [6, 318],
    [7, 70],
    [8, 23],
    [9, 9],
    [10, 3],
    [11, 0],
  ])("keeps the IPsum entries listed by at least %i blocklists: %i", (minScore, expected) => {
    const parsed = parseScoredIpList(readFileSync(IPSUM, "utf8"), "ipsum", { minScore });

    expect(parsed.entries).toHaveLength(expected);
    expect(parsed.rejections).toEqual([]);
  });
});

describe("ThreatIntelSet loaded from the real files", () => {
  const intel = new ThreatIntelSet();
  let loads: FeedLoad[] = [];

  beforeAll(async () => {
    loads = await intel.loadFromFiles({
      torExitLists: [EXIT_ADDRESSES, BULK_EXIT_LIST],
      feeds: [
        { name: "feodo", path: `${INTEL_DIR}abusech-feodo-ipblocklist.2024-04-04.csv` },
        { name: "sslbl", path: `${INTEL_DIR}abusech-sslbl-ipblocklist.2026-08-22.txt` },
        { name: "et-compromised", path: `${INTEL_DIR}et-compromised-ips.2026-08-22.txt` },
        { name: "ipsum", path: IPSUM, minScore: 9 },
        { name: "spamhaus-drop", path: `${INTEL_DIR}spamhaus-drop.2024-02-27.txt` },
        {
          name: "spamhaus-edrop",
          path: `${INTEL_DIR}spamhaus-edrop.2024-02-27.txt`,
          format: "cidr-list",
        },
        { name: "spamhaus-drop-ipv6", path: `${INTEL_DIR}spamhaus-drop-ipv6.2024-02-27.txt` },
      ],
    });
  });

  it("loads every list and feed without rejections", () => {
    expect(
      loads.map(({ name, role, format, entryCount, rejections }) => [
        name,
        role,
        format,
        entryCount,
        rejections.length,
      ]),
    ).toEqual([
      ["exit-addresses.2024-03-12", "tor", "tor-exit-addresses", 2_378, 0],
      ["torbulkexitlist.2024-03-12", "tor", "tor-bulk-exit-list", 1_174, 0],
      ["feodo", "suspicious", "abusech-csv", 28, 0],
      ["sslbl", "suspicious", "plain-ip-list", 7_980, 0],
      ["et-compromised", "suspicious", "plain-ip-list", 539, 0],
      ["ipsum", "suspicious", "scored-ip-list", 9, 0],
      ["spamhaus-drop", "suspicious", "plain-ip-list", 989, 0],
      ["spamhaus-edrop", "suspicious", "cidr-list", 322, 0],
      ["spamhaus-drop-ipv6", "suspicious", "plain-ip-list", 51, 0],
    ]);
    expect(intel.torEntryCount).toBe(3_552);
    expect(intel.suspiciousEntryCount).toBe(9_918);
  });

  it("names the relay and its last test time for a Tor exit address", () => {
    expect(intel.classify("185.241.208.232", AT_MS)).toEqual({
      tor: {
        entry: {
          feedName: "exit-addresses.2024-03-12",
          listedAs: "185.241.208.232",
          prefix: "185.241.208.232/32",
          line: 4,
          detail: "FE39F07EBE7870DCE124AB30DF3ABD0700A43F75",
          lastSeenMs: Date.parse("2024-03-12T08:10:51Z"),
        },
        alsoListedBy: ["torbulkexitlist.2024-03-12"],
      },
      suspicious: null,
    });
  });

  it("names the Feodo Tracker entry of a listed C2 address", () => {
    expect(intel.classify("192.9.135.73", AT_MS)).toEqual({
      tor: null,
      suspicious: {
        entry: {
          feedName: "feodo",
          listedAs: "192.9.135.73",
          prefix: "192.9.135.73/32",
          line: 10,
          detail: "Pikabot, C2 online, port 1194",
          lastSeenMs: Date.parse("2024-04-01T00:00:00Z"),
        },
        alsoListedBy: [],
      },
    });
  });

  it("matches an address inside a Spamhaus DROP /20 and names the /20", () => {
    const inside = intel.classify("1.10.31.255", AT_MS).suspicious;

    expect(inside?.entry).toEqual({
      feedName: "spamhaus-drop",
      listedAs: "1.10.16.0/20",
      prefix: "1.10.16.0/20",
      line: 1,
    });
    expect(intel.classify("1.10.32.0", AT_MS).suspicious).toBeNull();
    expect(intel.classify("1.10.15.255", AT_MS).suspicious).toBeNull();
  });

  it("prefers the EDROP /24 nested in a DROP /23 and still names the /23", () => {
    const nested = intel.classify("5.188.11.7", AT_MS).suspicious;
    const outer = intel.classify("5.188.10.7", AT_MS).suspicious;

    expect(nested?.entry.prefix).toBe("5.188.11.0/24");
    expect(nested?.entry.feedName).toBe("spamhaus-edrop");
    expect(nested?.entry.line).toBe(11);
    expect(nested?.alsoListedBy).toEqual(["spamhaus-drop"]);
    expect(outer?.entry.prefix).toBe("5.188.10.0/23");
    expect(outer?.entry.line).toBe(10);
    expect(outer?.alsoListedBy).toEqual([]);
  });

  it("matches addresses inside an IPv6 DROP /29 and nothing past its end", () => {
    for (const inside of [
      "2a12:2640::",
      "2a12:2647:ffff:ffff:ffff:ffff:ffff:ffff",
      "2a12:2643::80",
    ]) {
      expect(intel.classify(inside, AT_MS).suspicious?.entry).toEqual({
        feedName: "spamhaus-drop-ipv6",
        listedAs: "2a12:2640::/29",
        prefix: "2a12:2640::/29",
        line: 1,
      });
    }
    expect(intel.classify("2a12:2648::", AT_MS).suspicious).toBeNull();
  });

  it("reports the first loaded feed of an address listed by several, and the others", () => {
    const listed = intel.classify("2.57.122.53", AT_MS).suspicious;

    expect(listed?.entry).toEqual({
      feedName: "et-compromised",
      listedAs: "2.57.122.53",
      prefix: "2.57.122.53/32",
      line: 261,
    });
    expect(listed?.alsoListedBy).toEqual(["ipsum", "spamhaus-edrop"]);
  });

  it("leaves out IPsum entries under minScore, so only wider listings remain", () => {
    const belowMinScore = intel.classify("2.57.122.238", AT_MS).suspicious;

    expect(belowMinScore?.entry.feedName).toBe("spamhaus-edrop");
    expect(belowMinScore?.entry.prefix).toBe("2.57.122.0/24");
    expect(belowMinScore?.alsoListedBy).toEqual([]);
    expect(intel.classify("80.82.77.33", AT_MS).suspicious?.entry).toEqual({
      feedName: "ipsum",
      listedAs: "80.82.77.33",
      prefix: "80.82.77.33/32",
      line: 14,
      score: 9,
    });
  });
});
