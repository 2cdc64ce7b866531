import { drawAddress, drawIpv4, drawPrivateIpv4 } from "./addressSpace.js";
import { operationFor, type OperationSpec } from "./apiCatalog.js";
import type { DomainVocabulary } from "./domainVocabulary.js";
import type { ClientKind } from "./generatedRequest.js";
import type { ReferenceData } from "./referenceData.js";
import { SeededRandom } from "./seededRandom.js";
import { drawBrowserUserAgent, nativeAppUserAgent } from "./userAgentPool.js";
import { WeightedTable } from "./weightedTable.js";

/** A partner's server integration: a fixed set of operations called around the clock. */
export interface PartnerClient {
  key: string;
  integration: string;
  ips: readonly string[];
  userAgent: string;
  subscriptionId: string;
  /** Share of all partner traffic; Pareto-distributed across partners. */
  weight: number;
  operations: WeightedTable<OperationSpec>;
  /** Pollers call one operation at a fixed period, day and night; the rest follow the day. */
  polls: boolean;
}

/** A nightly job: pages through one list operation, then fetches items, at the same time daily. */
export interface BatchJob {
  key: string;
  name: string;
  ip: string;
  userAgent: string;
  subscriptionId: string;
  startMinuteOfDay: number;
  listOperation: OperationSpec;
  itemOperation: OperationSpec;
  /** Share of all batch traffic. */
  weight: number;
}

/** A person using the web shop or the mobile app. */
export interface InteractiveUser {
  key: string;
  kind: "browser" | "mobile";
  /** Relative number of sessions; Pareto-distributed. */
  weight: number;
  /** First day (0-based) the user is active: new clients arrive every day. */
  firstDay: number;
  /** The user's own addresses; a session uses one of them. */
  ips: readonly string[];
  /** Set when the user sits behind a corporate proxy: the gateway sees the proxy's address. */
  proxyIp?: string;
  /** Set for users of the shared carrier-grade NAT pool: sessions draw from the pool instead. */
  sharesCarrierNat: boolean;
  userAgent: string;
  headerBytes: number;
}

export interface ClientPopulation {
  partners: readonly PartnerClient[];
  batchJobs: readonly BatchJob[];
  users: readonly InteractiveUser[];
  proxyIps: readonly string[];
  carrierNatIps: readonly string[];
}

const INTEGRATIONS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number]>]> = [
  [
    "fulfilment",
    [
      ["orders-api;list-orders", 5],
      ["orders-api;get-order", 6],
      ["orders-api;update-order", 2],
      ["orders-api;list-order-items", 3],
      ["orders-api;get-shipment", 3],
    ],
  ],
  [
    "order-intake",
    [
      ["orders-api;create-order", 4],
      ["orders-api;get-order", 3],
      ["payments-api;create-payment", 3],
      ["payments-api;get-payment", 2],
      ["payments-api;validate-voucher", 1],
    ],
  ],
  [
    "finance",
    [
      ["payments-api;list-transactions", 4],
      ["payments-api;get-invoice", 3],
      ["payments-api;get-payment", 3],
      ["payments-api;create-refund", 1],
    ],
  ],
  [
    "marketplace-sync",
    [
      ["catalog-api;list-products", 5],
      ["catalog-api;get-product", 6],
      ["catalog-api;get-price", 4],
      ["catalog-api;get-availability", 3],
      ["catalog-api;upsert-product", 1],
    ],
  ],
  [
    "search-syndication",
    [
      ["search-api;search", 6],
      ["search-api;suggest", 3],
      ["catalog-api;get-product", 3],
    ],
  ],
  [
    "store-locator",
    [
      ["content-api;list-stores", 3],
      ["content-api;get-store", 3],
      ["catalog-api;get-availability", 4],
    ],
  ],
];

const BATCH_JOBS: ReadonlyArray<readonly [string, string, string]> = [
  ["orders-export", "orders-api;list-orders", "orders-api;get-order"],
  ["catalog-snapshot", "catalog-api;list-products", "catalog-api;get-product"],
  ["price-refresh", "catalog-api;list-products", "catalog-api;get-price"],
  ["reconciliation", "payments-api;list-transactions", "payments-api;get-invoice"],
  ["inventory-sync", "catalog-api;list-products", "catalog-api;get-availability"],
  ["store-directory", "content-api;list-stores", "content-api;get-store"],
];

/** Sizing of the population; see `populationSizeFor`. */
export interface PopulationSize {
  partners: number;
  users: number;
  days: number;
}

/** About one partner per 5,000 daily requests and one returning user per 25. */
export function populationSizeFor(requestsPerDay: number, days: number): PopulationSize {
  return {
    partners: clamp(Math.round(requestsPerDay / 5_000), 8, 200),
    users: clamp(Math.round(requestsPerDay / 25), 300, 200_000),
    days,
  };
}

