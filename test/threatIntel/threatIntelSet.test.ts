import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";

const AT_MS = Date.parse("2024-03-12T15:00:00Z");
const NEVER_MATCH =
  "private, loopback, link-local, unspecified and multicast addresses never match";

describe("ThreatIntelSet", () => {
  it("rejects entries in or covering non-public ranges, and keeps documentation ranges", () => {
    const intel = new ThreatIntelSet();
    const feed = [
      "10.0.0.0/8",
      "192.168.1.5",
      "172.31.255.255",
      "127.0.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.251",
      "8.0.0.0/5",
      "0.0.0.0/0",
      "::",
      "::1",
      "fd00::1",
      "fe80::/64",
      "ff02::1",
      "::ffff:10.1.2.3",
      "192.0.2.0/24",
      "198.51.100.7",
      "203.0.113.0/24",
      "2001:db8::/32",
      "100.64.0.1",
    ].join("\n");

    const load = intel.addFeed(feed, "misconfigured");

    expect(load.entryCount).toBe(5);
    expect(load.rejections).toEqual([
      { line: 1, reason: `10.0.0.0/8 is in the private range 10.0.0.0/8; ${NEVER_MATCH}` },
      { line: 2, reason: `192.168.1.5 is in the private range 192.168.0.0/16; ${NEVER_MATCH}` },
      { line: 3, reason: `172.31.255.255 is in the private range 172.16.0.0/12; ${NEVER_MATCH}` },
      { line: 4, reason: `127.0.0.1 is in the loopback range 127.0.0.0/8; ${NEVER_MATCH}` },
      {
        line: 5,
        reason: `169.254.169.254 is in the link-local range 169.254.0.0/16; ${NEVER_MATCH}`,
      },
      { line: 6, reason: `0.0.0.0 is in the unspecified range 0.0.0.0/8; ${NEVER_MATCH}` },
      { line: 7, reason: `224.0.0.251 is in the multicast range 224.0.0.0/4; ${NEVER_MATCH}` },
      { line: 8, reason: `8.0.0.0/5 covers the private range 10.0.0.0/8; ${NEVER_MATCH}` },
      { line: 9, reason: `0.0.0.0/0 covers the unspecified range 0.0.0.0/8; ${NEVER_MATCH}` },
      { line: 10, reason: `:: is in the unspecified range ::/128; ${NEVER_MATCH}` },
      { line: 11, reason: `::1 is in the loopback range ::1/128; ${NEVER_MATCH}` },
      { line: 12, reason: `fd00::1 is in the private range fc00::/7; ${NEVER_MATCH}` },
      { line: 13, reason: `fe80::/64 is in the link-local range fe80::/10; ${NEVER_MATCH}` },
      { line: 14, reason: `ff02::1 is in the multicast range ff00::/8; ${NEVER_MATCH}` },
      { line: 15, reason: `::ffff:10.1.2.3 is in the private range 10.0.0.0/8; ${NEVER_MATCH}` },
    ]);
    for (const client of ["10.1.2.3", "192.168.1.5", "169.254.169.254", "::ffff:10.1.2.3"]) {
      expect(intel.classify(client, AT_MS)).toEqual({ tor: null, suspicious: null });
    }
    expect(intel.classify("192.0.2.55", AT_MS).suspicious?.entry.prefix).toBe("192.0.2.0/24");
    expect(intel.classify("2001:db8::7", AT_MS).suspicious?.entry.prefix).toBe("2001:db8::/32");
    expect(intel.classify("100.64.0.1", AT_MS).suspicious?.entry.line).toBe(20);
  });

  it("applies the non-public rule to Tor exit lists as well", () => {
    const intel = new ThreatIntelSet();

    const load = intel.addTorExitList("198.51.100.7\n10.1.2.3\n", "torbulkexitlist");

    expect(load).toEqual({
      name: "torbulkexitlist",
      role: "tor",
      format: "tor-bulk-exit-list",
      entryCount: 1,
      rejections: [
        { line: 2, reason: `10.1.2.3 is in the private range 10.0.0.0/8; ${NEVER_MATCH}` },
      ],
    });
    expect(intel.classify("198.51.100.7", AT_MS).tor?.entry.feedName).toBe("torbulkexitlist");
    expect(intel.classify("198.51.100.7", AT_MS).suspicious).toBeNull();
  });

  it("lists parser rejections and non-public rejections together in line order", () => {
    const intel = new ThreatIntelSet();

    const load = intel.addFeed("10.0.0.1\nbad\n198.51.100.7\n", "feed", {
      format: "plain-ip-list",
    });

    expect(load.rejections.map((rejection) => rejection.line)).toEqual([1, 2]);
  });

  it("refuses to classify text that is not an address", () => {
    expect(() => new ThreatIntelSet().classify("198.51.100.7:443", AT_MS)).toThrow(
      '"198.51.100.7:443" is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone',
    );
  });
});

describe("ThreatIntelSet.loadFromFiles", () => {
  let dir = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gatewarden-threat-intel-"));
    await writeFile(join(dir, "torbulkexitlist"), "198.51.100.7\n");
    await writeFile(join(dir, "blocklist.txt.gz"), gzipSync("# gzip\n203.0.113.0/24\n"));
    await writeFile(join(dir, "ipsum.txt"), "198.51.100.8\t2\n198.51.100.9\t7\n");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads plain and gzip files, naming Tor lists after their file", async () => {
    const intel = new ThreatIntelSet();

    const loads = await intel.loadFromFiles({
      torExitLists: [join(dir, "torbulkexitlist")],
      feeds: [
        { name: "blocklist", path: join(dir, "blocklist.txt.gz") },
        { name: "ipsum", path: join(dir, "ipsum.txt"), format: "scored-ip-list", minScore: 3 },
      ],
    });

    expect(loads.map(({ name, format, entryCount }) => [name, format, entryCount])).toEqual([
      ["torbulkexitlist", "tor-bulk-exit-list", 1],
      ["blocklist", "plain-ip-list", 1],
      ["ipsum", "scored-ip-list", 1],
    ]);
    expect(intel.classify("203.0.113.77", AT_MS).suspicious?.entry.line).toBe(2);
    expect(intel.classify("198.51.100.8", AT_MS).suspicious).toBeNull();
    expect(intel.classify("198.51.100.9", AT_MS).suspicious?.entry.score).toBe(7);
  });

  it("fails before adding anything when a file cannot be read, keeping the cause", async () => {
    const intel = new ThreatIntelSet();
    const missing = join(dir, "missing.txt");

    const loading = intel.loadFromFiles({
      torExitLists: [join(dir, "torbulkexitlist")],
      feeds: [{ name: "missing", path: missing }],
    });

    await expect(loading).rejects.toThrow(
      `cannot read feed "missing" from "${missing}": ENOENT: no such file or directory, open '${missing}'`,
    );
    await expect(loading).rejects.toHaveProperty("cause.code", "ENOENT");
    expect(intel.torEntryCount).toBe(0);
  });

  it("refuses feeds with a repeated or empty name", async () => {
    const intel = new ThreatIntelSet();
    const path = join(dir, "ipsum.txt");

    await expect(
      intel.loadFromFiles({
        torExitLists: [],
        feeds: [
          { name: "ipsum", path },
          { name: "ipsum", path },
        ],
      }),
    ).rejects.toThrow('threat feed name "ipsum" is used twice; expected unique names');
    await expect(
      intel.loadFromFiles({ torExitLists: [], feeds: [{ name: " ", path }] }),
    ).rejects.toThrow(`threat feed at "${path}" has an empty name; expected a name for alerts`);
  });
});
