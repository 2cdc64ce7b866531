import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../../../eval/generator/apiCatalog.js";
import { generateDataset } from "../../../eval/generator/generateDataset.js";
import { generateAndRead, type ReadDataset, readLabels } from "./generatedDataset.js";

const SMALL = { seed: 1, days: 2, requestsPerDay: 20_000 } as const;
/** Enough for every attack and scenario, small enough to generate three times quickly. */
const TINY = { seed: 1, days: 2, requestsPerDay: 3_000 } as const;
const APIM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function hashFolder(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex");
}

const generatedDirs: string[] = [];

function generateInto(config: Partial<Parameters<typeof generateDataset>[0]>): string {
  const outDir = mkdtempSync(join(tmpdir(), "gatewarden-generator-"));
  generatedDirs.push(outDir);
  generateDataset({ ...TINY, ...config, outDir });
  return outDir;
}

function correlationIds(dir: string): string[] {
  const ids: string[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.startsWith("gatewaylogs-"))
    .sort()) {
    const text = readFileSync(join(dir, name), "utf8");
    for (const match of text.matchAll(/"correlationId":"([0-9a-f-]{36})"/g))
      ids.push(match[1] as string);
  }
  return ids;
}

describe("generateDataset", () => {
  let dataset: ReadDataset;

  beforeAll(() => {
    dataset = generateAndRead(SMALL);
  });

  afterAll(() => {
    for (const dir of generatedDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("writes byte-identical output for the same seed and different output for another", () => {
    const first = hashFolder(generateInto({}));
    expect(hashFolder(generateInto({}))).toBe(first);
    expect(hashFolder(generateInto({ seed: 2 }))).not.toBe(first);
  });

  it("adds attack records without moving a single benign record", () => {
    const withAttacks = generateInto({});
    const labels = readLabels(withAttacks);
    const attacked = new Set(correlationIds(withAttacks));
    const quiet = correlationIds(generateInto({ attacks: [] }));
    const injected = labels.reduce(
      (sum, label) => sum + ("injectedRecords" in label ? label.injectedRecords : 0),
      0,
    );
    expect(quiet.every((id) => attacked.has(id))).toBe(true);
    expect(attacked.size - quiet.length).toBe(injected);
  });

  it("writes records that our Event Hubs reader accepts without a single rejection", () => {
    expect(dataset.rejections).toEqual([]);
    expect(dataset.records.length).toBe(dataset.manifest.totals.records);
  });

  it("writes one file per UTC day, envelopes of at most 500 records, each file in time order", () => {
    expect(dataset.files).toEqual([
      "gatewaylogs-2024-03-04.ndjson",
      "gatewaylogs-2024-03-05.ndjson",
    ]);
    expect(Math.max(...dataset.envelopeSizes)).toBeLessThanOrEqual(500);
    expect(Math.min(...dataset.envelopeSizes)).toBeGreaterThan(0);
    const times = dataset.records.map((record) => record.timeMs);
    expect(times.every((time, index) => index === 0 || time >= (times[index - 1] as number))).toBe(
      true,
    );
    const firstDayEnd = Date.parse("2024-03-05T00:00:00Z");
    const firstDayRecords = dataset.manifest.recordsPerDay[0]?.records ?? 0;
    expect(times.slice(0, firstDayRecords).every((time) => time < firstDayEnd)).toBe(true);
    expect(times.slice(firstDayRecords).every((time) => time >= firstDayEnd)).toBe(true);
  });

  it("writes APIM's GatewayLogs field names and formats", () => {
    for (const raw of dataset.rawRecords.slice(0, 2_000)) {
      const properties = raw.properties as Record<string, unknown>;
      expect(raw.category).toBe("GatewayLogs");
      expect(raw.operationName).toBe("Microsoft.ApiManagement/GatewayLogs");
      expect(raw.time).toMatch(APIM_TIME);
      expect(raw.correlationId).toMatch(GUID);
      expect(raw.resourceId).toBe(String(raw.resourceId).toUpperCase());
      expect(raw.resourceId).toMatch(
        /^\/SUBSCRIPTIONS\/.+\/PROVIDERS\/MICROSOFT\.APIMANAGEMENT\/SERVICE\//,
      );
      expect(typeof raw.durationMs).toBe("number");
      expect(String(properties.url)).toMatch(/^https:\/\/contoso-shop\.azure-api\.net\//);
      for (const field of ["method", "responseCode", "requestSize", "responseSize", "clientTime"]) {
        expect(properties).toHaveProperty(field);
      }
      expect(properties.requestHeaders).toHaveProperty("User-Agent");
    }
  });

  it("counts in the manifest exactly what the reader reads, per hour and per operation", () => {
    const perHour = new Array<number>(48).fill(0);
    const perOperation = new Map<string, number>();
    const start = Date.parse("2024-03-04T00:00:00Z");
    for (const record of dataset.records) {
      const hour = Math.floor((record.timeMs - start) / 3_600_000);
      perHour[hour] = (perHour[hour] ?? 0) + 1;
      const key = record.operationId === "" ? "(unmatched)" : record.endpoint;
      perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
    }
    expect(dataset.manifest.recordsPerHour.map((hour) => hour.records)).toEqual(perHour);
    expect(dataset.manifest.recordsPerOperation).toEqual(Object.fromEntries(perOperation));
  });

  it("covers six APIs and all 40 operations with ids, typed queries and JSON bodies", () => {
    expect(
      Object.keys(dataset.manifest.recordsPerApi).filter((api) => api !== "(none)"),
    ).toHaveLength(6);
    const operations = Object.keys(dataset.manifest.recordsPerOperation);
    expect(operations.filter((key) => key !== "(unmatched)")).toHaveLength(OPERATIONS.length);
    expect(OPERATIONS).toHaveLength(40);
    const paths = dataset.records.map((record) => record.path);
    expect(paths.some((path) => /\/orders\/v1\/orders\/\d+$/.test(path))).toBe(true);
    expect(paths.some((path) => /\/accounts\/v1\/accounts\/[0-9a-f-]{36}$/.test(path))).toBe(true);
    expect(paths.some((path) => /\/catalog\/v2\/products\/[0-9a-f]{24}$/.test(path))).toBe(true);
    const bodies = dataset.records.filter((record) => record.requestBody !== "");
    expect(bodies.length).toBeGreaterThan(1_000);
    expect(bodies.every((record) => record.method !== "GET")).toBe(true);
  });

  it("mixes every status code the catalog names, with 200 the most common", () => {
    const statuses = Object.keys(dataset.manifest.recordsPerStatus).map(Number);
    expect(statuses).toEqual([200, 201, 204, 304, 400, 401, 403, 404, 409, 429, 500, 503]);
    const counts = Object.values(dataset.manifest.recordsPerStatus);
    expect(dataset.manifest.recordsPerStatus["200"]).toBe(Math.max(...counts));
  });
});
