import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import type { BenignStatistics } from "./benignStatistics.js";
import type { BenignScenarioName } from "./datasetLabel.js";

/** What `manifest.json` holds: the knobs, what was written, and the benign statistics. */
export interface DatasetManifest {
  generator: "gatewarden-eval-generator";
  formatVersion: 1;
  seed: number;
  days: number;
  startDate: string;
  warmupDays: number;
  requestsPerDay: number;
  attackScale: number;
  attacks: DetectionId[];
  attacksPerKind: number;
  scenarios: BenignScenarioName[];
  gateway: { host: string; resourceId: string };
  files: string[];
  totals: {
    records: number;
    benignRecords: number;
    attackRecords: number;
    droppedAfterEnd: number;
  };
  recordsPerDay: Array<{
    date: string;
    weekend: boolean;
    ordinary: boolean;
    records: number;
    benignRecords: number;
  }>;
  /** One entry per dataset hour, `hour` as `2024-03-04T13:00Z`. */
  recordsPerHour: Array<{ hour: string; records: number; benignRecords: number }>;
  recordsPerApi: Record<string, number>;
  /** Keyed `apiId;operationId`; calls no operation matched are `(unmatched)`. */
  recordsPerOperation: Record<string, number>;
  recordsPerStatus: Record<string, number>;
  clients: ClientCounts;
  statistics: BenignStatistics;
  targets: typeof STATISTICS_TARGETS;
}

export interface ClientCounts {
  partners: number;
  pollingPartners: number;
  partnerAddresses: number;
  batchJobs: number;
  returningUsers: { browser: number; mobile: number };
  /** Returning users whose first active day is each dataset day; day 0 holds the founders. */
  newReturningUsersPerDay: number[];
  usersBehindProxy: number;
  usersOnCarrierNat: number;
  proxyAddresses: number;
  carrierNatAddresses: number;
  /** Distinct clients that sent at least one record, by kind; visitors are browser or mobile. */
  activeClients: {
    partner: number;
    batch: number;
    browser: number;
    mobile: number;
    attacker: number;
  };
  oneOffVisitors: number;
  distinctBenignCallerIps: number;
  ipv6BenignCallerIps: number;
  /** Benign records that carry an X-Forwarded-For header. */
  proxiedRecords: number;
}

/**
 * What the benign traffic is built to show, checked by the tests on ordinary days. The ratio
 * follows from the traffic mix (1.48 expected); the rest are floors with margin.
 */
export const STATISTICS_TARGETS = {
  weekdayToWeekendRatio: { min: 1.3, max: 1.7 },
  peakToTroughRatio: { min: 4 },
  top1PercentClientShare: { min: 0.25 },
  top10PercentClientShare: { min: 0.6 },
} as const;