/** Builds every long-lived client for `seed`. One-off visitors are made per session instead. */
export function buildClientPopulation(
  seed: number,
  size: PopulationSize,
  reference: ReferenceData,
  vocabulary: DomainVocabulary,
): ClientPopulation {
  const random = SeededRandom.stream(seed, "population");
  const proxyIps = Array.from({ length: Math.max(3, Math.round(size.users / 400)) }, () =>
    drawIpv4(random, "cloud", reference.listed),
  );
  const carrierNatIps = Array.from({ length: Math.max(4, Math.round(size.users / 150)) }, () =>
    drawAddress(random, "residential", reference.listed, 0.3),
  );
  const partners = Array.from({ length: size.partners }, (_, index) =>
    buildPartner(random, index, reference),
  );
  const batchJobs = BATCH_JOBS.map((job, index) => buildBatchJob(random, index, job, reference));
  const users = Array.from({ length: size.users }, (_, index) =>
    buildUser(random, `user-${index}`, size.days, proxyIps, reference, vocabulary),
  );
  return { partners, batchJobs, users, proxyIps, carrierNatIps };
}

/**
 * A one-off visitor: one session from an address and browser seen nowhere else. Drawn from the
 * session's own stream, so visitors differ per session and do not disturb the population.
 */
export function buildVisitor(
  random: SeededRandom,
  key: string,
  kind: InteractiveUser["kind"],
  day: number,
  reference: ReferenceData,
  vocabulary: DomainVocabulary,
): InteractiveUser {
  return kind === "browser"
    ? buildBrowserUser(random, key, 0, day, [], reference)
    : buildMobileUser(random, key, 0, day, reference, vocabulary);
}

function buildPartner(
  random: SeededRandom,
  index: number,
  reference: ReferenceData,
): PartnerClient {
  const [integration, operations] = INTEGRATIONS[
    index % INTEGRATIONS.length
  ] as (typeof INTEGRATIONS)[number];
  const ipCount = random.between(1, 3);
  return {
    key: `partner-${index}`,
    integration,
    ips: Array.from({ length: ipCount }, (_, ipIndex) =>
      drawAddress(random, "cloud", reference.listed, ipIndex === 0 ? 0.1 : 0.3),
    ),
    userAgent: random.pick(reference.userAgents.server),
    subscriptionId: `partner-${String(index + 1).padStart(3, "0")}`,
    weight: Math.min(random.pareto(1.2, 1), 60),
    operations: new WeightedTable(
      operations.map(([endpoint, weight]) => [operationFor(endpoint), weight]),
    ),
    polls: index >= INTEGRATIONS.length && random.chance(0.25),
  };
}

function buildBatchJob(
  random: SeededRandom,
  index: number,
  [name, listEndpoint, itemEndpoint]: readonly [string, string, string],
  reference: ReferenceData,
): BatchJob {
  return {
    key: `batch-${index}`,
    name,
    ip: drawIpv4(random, "cloud", reference.listed),
    userAgent: random.pick(reference.userAgents.server),
    subscriptionId: `batch-${name}`,
    startMinuteOfDay: random.between(30, 4 * 60 + 30),
    listOperation: operationFor(listEndpoint),
    itemOperation: operationFor(itemEndpoint),
    weight: random.uniform(0.5, 1.5),
  };
}

function buildUser(
  random: SeededRandom,
  key: string,
  days: number,
  proxyIps: readonly string[],
  reference: ReferenceData,
  vocabulary: DomainVocabulary,
): InteractiveUser {
  const kind: ClientKind = random.chance(0.5) ? "browser" : "mobile";
  const firstDay = days > 1 && random.chance(0.3) ? random.between(1, days - 1) : 0;
  const weight = Math.min(random.pareto(1.3, 1), 300);
  if (kind === "browser")
    return buildBrowserUser(random, key, weight, firstDay, proxyIps, reference);
  return buildMobileUser(random, key, weight, firstDay, reference, vocabulary);
}

function buildBrowserUser(
  random: SeededRandom,
  key: string,
  weight: number,
  firstDay: number,
  proxyIps: readonly string[],
  reference: ReferenceData,
): InteractiveUser {
  const behindProxy = proxyIps.length > 0 && random.chance(0.12);
  const ownIp =
    behindProxy && random.chance(0.5)
      ? drawPrivateIpv4(random)
      : drawAddress(random, "residential", reference.listed, 0.2);
  return {
    key,
    kind: "browser",
    weight,
    firstDay,
    ips: [ownIp],
    ...(behindProxy ? { proxyIp: random.pick(proxyIps) } : {}),
    sharesCarrierNat: false,
    userAgent: drawBrowserUserAgent(reference.userAgents, random, false),
    headerBytes: Math.round(random.uniform(650, 1_100)),
  };
}

function buildMobileUser(
  random: SeededRandom,
  key: string,
  weight: number,
  firstDay: number,
  reference: ReferenceData,
  vocabulary: DomainVocabulary,
): InteractiveUser {
  const native = random.chance(0.55);
  const ipCount = random.between(1, 3);
  return {
    key,
    kind: "mobile",
    weight,
    firstDay,
    ips: Array.from({ length: ipCount }, () =>
      drawAddress(random, "residential", reference.listed, 0.45),
    ),
    sharesCarrierNat: random.chance(0.3),
    userAgent: native
      ? nativeAppUserAgent(random, vocabulary.appVersions.pick(random))
      : drawBrowserUserAgent(reference.userAgents, random, true),
    headerBytes: Math.round(native ? random.uniform(420, 600) : random.uniform(600, 950)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
