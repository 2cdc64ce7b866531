import { type OperationSpec, operationFor, OPERATIONS } from "../apiCatalog.js";
import { buildVisitor, type InteractiveUser } from "../clientPopulation.js";
import { composeRequest } from "../composeRequest.js";
import { composeUnmatchedRequest } from "../composeUnmatchedRequest.js";
import type { ClientIdentity, RequestSink } from "../generatedRequest.js";
import { NEW_SPA_STARTUP } from "../scenarios/spaRelease.js";
import { SeededRandom } from "../seededRandom.js";
import { TICKS_PER_HOUR, TICKS_PER_MS, TICKS_PER_SECOND } from "../ticks.js";
import { dailyVolume, TRAFFIC_MIX } from "../trafficMix.js";
import { hourShare, positionInHour } from "../trafficProfile.js";
import { WeightedTable } from "../weightedTable.js";
import type { SourceContext, TrafficSource } from "./trafficSource.js";

type SessionKind = InteractiveUser["kind"];

/** What the web shop fetched at start-up before the new single-page app shipped. */
export const BROWSER_STARTUP: readonly OperationSpec[] = [
  "content-api;get-config",
  "content-api;get-feature-flags",
  "content-api;get-translations",
  "accounts-api;get-me",
  "orders-api;get-cart",
  "catalog-api;list-categories",
  "content-api;list-banners",
].map(operationFor);

const MOBILE_STARTUP: readonly OperationSpec[] = [
  "content-api;get-config",
  "content-api;get-feature-flags",
  "accounts-api;refresh-token",
  "accounts-api;get-me",
  "accounts-api;list-notifications",
].map(operationFor);

/** Paths that old app versions and stale bookmarks still call; the gateway answers 404. */
const LEGACY_PATHS = [
  "/orders/v0/orders",
  "/catalog/v1/products",
  "/accounts/v1/profile",
  "/content/v1/i18n/en-GB",
  "/search/v1/autocomplete",
  "/api/cart",
];

const BROWSE_MEDIAN = 7;
const BROWSE_SIGMA = 0.9;
const MAX_BROWSE_STEPS = 150;
const THINK_SECONDS: Readonly<Record<SessionKind, number>> = { browser: 9, mobile: 6 };
const LOGIN_SHARE = 0.1;
const LEGACY_SHARE = 0.006;
/** Sessions from people seen once and never again. */
const VISITOR_SHARE = 0.15;

/**
 * Short sessions of people in a browser or the mobile app: a start-up burst, then browsing with
 * think times between calls. Who visits is drawn by Pareto weight among users already active on
 * that day, plus one-off visitors, so a few heavy users and a long tail of light ones appear.
 */
export class SessionTraffic implements TrafficSource {
  private readonly browseTables: Readonly<Record<SessionKind, WeightedTable<OperationSpec>>>;
  private readonly userTables = new Map<
    SessionKind,
    { day: number; table: WeightedTable<InteractiveUser> }
  >();

  constructor(private readonly context: SourceContext) {
    this.browseTables = { browser: browseTable("browser"), mobile: browseTable("mobile") };
  }

  emitHour(hour: number, sink: RequestSink): void {
    for (const kind of ["browser", "mobile"] as const) this.emitSessions(kind, hour, sink);
  }

  private emitSessions(kind: SessionKind, hour: number, sink: RequestSink): void {
    const { composer, timeline, requestsPerDay } = this.context;
    const random = SeededRandom.stream(composer.seed, `sessions:${kind}:${hour}`);
    const day = Math.floor(hour / 24);
    const volume =
      dailyVolume(kind, requestsPerDay, timeline.isWeekendDay(day)) *
      composer.conditions.volumeFactor(day);
    const profile = TRAFFIC_MIX[kind].profile;
    const count = random.poisson(
      (volume * hourShare(profile, hour % 24)) / meanSessionRequests(kind),
    );
    for (let session = 0; session < count; session += 1) {
      const tick =
        timeline.hourStartTick(hour) +
        Math.floor(positionInHour(profile, hour % 24, random) * TICKS_PER_HOUR);
      const user = random.chance(VISITOR_SHARE)
        ? buildVisitor(
            random,
            `visitor-${kind}-${hour}-${session}`,
            kind,
            day,
            this.context.reference,
            composer.vocabulary,
          )
        : this.userTable(kind, day).pick(random);
      this.emitSession(user, tick, random, sink);
    }
  }

