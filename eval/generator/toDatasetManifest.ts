import { computeBenignStatistics } from "./benignStatistics.js";
import type { ClientPopulation } from "./clientPopulation.js";
import type { DatasetLabel } from "./datasetLabel.js";
import { type ClientCounts, type DatasetManifest, STATISTICS_TARGETS } from "./datasetManifest.js";
import type { DatasetTimeline } from "./datasetTimeline.js";
import type { GeneratorConfig } from "./generatorConfig.js";
import type { ManifestTally } from "./manifestTally.js";
import type { GatewayIdentity } from "./toGatewayLogRecord.js";

/** Everything the manifest is made from, gathered after the last record was written. */
export interface ManifestSources {
  config: Readonly<GeneratorConfig>;
  timeline: DatasetTimeline;
  gateway: GatewayIdentity;
  population: ClientPopulation;
  tally: ManifestTally;
  labels: readonly DatasetLabel[];
  files: readonly string[];
  droppedAfterEnd: number;
}

export function toDatasetManifest(sources: ManifestSources): DatasetManifest {
  const { config, timeline, tally } = sources;
  const weekendDays = Array.from({ length: timeline.days }, (_, day) => timeline.isWeekendDay(day));
  const ordinaryDays = ordinaryDaysOf(sources);
  const benignRecords = tally.benignPerHour.reduce((sum, count) => sum + count, 0);
  return {
    generator: "gatewarden-eval-generator",
    formatVersion: 1,
    seed: config.seed,
    days: config.days,
    startDate: config.startDate,
    warmupDays: config.warmupDays,
    requestsPerDay: config.requestsPerDay,
    attackScale: config.attackScale,
    attacks: [...config.attacks],
    attacksPerKind: config.attacksPerKind,
    scenarios: [...config.scenarios],
    gateway: { host: sources.gateway.host, resourceId: sources.gateway.resourceId },
    files: [...sources.files],
    totals: {
      records: benignRecords + tally.attackRecords,
      benignRecords,
      attackRecords: tally.attackRecords,
      droppedAfterEnd: sources.droppedAfterEnd,
    },
    recordsPerDay: weekendDays.map((weekend, day) => ({
      date: timeline.dateOf(day),
      weekend,
      ordinary: ordinaryDays[day] === true,
      records: daySum(tally.recordsPerHour, day),
      benignRecords: daySum(tally.benignPerHour, day),
    })),
    recordsPerHour: tally.recordsPerHour.map((records, hour) => ({
      hour: new Date(timeline.startMs + hour * 3_600_000).toISOString().slice(0, 16) + "Z",
      records,
      benignRecords: tally.benignPerHour[hour] ?? 0,
    })),
    recordsPerApi: sortedRecord(tally.recordsPerApi),
    recordsPerOperation: sortedRecord(tally.recordsPerOperation()),
    recordsPerStatus: sortedRecord(tally.recordsPerStatus),
    clients: clientCounts(sources),
    statistics: computeBenignStatistics({
      benignPerHour: tally.benignPerHour,
      weekendDays,
      ordinaryDays,
      recordsPerClient: tally.benignPerCaller.values(),
    }),
    targets: STATISTICS_TARGETS,
  };
}

// A day is ordinary when no hard-negative scenario is in force at any moment of it.
function ordinaryDaysOf(sources: ManifestSources): boolean[] {
  const { timeline } = sources;
  const ordinary = new Array<boolean>(timeline.days).fill(true);
  for (const label of sources.labels) {
    if (!("benign" in label)) continue;
    const firstDay = Math.floor((label.startMs - timeline.startMs) / 86_400_000);
    const lastDay = Math.ceil((label.endMs - timeline.startMs) / 86_400_000) - 1;
    for (let day = firstDay; day <= lastDay; day += 1) ordinary[day] = false;
  }
  return ordinary;
}

function clientCounts(sources: ManifestSources): ClientCounts {
  const { population, tally, timeline } = sources;
  const newPerDay = new Array<number>(timeline.days).fill(0);
  for (const user of population.users)
    newPerDay[user.firstDay] = (newPerDay[user.firstDay] ?? 0) + 1;
  const callers = [...tally.benignPerCaller.keys()];
  return {
    partners: population.partners.length,
    pollingPartners: population.partners.filter((partner) => partner.polls).length,
    partnerAddresses: population.partners.reduce((sum, partner) => sum + partner.ips.length, 0),
    batchJobs: population.batchJobs.length,
    returningUsers: {
      browser: population.users.filter((user) => user.kind === "browser").length,
      mobile: population.users.filter((user) => user.kind === "mobile").length,
    },
    newReturningUsersPerDay: newPerDay,
    usersBehindProxy: population.users.filter((user) => user.proxyIp !== undefined).length,
    usersOnCarrierNat: population.users.filter((user) => user.sharesCarrierNat).length,
    proxyAddresses: population.proxyIps.length,
    carrierNatAddresses: population.carrierNatIps.length,
    activeClients: {
      partner: tally.clientCount("partner"),
      batch: tally.clientCount("batch"),
      browser: tally.clientCount("browser"),
      mobile: tally.clientCount("mobile"),
      attacker: tally.clientCount("attacker"),
    },
    oneOffVisitors: tally.clientCount("browser", true) + tally.clientCount("mobile", true),
    distinctBenignCallerIps: callers.length,
    ipv6BenignCallerIps: callers.filter((address) => address.includes(":")).length,
    proxiedRecords: tally.proxiedRecords,
  };
}

function daySum(perHour: readonly number[], day: number): number {
  return perHour.slice(day * 24, day * 24 + 24).reduce((sum, count) => sum + count, 0);
}

function sortedRecord<K extends string | number>(
  counts: ReadonlyMap<K, number>,
): Record<string, number> {
  const keys = [...counts.keys()].map(String).sort();
  return Object.fromEntries(
    keys.map((key) => [key, counts.get(key as K) ?? counts.get(Number(key) as K) ?? 0]),
  );
}
