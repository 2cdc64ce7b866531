import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";
import {
  fetchListText,
  refreshThreatIntel,
  threatIntelSetOf,
} from "../../shared/threatIntel/refreshThreatIntel.js";
import { ThreatIntelStore } from "../../shared/threatIntel/threatIntelStore.js";
import { openFreshTables } from "../support/azuriteTables.js";

const TOR_LIST = "185.241.208.232\n194.26.192.64\n";
let server: Server;
let baseUrl: string;
let torAnswer = { status: 200, body: TOR_LIST };

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/tor") {
      response.writeHead(torAnswer.status).end(torAnswer.body);
    } else if (request.url === "/feed") {
      response.writeHead(200).end("# feed\n198.51.100.0/24\n");
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function openStore() {
  return new ThreatIntelStore((await openFreshTables()).threatIntel);
}

function settingsFor(torSource: string) {
  return loadSettings({
    GATEWARDEN_TOR_EXIT_LISTS: torSource,
    GATEWARDEN_THREAT_FEEDS: JSON.stringify([
      { name: "partner-blocklist", source: `${baseUrl}/feed` },
    ]),
  }).threatIntel;
}

describe("refreshThreatIntel", () => {
  it("downloads every list into Table Storage, where ingest instances load them", async () => {
    torAnswer = { status: 200, body: TOR_LIST };
    const store = await openStore();

    const outcomes = await refreshThreatIntel(
      settingsFor(`${baseUrl}/tor`),
      store,
      Date.parse("2024-05-02T10:07:00Z"),
    );
    const set = threatIntelSetOf(await store.loadAll());

    expect(outcomes).toEqual([
      { name: "tor-exit-list", source: `${baseUrl}/tor`, entryCount: 2 },
      { name: "partner-blocklist", source: `${baseUrl}/feed`, entryCount: 1 },
    ]);
    expect(set.classify("194.26.192.64", Date.now()).tor?.entry.listedAs).toBe("194.26.192.64");
    expect(set.classify("198.51.100.77", Date.now()).suspicious?.entry.feedName).toBe(
      "partner-blocklist",
    );
  });

  it("keeps the previous copy when the source fails or returns an empty list", async () => {
    const store = await openStore();
    torAnswer = { status: 200, body: TOR_LIST };
    await refreshThreatIntel(
      settingsFor(`${baseUrl}/tor`),
      store,
      Date.parse("2024-05-02T10:07:00Z"),
    );

    torAnswer = { status: 200, body: "# nothing today\n" };
    const [empty] = await refreshThreatIntel(
      settingsFor(`${baseUrl}/tor`),
      store,
      Date.parse("2024-05-02T11:07:00Z"),
      fetchListText,
    );
    const stored = (await store.loadAll()).find((list) => list.name === "tor-exit-list");

    expect(empty!.entryCount).toBeNull();
    expect(empty!.failure).toBe(
      `tor-exit-list: ${baseUrl}/tor parsed to no usable entries; the previous copy stays`,
    );
    expect(stored?.text).toBe(TOR_LIST);
    expect(stored?.fetchedAtMs).toBe(Date.parse("2024-05-02T10:07:00Z"));
  });

  it("reports why a download failed and stores nothing for it", async () => {
    const store = await openStore();
    const failing = async (source: string) => {
      throw new Error(`${source} answered 503 Service Unavailable`);
    };

    const [outcome] = await refreshThreatIntel(
      settingsFor(`${baseUrl}/tor`),
      store,
      Date.now(),
      failing,
    );

    expect(outcome).toEqual({
      name: "tor-exit-list",
      source: `${baseUrl}/tor`,
      entryCount: null,
      failure: `${baseUrl}/tor answered 503 Service Unavailable`,
    });
  });

  it("rejects two feeds with the same name at start-up, naming the setting", () => {
    expect(() =>
      loadSettings({
        GATEWARDEN_THREAT_FEEDS: JSON.stringify([
          { name: "a", source: "x" },
          { name: "a", source: "y" },
        ]),
      }),
    ).toThrow('GATEWARDEN_THREAT_FEEDS: feed name "a" is used twice; names must be unique');
  });
});
