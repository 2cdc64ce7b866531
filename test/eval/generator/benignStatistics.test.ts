import { beforeAll, describe, expect, it } from "vitest";
import { STATISTICS_TARGETS } from "../../../eval/generator/datasetManifest.js";
import { generateAndRead, type ReadDataset } from "./generatedDataset.js";

const REQUESTS_PER_DAY = 8_000;

let dataset: ReadDataset;

// A plain week: Monday to Sunday, no attacks and no scenarios, so every day is ordinary.
beforeAll(() => {
  dataset = generateAndRead({
    seed: 1,
    days: 7,
    requestsPerDay: REQUESTS_PER_DAY,
    attacks: [],
    scenarios: [],
  });
});

function recordsPerDay(): number[] {
  const start = Date.parse("2024-03-04T00:00:00Z");
  const counts = new Array<number>(7).fill(0);
  for (const record of dataset.records) {
    const day = Math.floor((record.timeMs - start) / 86_400_000);
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

describe("benign traffic statistics", () => {
  it("average requests-per-day over the week within 5%", () => {
    const mean = recordsPerDay().reduce((sum, count) => sum + count, 0) / 7;
    expect(Math.abs(mean / REQUESTS_PER_DAY - 1)).toBeLessThan(0.05);
  });

  it("match the manifest's per-day counts, with Saturday and Sunday flagged as the weekend", () => {
    expect(dataset.manifest.recordsPerDay.map((day) => day.benignRecords)).toEqual(recordsPerDay());
    expect(dataset.manifest.recordsPerDay.map((day) => day.weekend)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(dataset.manifest.statistics.ordinaryDays).toBe(7);
  });

  it("dip at the weekend by the ratio the traffic mix implies", () => {
    const ratio = dataset.manifest.statistics.weekdayToWeekendRatio ?? 0;
    const weekday =
      recordsPerDay()
        .slice(0, 5)
        .reduce((sum, count) => sum + count, 0) / 5;
    const weekend =
      recordsPerDay()
        .slice(5)
        .reduce((sum, count) => sum + count, 0) / 2;
    expect(ratio).toBeCloseTo(weekday / weekend, 2);
    expect(ratio).toBeGreaterThanOrEqual(STATISTICS_TARGETS.weekdayToWeekendRatio.min);
    expect(ratio).toBeLessThanOrEqual(STATISTICS_TARGETS.weekdayToWeekendRatio.max);
  });

  it("peak in UTC business hours and fall at least fourfold at night on weekdays", () => {
    const { peakHourOfDay, troughHourOfDay, peakToTroughRatio } = dataset.manifest.statistics;
    expect(peakHourOfDay).toBeGreaterThanOrEqual(9);
    expect(peakHourOfDay).toBeLessThanOrEqual(17);
    expect([22, 23, 0, 1, 2, 3, 4, 5]).toContain(troughHourOfDay);
    expect(peakToTroughRatio).toBeGreaterThanOrEqual(STATISTICS_TARGETS.peakToTroughRatio.min);
  });

  it("are heavy-tailed: the busiest 1% of callers send at least a quarter of all requests", () => {
    const perCaller = new Map<string, number>();
    for (const record of dataset.records) {
      perCaller.set(record.callerIp, (perCaller.get(record.callerIp) ?? 0) + 1);
    }
    const counts = [...perCaller.values()].sort((left, right) => right - left);
    const topShare = (fraction: number) =>
      counts.slice(0, Math.ceil(counts.length * fraction)).reduce((sum, count) => sum + count, 0) /
      dataset.records.length;
    expect(dataset.manifest.statistics.top1PercentClientShare).toBeCloseTo(topShare(0.01), 3);
    expect(topShare(0.01)).toBeGreaterThanOrEqual(STATISTICS_TARGETS.top1PercentClientShare.min);
    expect(topShare(0.1)).toBeGreaterThanOrEqual(STATISTICS_TARGETS.top10PercentClientShare.min);
  });

  it("bring new clients every day, over IPv4 and IPv6, some behind a proxy", () => {
    const firstSeen = new Map<string, number>();
    const start = Date.parse("2024-03-04T00:00:00Z");
    for (const record of dataset.records) {
      if (!firstSeen.has(record.callerIp)) {
        firstSeen.set(record.callerIp, Math.floor((record.timeMs - start) / 86_400_000));
      }
    }
    const newPerDay = new Array<number>(7).fill(0);
    for (const day of firstSeen.values()) newPerDay[day] = (newPerDay[day] ?? 0) + 1;
    expect(newPerDay.every((count) => count >= 10)).toBe(true);
    const ipv6Share =
      [...firstSeen.keys()].filter((ip) => ip.includes(":")).length / firstSeen.size;
    expect(ipv6Share).toBeGreaterThan(0.15);
    const forwarded = dataset.rawRecords.filter(
      (raw) =>
        "X-Forwarded-For" in ((raw.properties as { requestHeaders: object }).requestHeaders ?? {}),
    );
    expect(forwarded.length).toBe(dataset.manifest.clients.proxiedRecords);
    expect(forwarded.length).toBeGreaterThan(0);
  });

  it("start each nightly batch job within two minutes of the same time every day", () => {
    const firstCall = new Map<string, number>();
    for (const raw of dataset.rawRecords) {
      const job = (raw.properties as { apimSubscriptionId: string }).apimSubscriptionId;
      if (!job.startsWith("batch-")) continue;
      const timeMs = Date.parse(String(raw.time));
      const key = `${job} ${Math.floor(timeMs / 86_400_000)}`;
      firstCall.set(key, Math.min(firstCall.get(key) ?? timeMs, timeMs));
    }
    const minutesByJob = new Map<string, number[]>();
    for (const [key, timeMs] of firstCall) {
      const job = key.split(" ")[0] as string;
      const minute = (timeMs % 86_400_000) / 60_000;
      minutesByJob.set(job, [...(minutesByJob.get(job) ?? []), minute]);
    }
    expect(minutesByJob.size).toBe(6);
    for (const minutes of minutesByJob.values()) {
      expect(minutes).toHaveLength(7);
      expect(Math.max(...minutes) - Math.min(...minutes)).toBeLessThan(2);
    }
  });
});
