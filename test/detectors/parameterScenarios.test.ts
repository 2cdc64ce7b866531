import { beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { WINDOW_MS, WINDOWS_PER_DAY } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord, type GatewayLogShape } from "../support/gatewayLogs.js";

/*
 * Thirteen windows through ingest and evaluation on Azurite. Windows 0–9 teach the baselines: ten
 * shoppers list products (integer `page`, `category`, `sort`), read orders (`expand`), update
 * their profile (a JSON body) and use a search endpoint whose parameter names are data. Window
 * 10 holds two unseen parameters, one injection and the look-alikes; window 11 repeats some. A
 * day after the attack, a second prober sends the first one's parameter.
 */
const FIRST_MS = Date.parse("2024-05-01T00:00:00Z");
const ATTACK_WINDOW = 10;
const REPEAT_WINDOW = 11;
const DAY_LATER_WINDOW = ATTACK_WINDOW + WINDOWS_PER_DAY;
const WINDOWS = [...range(REPEAT_WINDOW + 1), DAY_LATER_WINDOW];
const HOST = "https://contoso.azure-api.net";

const PROBER = "203.0.113.50";
const SECOND_PROBER = "203.0.113.53";
const MASS_ASSIGNER = "203.0.113.51";
const INJECTOR = "203.0.113.52";
const PAGER = "198.51.100.1";

type Shape = Omit<GatewayLogShape, "time"> & { body?: string };

function windowRecords(window: number, shapes: readonly Shape[]): Record<string, unknown>[] {
  const startMs = FIRST_MS + window * WINDOW_MS;
  return shapes.map(({ body, ...shape }, index) => {
    const timeMs = startMs + 1_000 + Math.floor((index * 1_100_000) / shapes.length);
    const record = gatewayLogRecord({ ...shape, time: new Date(timeMs).toISOString() });
    if (body === undefined) return record;
    return { ...record, properties: { ...(record.properties as object), requestBody: body } };
  });
}

function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

function listProducts(ip: string, query: string): Shape {
  const url = `${HOST}/catalog/v2/products?${query}`;
  return { ip, apiId: "catalog", operationId: "list-products", url };
}

function getOrder(ip: string, query = ""): Shape {
  const url = `${HOST}/orders/v1/orders/4${ip.length}17${query}`;
  return { ip, apiId: "orders", operationId: "get-order", url };
}

function updateProfile(ip: string, body: string): Shape {
  const url = `${HOST}/profile/v1/me`;
  return { ip, method: "PATCH", apiId: "profile", operationId: "update", url, body };
}

function search(ip: string, query: string): Shape {
  return { ip, apiId: "search", operationId: "facets", url: `${HOST}/search/v1/facets?${query}` };
}

const shoppers = range(10, 1).map((client) => `198.51.100.${client}`);

function ordinaryTraffic(window: number): Shape[] {
  return shoppers.flatMap((ip, client) => [
    ...range(3, 1).map((page) => listProducts(ip, `category=shoes&page=${page}&sort=asc`)),
    getOrder(ip, "?expand=items"),
    getOrder(ip),
    updateProfile(ip, `{"displayName":"Shopper ${client}","email":"s${client}@example.com"}`),
    // Facet names are data on this endpoint: each window brings new ones.
    search(ip, `facet_w${window}_c${client}=1`),
  ]);
}

function attackWindow(window: number): Shape[] {
  return [
    ...ordinaryTraffic(window),
    ...range(5).map(() => getOrder(PROBER, "?debug=true")),
    updateProfile(MASS_ASSIGNER, '{"displayName":"x","email":"x@example.com","isAdmin":true}'),
    ...range(6).map(() => listProducts(INJECTOR, "category=shoes&page=1%27%20OR%20%271%27%3D%271")),
    // Hard negative: a shopper pages through 30 pages.
    ...range(30, 1).map((page) => listProducts(PAGER, `category=shoes&page=${page}&sort=asc`)),
    // Hard negative: a new API version, and every client sends includeVariants from now on.
    ...shoppers.map((ip) => listProducts(ip, "category=shoes&page=1&includeVariants=true")),
    // A type rollout: every shopper starts sending free-text categories.
    ...shoppers.map((ip) => listProducts(ip, "category=running%20shoes&page=1&sort=asc")),
    // Hard negatives: a cache buster and campaign tracking.
    getOrder(PAGER, `?_=${FIRST_MS + window * WINDOW_MS + 5_000}`),
    listProducts(PAGER, "category=shoes&page=2&utm_source=newsletter&utm_campaign=spring"),
  ];
}