  private emitSession(
    user: InteractiveUser,
    startTick: number,
    random: SeededRandom,
    sink: RequestSink,
  ): void {
    const composer = this.context.composer;
    const client = sessionIdentity(user, random, this.context.population.carrierNatIps);
    for (const operation of this.startupSet(user.kind, startTick)) {
      const tick = startTick + random.int(900 * TICKS_PER_MS);
      sink.add(composeRequest(composer, random, operation, client, tick, "benign"));
    }
    let tick = startTick + TICKS_PER_SECOND;
    if (random.chance(LOGIN_SHARE)) {
      sink.add(
        composeRequest(
          composer,
          random,
          operationFor("accounts-api;create-session"),
          client,
          tick,
          "benign",
        ),
      );
    }
    const steps = Math.min(
      MAX_BROWSE_STEPS,
      Math.floor(random.logNormal(BROWSE_MEDIAN, BROWSE_SIGMA)),
    );
    for (let step = 0; step < steps; step += 1) {
      tick += Math.round((0.3 + random.exponential(THINK_SECONDS[user.kind])) * TICKS_PER_SECOND);
      if (random.chance(LEGACY_SHARE)) {
        sink.add(
          composeUnmatchedRequest(random, client, tick, "GET", random.pick(LEGACY_PATHS), "benign"),
        );
        continue;
      }
      const operation = this.browseTables[user.kind].pick(random);
      sink.add(composeRequest(composer, random, operation, client, tick, "benign"));
    }
  }

  private startupSet(kind: SessionKind, tick: number): readonly OperationSpec[] {
    if (kind === "mobile") return MOBILE_STARTUP;
    return this.context.composer.conditions.hasNewSpa(tick) ? NEW_SPA_STARTUP : BROWSER_STARTUP;
  }

  private userTable(kind: SessionKind, day: number): WeightedTable<InteractiveUser> {
    const cached = this.userTables.get(kind);
    if (cached !== undefined && cached.day === day) return cached.table;
    const active = this.context.population.users.filter(
      (user) => user.kind === kind && user.firstDay <= day,
    );
    const table = new WeightedTable(active.map((user) => [user, user.weight] as const));
    this.userTables.set(kind, { day, table });
    return table;
  }
}

/**
 * Mean requests per session before the new single-page app ships: start-up calls, the login
 * share, and the lognormal browse count. Session counts come from it, so the SPA release adds
 * requests per session rather than changing how many sessions there are.
 */
export function meanSessionRequests(kind: SessionKind): number {
  const startup = kind === "browser" ? BROWSER_STARTUP.length : MOBILE_STARTUP.length;
  const browse = BROWSE_MEDIAN * Math.exp((BROWSE_SIGMA * BROWSE_SIGMA) / 2) - 0.5;
  return startup + LOGIN_SHARE + browse;
}

/** The identity one session of `user` carries: proxy, shared carrier NAT, or an own address. */
export function sessionIdentity(
  user: InteractiveUser,
  random: SeededRandom,
  carrierNatIps: readonly string[],
): ClientIdentity {
  const native = user.userAgent.startsWith("ContosoShop/");
  const base = {
    key: user.key,
    kind: user.kind,
    userAgent: user.userAgent,
    subscriptionId: native ? "mobile-app" : "web-app",
    headerBytes: user.headerBytes,
  };
  if (user.proxyIp !== undefined)
    return { ...base, callerIp: user.proxyIp, forwardedFor: user.ips[0] as string };
  const callerIp = user.sharesCarrierNat ? random.pick(carrierNatIps) : random.pick(user.ips);
  return { ...base, callerIp };
}

function browseTable(kind: SessionKind): WeightedTable<OperationSpec> {
  return new WeightedTable(
    OPERATIONS.map((operation) => [operation, operation.audience[kind]] as const),
  );
}
