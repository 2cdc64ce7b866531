import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ATTACK_KINDS } from "../../../eval/generator/attacks/attackInjectors.js";
import type {
  AttackLabel,
  BenignLabel,
  BenignScenarioName,
} from "../../../eval/generator/datasetLabel.js";
import { NEW_SPA_STARTUP } from "../../../eval/generator/scenarios/spaRelease.js";
import { DETECTIONS, type DetectionId } from "../../../shared/alerts/alertCatalog.js";
import { createUserAgentClassifier } from "../../../shared/detectors/userAgent/classifyUserAgent.js";
import type { RequestRecord } from "../../../shared/records/requestRecord.js";
import {
  generateAndRead,
  queryValue,
  type ReadDataset,
  recordsBetween,
} from "./generatedDataset.js";
import { SHARED_DATA } from "../../support/sharedData.js";

const WINDOW_MS = 20 * 60_000;
const DAY_MS = 86_400_000;
const DATA = SHARED_DATA;

let dataset: ReadDataset;
let attacks: AttackLabel[];

beforeAll(() => {
  dataset = generateAndRead({ seed: 1, days: 2, requestsPerDay: 20_000 });
  attacks = dataset.labels.filter((label): label is AttackLabel => "detectionId" in label);
});

function labelFor(detectionId: DetectionId): AttackLabel {
  const label = attacks.find((candidate) => candidate.detectionId === detectionId);
  if (label === undefined) throw new Error(`no label for ${detectionId}`);
  return label;
}

/** The label's records, narrowed to its entity's client, endpoint and status where it names them. */
function entityRecords(
  label: AttackLabel,
  startMs = label.startMs,
  endMs = label.endMs,
): RequestRecord[] {
  return recordsBetween(dataset.records, startMs, endMs).filter(
    (record) =>
      (label.entity.clientIp === undefined || record.clientIp === label.entity.clientIp) &&
      (label.entity.endpoint === undefined || record.endpoint === label.entity.endpoint) &&
      (label.entity.statusCode === undefined || record.statusCode === label.entity.statusCode),
  );
}