function repeatWindow(window: number): Shape[] {
  return [
    ...ordinaryTraffic(window),
    ...range(3).map(() => getOrder(PROBER, "?debug=true")),
    ...shoppers.map((ip) => listProducts(ip, "category=shoes&page=2&includeVariants=false")),
    ...shoppers.map((ip) => listProducts(ip, "category=trail%20running&page=1&sort=asc")),
    ...range(4).map(() => listProducts(INJECTOR, "category=shoes&page=1%20UNION%20SELECT%201--")),
  ];
}

function dayLaterWindow(window: number): Shape[] {
  return [...ordinaryTraffic(window), ...range(4).map(() => getOrder(SECOND_PROBER, "?debug=1"))];
}

function windowShapes(window: number): Shape[] {
  if (window === ATTACK_WINDOW) return attackWindow(window);
  if (window === REPEAT_WINDOW) return repeatWindow(window);
  if (window === DAY_LATER_WINDOW) return dayLaterWindow(window);
  return ordinaryTraffic(window);
}

const MY_TYPES = new Set(["API_UnseenParam", "API_UnseenParamType"]);

async function runScenario(): Promise<Alert[]> {
  const sent: Alert[] = [];
  const sink = {
    name: "recording",
    send: async (alerts: readonly Alert[]) => {
      sent.push(...alerts);
      return { sent: alerts.length, failed: [] };
    },
  };
  const detection = {
    unseenParam: {
      minHistoryWindows: 6,
      minHistoryRequests: 50,
      minAgeWindows: 6,
      churnMinWindows: 3,
    },
    unseenParamType: { minHistoryValues: 100, minHistoryWindows: 6 },
  };
  const settings = loadSettings({ GATEWARDEN_DETECTION: JSON.stringify(detection) });
  const pipeline = await openPipeline(settings, freshStorage(), sink, "test");
  for (const window of WINDOWS) {
    await ingestEventHubBatch(
      "0",
      [{ sequenceNumber: window, body: envelope(windowRecords(window, windowShapes(window))) }],
      pipeline.parseOptions(FIRST_MS + (DAY_LATER_WINDOW + 1) * WINDOW_MS),
      pipeline.inspect,
      pipeline.ingest,
    );
  }
  const endMs = FIRST_MS + (DAY_LATER_WINDOW + 2) * WINDOW_MS;
  await evaluateClosedWindows({ eventTimeMs: endMs, wallTimeMs: Date.now() }, pipeline.evaluation);
  return sent.filter((alert) => MY_TYPES.has(alert.alertType));
}