function warmupRecords(label: AttackLabel): RequestRecord[] {
  return entityRecords(
    label,
    Date.parse("2024-03-04T00:00:00Z"),
    Date.parse("2024-03-05T00:00:00Z"),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function distinct<T>(values: T[]): number {
  return new Set(values).size;
}

function listedAddresses(relativePath: string): Set<string> {
  return new Set(
    readFileSync(`${DATA}/${relativePath}`, "utf8")
      .split("\n")
      .map((line) => line.trim()),
  );
}

describe("attack labels", () => {
  it("label each of the 13 detections once, with the catalog's alert type", () => {
    expect(attacks.map((label) => label.detectionId).sort()).toEqual([...ATTACK_KINDS].sort());
    for (const label of attacks)
      expect(label.alertType).toBe(DETECTIONS.get(label.detectionId)?.alertType);
  });

  it("sit after the warm-up, each in its own aligned 20-minute window with a clean window either side", () => {
    const warmupEndMs = Date.parse("2024-03-05T00:00:00Z");
    const starts = attacks.map((label) => label.startMs).sort((left, right) => left - right);
    for (const label of attacks) {
      expect(label.startMs % WINDOW_MS).toBe(0);
      expect(label.endMs - label.startMs).toBe(WINDOW_MS);
      expect(label.startMs).toBeGreaterThanOrEqual(warmupEndMs);
    }
    starts.forEach((start, index) => {
      if (index > 0)
        expect(start - (starts[index - 1] as number)).toBeGreaterThanOrEqual(2 * WINDOW_MS);
    });
  });

  it("API_PopulationSpikeInAPITraffic: the endpoint gets its size in 401s, ten times the same window a day earlier", () => {
    const label = labelFor("API_PopulationSpikeInAPITraffic");
    const spike = entityRecords(label);
    const dayBefore = entityRecords(label, label.startMs - DAY_MS, label.endMs - DAY_MS);
    expect(spike.length).toBeGreaterThanOrEqual(label.size);
    expect(spike.length).toBeGreaterThanOrEqual(10 * (dayBefore.length + 1));
    expect(distinct(spike.map((record) => record.clientIp))).toBeGreaterThanOrEqual(
      label.size / 10,
    );
  });

  it("API_SpikeInAPITraffic: a client seen during the warm-up sends its size in calls to the endpoint", () => {
    const label = labelFor("API_SpikeInAPITraffic");
    expect(entityRecords(label).length).toBeGreaterThanOrEqual(label.size);
    expect(warmupRecords(label).length).toBeGreaterThan(0);
  });

  it.each([
    ["API_SpikeInPayload/response", (record: RequestRecord) => record.responseBytes],
    ["API_SpikeInPayload/request", (record: RequestRecord) => record.requestBytes],
    ["API_SpikeInLatency", (record: RequestRecord) => record.latencyMs],
  ] as const)("%s: the pair's calls exceed size x its warm-up median", (detectionId, measure) => {
    const label = labelFor(detectionId);
    const baseline = median(warmupRecords(label).map(measure));
    const unusual = entityRecords(label).filter(
      (record) => measure(record) >= label.size * baseline,
    );
    expect(warmupRecords(label).length).toBeGreaterThanOrEqual(20);
    expect(unusual.length).toBe(label.injectedRecords);
  });

  it("API_SprayInRequests: the client touches at least size distinct endpoints, mostly unmatched 404s", () => {
    const label = labelFor("API_SprayInRequests");
    const records = entityRecords(label);
    expect(distinct(records.map((record) => record.endpoint))).toBeGreaterThanOrEqual(label.size);
    expect(records.filter((record) => record.statusCode === 404).length).toBeGreaterThan(
      records.length / 2,
    );
  });

  it("API_ParameterEnumeration: the client sends at least size distinct values of the parameter", () => {
    const label = labelFor("API_ParameterEnumeration");
    const values = entityRecords(label).map((record) =>
      queryValue(record, label.entity.parameter ?? ""),
    );
    expect(distinct(values.filter((value) => value !== undefined))).toBeGreaterThanOrEqual(
      label.size,
    );
  });

  it("API_DistributedParameterEnumeration: many clients send size distinct values, far above the day before", () => {
    const label = labelFor("API_DistributedParameterEnumeration");
    const valuesIn = (records: RequestRecord[]) =>
      distinct(
        records.map((record) => queryValue(record, "code")).filter((value) => value !== undefined),
      );
    const records = entityRecords(label);
    expect(valuesIn(records)).toBeGreaterThanOrEqual(label.size);
    expect(valuesIn(records)).toBeGreaterThan(
      10 * valuesIn(entityRecords(label, label.startMs - DAY_MS, label.endMs - DAY_MS)),
    );
    expect(distinct(records.map((record) => record.clientIp))).toBeGreaterThanOrEqual(
      label.size / 20,
    );
  });

  it("API_UnseenParam: the client sends a parameter the endpoint never received in the warm-up", () => {
    const label = labelFor("API_UnseenParam");
    const name = label.entity.parameter ?? "";
    const withParameter = entityRecords(label).filter(
      (record) => queryValue(record, name) !== undefined,
    );
    const endpointWarmup = warmupRecords({ ...label, entity: { endpoint: label.entity.endpoint } });
    expect(withParameter.length).toBe(label.size);
    expect(endpointWarmup.length).toBeGreaterThan(100);
    expect(endpointWarmup.some((record) => queryValue(record, name) !== undefined)).toBe(false);
  });

  it("API_UnseenParamType: the client sends text where the warm-up only ever sent integers", () => {
    const label = labelFor("API_UnseenParamType");
    const name = label.entity.parameter ?? "";
    const isInteger = (value: string | undefined) => value === undefined || /^\d+$/.test(value);
    const endpointWarmup = warmupRecords({ ...label, entity: { endpoint: label.entity.endpoint } });
    const injected = entityRecords(label).filter((record) => !isInteger(queryValue(record, name)));
    expect(injected.length).toBe(label.size);
    expect(endpointWarmup.every((record) => isInteger(queryValue(record, name)))).toBe(true);
  });

  it("API_AccessFromTorExitNode and API_AccessFromSuspiciousIP: the client is on the shared lists", () => {
    const tor = labelFor("API_AccessFromTorExitNode");
    const listed = labelFor("API_AccessFromSuspiciousIP");
    expect(
      listedAddresses("tor-exit-lists/torbulkexitlist.2024-03-12").has(tor.entity.clientIp ?? ""),
    ).toBe(true);
    const compromised = listedAddresses("threat-intel-ips/et-compromised-ips.2026-08-22.txt");
    expect(compromised.has(listed.entity.clientIp ?? "")).toBe(true);
    expect(entityRecords(tor).length).toBe(tor.size);
    expect(entityRecords(listed).length).toBe(listed.size);
  });

  it("API_AccessFromSuspiciousUserAgent: our classifier flags every one of the client's User-Agents", () => {
    const label = labelFor("API_AccessFromSuspiciousUserAgent");
    const classify = createUserAgentClassifier();
    const findings = entityRecords(label).map((record) => classify(record.userAgent)?.category);
    expect(findings).toHaveLength(label.size);
    expect(new Set(findings)).toEqual(new Set(["log4shell", "shellshock", "command-injection"]));
  });

  it("leave every benign User-Agent unflagged by our classifier", () => {
    const classify = createUserAgentClassifier();
    const attackerIp = labelFor("API_AccessFromSuspiciousUserAgent").entity.clientIp;
    const flagged = dataset.records.filter(
      (record) => record.clientIp !== attackerIp && classify(record.userAgent) !== null,
    );
    expect(flagged.map((record) => record.userAgent)).toEqual([]);
  });

  it("never put a benign client on a Tor or threat list", () => {
    const listed = new Set([
      ...listedAddresses("tor-exit-lists/torbulkexitlist.2024-03-12"),
      ...listedAddresses("threat-intel-ips/et-compromised-ips.2026-08-22.txt"),
    ]);
    const expected = new Set(
      [labelFor("API_AccessFromTorExitNode"), labelFor("API_AccessFromSuspiciousIP")].map(
        (label) => label.entity.clientIp,
      ),
    );
    const hits = new Set(
      dataset.records.map((record) => record.clientIp).filter((ip) => listed.has(ip)),
    );
    expect(hits).toEqual(expected);
  });
});

function scenarioLabel(scenario: BenignScenarioName): BenignLabel {
  const label = dataset.labels.find(
    (candidate) => "benign" in candidate && candidate.scenario === scenario,
  );
  if (label === undefined || !("benign" in label)) throw new Error(`no label for ${scenario}`);
  return label;
}

function distinctValues(records: RequestRecord[], name: string): number {
  return new Set(
    records.map((record) => queryValue(record, name)).filter((value) => value !== undefined),
  ).size;
}

function onEndpoint(records: RequestRecord[], endpoint: string | undefined): RequestRecord[] {
  return records.filter((record) => record.endpoint === endpoint);
}

describe("benign scenario labels", () => {
  it("label all six hard negatives as benign, after the warm-up", () => {
    const benign = dataset.labels.filter((label): label is BenignLabel => "benign" in label);
    expect(benign.map((label) => label.scenario).sort()).toEqual([
      "deploy-slowdown",
      "marketing-day",
      "new-api-version",
      "pagination-run",
      "search-long-tail",
      "spa-startup",
    ]);
    for (const label of benign)
      expect(label.startMs).toBeGreaterThanOrEqual(Date.parse("2024-03-05T00:00:00Z"));
  });

  it("deploy-slowdown: the API's median latency is at least 2.5x the same hours a day earlier", () => {
    const label = scenarioLabel("deploy-slowdown");
    const latencies = (startMs: number, endMs: number) =>
      recordsBetween(dataset.records, startMs, endMs)
        .filter((record) => record.apiId === label.entity.apiId && record.statusCode === 200)
        .map((record) => record.latencyMs);
    const slow = median(latencies(label.startMs, label.endMs));
    const usual = median(latencies(label.startMs - DAY_MS, label.endMs - DAY_MS));
    expect(label.endMs - label.startMs).toBe(2 * 3_600_000);
    expect(slow).toBeGreaterThanOrEqual(2.5 * usual);
  });

  it("marketing-day: the day carries at least 1.8x the records of the day before", () => {
    const label = scenarioLabel("marketing-day");
    const count = (startMs: number) =>
      recordsBetween(dataset.records, startMs, startMs + DAY_MS).length;
    expect(count(label.startMs)).toBeGreaterThanOrEqual(1.8 * count(label.startMs - DAY_MS));
  });

  it("pagination-run: one known client asks for pages 1 to 30 of one endpoint in one window", () => {
    const label = scenarioLabel("pagination-run");
    const records = onEndpoint(
      recordsBetween(dataset.records, label.startMs, label.endMs),
      label.entity.endpoint,
    ).filter((record) => record.clientIp === label.entity.clientIp);
    const pages = new Set(records.map((record) => Number(queryValue(record, "page"))));
    for (let page = 1; page <= 30; page += 1) expect(pages.has(page)).toBe(true);
  });

  it("new-api-version: every call to the endpoint carries the new parameter from the release on, none before", () => {
    const label = scenarioLabel("new-api-version");
    const name = label.entity.parameter ?? "";
    const endpointRecords = onEndpoint(dataset.records, label.entity.endpoint);
    const after = endpointRecords.filter((record) => record.timeMs >= label.startMs);
    const before = endpointRecords.filter((record) => record.timeMs < label.startMs);
    expect(after.every((record) => queryValue(record, name) !== undefined)).toBe(true);
    expect(before.some((record) => queryValue(record, name) !== undefined)).toBe(false);
    expect(new Set(after.map((record) => record.clientIp)).size).toBeGreaterThan(100);
  });

  it("new-api-version: allows by design one API_UnseenParam naming its endpoint and parameter", () => {
    const label = scenarioLabel("new-api-version");

    expect(label.expectedAlerts).toEqual([
      expect.objectContaining({
        detectionId: "API_UnseenParam",
        entity: { endpoint: "catalog-api;list-products", parameter: "includeVariants" },
        maxAlerts: 1,
      }),
    ]);
  });

  it("no scenario but new-api-version allows an alert by design", () => {
    const benign = dataset.labels.filter((label): label is BenignLabel => "benign" in label);
    const allowing = benign.filter((label) => label.expectedAlerts !== undefined);

    expect(allowing.map((label) => label.scenario)).toEqual(["new-api-version"]);
  });

  it("search-long-tail: hundreds of distinct terms from hundreds of clients, several times the day before", () => {
    const label = scenarioLabel("search-long-tail");
    const window = onEndpoint(
      recordsBetween(dataset.records, label.startMs, label.endMs),
      label.entity.endpoint,
    );
    const dayBefore = onEndpoint(
      recordsBetween(dataset.records, label.startMs - DAY_MS, label.endMs - DAY_MS),
      label.entity.endpoint,
    );
    expect(distinctValues(window, "q")).toBeGreaterThanOrEqual(300);
    expect(new Set(window.map((record) => record.clientIp)).size).toBeGreaterThanOrEqual(200);
    expect(distinctValues(window, "q")).toBeGreaterThan(5 * distinctValues(dayBefore, "q"));
  });

  it("spa-startup: browser sessions load all 25 start-up endpoints within a second, and only after the release", () => {
    const label = scenarioLabel("spa-startup");
    const startup = new Set(NEW_SPA_STARTUP.map((operation) => operation.endpoint));
    // Counts calls that open a second in which their client reaches all 25 start-up endpoints.
    const fullStartups = (records: RequestRecord[]) => {
      const byClient = new Map<string, RequestRecord[]>();
      for (const record of records.filter((candidate) => startup.has(candidate.endpoint))) {
        byClient.set(record.clientIp, [...(byClient.get(record.clientIp) ?? []), record]);
      }
      let count = 0;
      for (const calls of byClient.values()) {
        calls.forEach((first, index) => {
          const within = calls.slice(index).filter((call) => call.timeMs < first.timeMs + 1_000);
          if (new Set(within.map((call) => call.endpoint)).size === startup.size) count += 1;
        });
      }
      return count;
    };
    expect(
      fullStartups(dataset.records.filter((record) => record.timeMs >= label.startMs)),
    ).toBeGreaterThan(50);
    expect(fullStartups(dataset.records.filter((record) => record.timeMs < label.startMs))).toBe(0);
  });
});