describe("unseen parameter and type scenarios through the pipeline", () => {
  let alerts: Alert[] = [];
  const attackStartMs = FIRST_MS + ATTACK_WINDOW * WINDOW_MS;
  const ofType = (type: string) => alerts.filter((alert) => alert.alertType === type);
  const summary = (alert: Alert) => [
    (alert.windowStartMs - attackStartMs) / WINDOW_MS,
    alert.endpoint,
    alert.evidence.details!.parameter,
    alert.clientIp,
  ];

  beforeAll(async () => {
    alerts = await runScenario();
  }, 120_000);

  it("raises API_UnseenParam for a probe in every window it is sent, a mass assignment and a rollout", () => {
    expect(ofType("API_UnseenParam").map(summary)).toEqual([
      [0, "catalog;list-products", "includevariants", ""],
      [0, "orders;get-order", "debug", PROBER],
      [0, "profile;update", "isadmin", MASS_ASSIGNER],
      [1, "orders;get-order", "debug", PROBER],
      [WINDOWS_PER_DAY, "orders;get-order", "debug", SECOND_PROBER],
    ]);
  });

  it("explains an unseen parameter with its history, its clients and redacted values", () => {
    const alert = ofType("API_UnseenParam").find((each) => each.clientIp === PROBER)!;

    expect(alert.observedValue).toBe(5);
    expect(alert.baselineValue).toBe(0);
    expect(alert.score).toBe(2.3);
    expect(alert.evidence.baseline).toEqual({ centre: 0, spread: 0, windows: 10, days: 1 });
    expect(alert.evidence.details).toMatchObject({
      location: "query",
      clients: [PROBER],
      valueTypes: { boolean: 5 },
      knownParameters: ["path:{path:4}", "query:expand"],
      historyRequests: 200,
    });
    expect(alert.evidence.details!.sampleValues).toEqual([
      expect.stringMatching(/^boolean, 4 chars, #[0-9a-f]{8}$/),
    ]);
    expect(alert.evidence.samples[0]!.path).toBe("/orders/v1/orders/41217?debug=…");
    expect(alert.description).toBe(
      'orders;get-order received the query parameter "debug" in 5 request(s) from client ' +
        `${PROBER} in the window 2024-05-01 03:20–03:40 UTC. Over the 1 day(s) of its history it ` +
        "answered 200 requests in 10 windows without learning this parameter; it knows 2 parameter(s).",
    );
  });

  it("continues one incident while the same prober keeps sending an unseen parameter", () => {
    const [first, second] = ofType("API_UnseenParam").filter((each) => each.clientIp === PROBER);

    expect(first!.evidence.details).toMatchObject({
      learnedFromThisWindow: false,
      incidentWindows: 1,
    });
    expect(second!.alertId).toBe(first!.alertId);
    expect(second!.observedValue).toBe(3);
    // The cache buster of window 10 was learned; the probe was not.
    expect(second!.evidence.details).toMatchObject({
      knownParameters: ["path:{path:4}", "query:_", "query:expand"],
      learnedFromThisWindow: false,
      incidentWindows: 2,
    });
    expect(second!.description).toMatch(
      / This continues the incident that began in the window starting 2024-05-01T03:20:00\.000Z \(2 alerting windows so far\)\.$/,
    );
  });

  it("alerts again, as a new incident, when a second prober sends the parameter a day later", () => {
    const first = ofType("API_UnseenParam").find((each) => each.clientIp === PROBER)!;
    const dayLater = ofType("API_UnseenParam").find((each) => each.clientIp === SECOND_PROBER)!;

    expect(dayLater.alertId).not.toBe(first.alertId);
    expect(dayLater.observedValue).toBe(4);
    expect(dayLater.evidence.details).toMatchObject({
      parameter: "debug",
      knownParameters: ["path:{path:4}", "query:_", "query:expand"],
      learnedFromThisWindow: false,
      incidentWindows: 1,
    });
  });

  it("learns a parameter that ten clients start sending together: one alert, then none", () => {
    const rollout = ofType("API_UnseenParam").filter(
      (alert) => alert.evidence.details!.parameter === "includevariants",
    );

    expect(rollout.map(summary)).toEqual([[0, "catalog;list-products", "includevariants", ""]]);
    expect(rollout[0]!.evidence.details).toMatchObject({
      moreClients: false,
      learnedFromThisWindow: true,
      incidentWindows: 1,
    });
    expect(rollout[0]!.evidence.details!.clients).toHaveLength(10);
  });

  it("does not alert on pagination, cache busters, campaign tracking or churning names", () => {
    const endpointsAndNames = alerts.map(
      (alert) => `${alert.endpoint} ${String(alert.evidence.details!.parameter)}`,
    );
    expect(endpointsAndNames.filter((text) => /search|utm_|\s_$/.test(text))).toEqual([]);
    expect(alerts.filter((alert) => alert.clientIp === PAGER)).toEqual([]);
  });

  it("raises API_UnseenParamType for SQL injection in an integer page, with the probability", () => {
    const injections = ofType("API_UnseenParamType").filter(
      (alert) => alert.evidence.details!.parameter === "page",
    );
    const [first, second] = injections;

    expect(injections.map(summary)).toEqual([
      [0, "catalog;list-products", "page", INJECTOR],
      [1, "catalog;list-products", "page", INJECTOR],
    ]);
    // 0.5 / (300 + 0.5 × 15): syntax was never seen in 300 integer values.
    expect(first!.baselineValue).toBe(0.00163);
    expect(first!.score).toBe(2.79);
    expect(first!.observedValue).toBe(6);
    expect(first!.evidence.details).toMatchObject({
      valueType: "syntax",
      probability: 0.00163,
      historyValues: 300,
      historyTypes: { integer: 1 },
      learnedFromThisWindow: false,
    });
    expect(JSON.stringify(first)).not.toContain("OR");
    // The injection was held out of the baseline, so the next window alerts in the same incident.
    expect(second!.alertId).toBe(first!.alertId);
    expect(second!.evidence.details!.incidentWindows).toBe(2);
  });

  it("learns a value type that ten clients start sending together: one alert, then none", () => {
    const rollout = ofType("API_UnseenParamType").filter(
      (alert) => alert.evidence.details!.parameter === "category",
    );

    expect(rollout.map(summary)).toEqual([[0, "catalog;list-products", "category", ""]]);
    expect(rollout[0]!.evidence.details).toMatchObject({
      valueType: "text",
      moreClients: true,
      learnedFromThisWindow: true,
    });
  });
});
