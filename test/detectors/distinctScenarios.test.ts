import { beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord, type GatewayLogShape } from "../support/gatewayLogs.js";

/*
 * Sixteen windows through ingest and evaluation on Azurite. Windows 0–13 teach the baselines:
 * app clients calling 7 endpoints, broad clients calling 25, shoppers paging, a search box with
 * fresh terms every window, voucher checks and customers listing their own orders. Window 14
 * holds three attacks and three look-alikes; window 15 continues the spray.
 */
const FIRST_MS = Date.parse("2024-05-01T00:00:00Z");
const ATTACK_WINDOW = 14;
const LAST_WINDOW = 15;
const HOST = "https://contoso.azure-api.net";

const SPRAYER = "203.0.113.66";
const SPA_CLIENT = "203.0.113.25";
const SHOPPER = "198.51.100.31";
const ENUMERATOR = "203.0.113.77";

type Shape = Omit<GatewayLogShape, "time">;

/** `shapes` spread over the window, one request each. */
function windowRecords(window: number, shapes: readonly Shape[]): Record<string, unknown>[] {
  const startMs = FIRST_MS + window * WINDOW_MS;
  return shapes.map((shape, index) =>
    gatewayLogRecord({
      ...shape,
      time: new Date(
        startMs + 1_000 + Math.floor((index * 1_100_000) / shapes.length),
      ).toISOString(),
    }),
  );
}

function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

function shopCall(ip: string, operation: number): Shape {
  return {
    ip,
    apiId: "shop",
    operationId: `op${operation}`,
    url: `${HOST}/shop/v1/op${operation}`,
  };
}

function productsPage(ip: string, page: number): Shape {
  const url = `${HOST}/catalog/v2/products?category=shoes&page=${page}`;
  return { ip, apiId: "catalog", operationId: "list-products", url };
}

function search(ip: string, term: string): Shape {
  return { ip, apiId: "search", operationId: "search", url: `${HOST}/search/v1?q=${term}` };
}

function voucher(ip: string, code: string, status = 200): Shape {
  const url = `${HOST}/payments/v1/vouchers/validate?code=${code}`;
  return { ip, apiId: "payments", operationId: "validate-voucher", url, status };
}

function customerOrders(ip: string, customerId: number, status = 200): Shape {
  const url = `${HOST}/orders/v1/orders?customerId=${customerId}`;
  return { ip, apiId: "orders", operationId: "list", url, status };
}

function ordinaryTraffic(window: number): Shape[] {
  return [
    ...range(12, 1).flatMap((client) =>
      range(7, 1).map((operation) => shopCall(`198.51.100.${client}`, operation)),
    ),
    ...range(3, 21).flatMap((client) =>
      range(25, 1).map((operation) => shopCall(`198.51.100.${client}`, operation)),
    ),
    ...range(6, 31).flatMap((client) =>
      range(3, 1).map((page) => productsPage(`198.51.100.${client}`, page)),
    ),
    ...range(20, 100).flatMap((client) =>
      range(2).map((term) => search(`198.51.100.${client}`, `w${window}c${client}t${term}`)),
    ),
    ...range(5, 140).map((client) => voucher(`198.51.100.${client}`, `WELCOME${client}`)),
    ...range(8, 160).flatMap((client) =>
      range(2).map(() => customerOrders(`198.51.100.${client}`, 20_000 + client)),
    ),
  ];
}

function spray(): Shape[] {
  const real = range(60, 1).map((operation) => shopCall(SPRAYER, operation));
  const probes = range(90).map((probe) => ({
    ip: SPRAYER,
    apiId: "",
    operationId: "",
    url: `${HOST}/probe${probe}/admin`,
    status: 404,
  }));
  return [...real, ...probes];
}

function attackWindow(): Shape[] {
  return [
    ...ordinaryTraffic(ATTACK_WINDOW),
    ...spray(),
    // Hard negative: a new single-page app loads 25 endpoints at start-up.
    ...range(25, 1).map((operation) => shopCall(SPA_CLIENT, operation)),
    // Hard negative: a known shopper pages through 30 pages.
    ...range(30, 1).map((page) => productsPage(SHOPPER, page)),
    // One client walks customerId through 300 values, mostly refused.
    ...range(300).map((offset) => customerOrders(ENUMERATOR, 10_000 + offset, 403)),
    // Hard negative: 250 new visitors each search two rare terms.
    ...range(250).flatMap((visitor) =>
      range(2).map((term) =>
        search(`10.7.${visitor >> 8}.${visitor & 255}`, `rare${visitor}x${term}`),
      ),
    ),
    // Sixty bots guess ten voucher codes each.
    ...range(60, 1).flatMap((bot) =>
      range(10).map((guess) => voucher(`192.0.2.${bot}`, `GUESS${bot}X${guess}`, 404)),
    ),
  ];
}

const MY_TYPES = new Set([
  "API_SprayInRequests",
  "API_ParameterEnumeration",
  "API_DistributedParameterEnumeration",
]);

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
    sprayInRequests: { minHistoryWindows: 12 },
    parameterEnumeration: { minHistoryWindows: 12 },
    distributedParameterEnumeration: { minHistoryWindows: 12 },
  };
  const settings = loadSettings({ GATEWARDEN_DETECTION: JSON.stringify(detection) });
  const pipeline = await openPipeline(settings, freshStorage(), sink, "test");
  for (let window = 0; window <= LAST_WINDOW; window++) {
    const shapes =
      window === ATTACK_WINDOW
        ? attackWindow()
        : window === LAST_WINDOW
          ? [...ordinaryTraffic(window), ...spray()]
          : ordinaryTraffic(window);
    await ingestEventHubBatch(
      "0",
      [{ sequenceNumber: window, body: envelope(windowRecords(window, shapes)) }],
      pipeline.parseOptions(FIRST_MS + (LAST_WINDOW + 1) * WINDOW_MS),
      pipeline.inspect,
      pipeline.ingest,
    );
  }
  const endMs = FIRST_MS + (LAST_WINDOW + 2) * WINDOW_MS;
  await evaluateClosedWindows({ eventTimeMs: endMs, wallTimeMs: Date.now() }, pipeline.evaluation);
  return sent.filter((alert) => MY_TYPES.has(alert.alertType));
}

describe("spray and enumeration scenarios through the pipeline", () => {
  let alerts: Alert[] = [];
  const attackStartMs = FIRST_MS + ATTACK_WINDOW * WINDOW_MS;
  const inAttackWindow = () => alerts.filter((alert) => alert.windowStartMs === attackStartMs);

  beforeAll(async () => {
    alerts = await runScenario();
  }, 120_000);

  it("raises API_SprayInRequests for the client that calls 150 endpoints, 90 of them 404 probes", () => {
    const spray = inAttackWindow().filter((alert) => alert.alertType === "API_SprayInRequests");

    expect(spray.map((alert) => alert.clientIp)).toEqual([SPRAYER]);
    const alert = spray[0]!;
    expect(alert.observedValue).toBe(150);
    expect(alert.endpoint).toBe("");
    expect(alert.baselineValue).toBe(25);
    expect(alert.evidence.details).toMatchObject({
      requests: 150,
      notFoundRequests: 90,
      exact: true,
      comparedWith: "busiest ordinary client",
      ownHistory: null,
    });
    expect((alert.evidence.details!.topEndpoints as unknown[]).length).toBe(10);
    expect(alert.evidence.samples).toHaveLength(3);
  });

  it("does not raise API_SprayInRequests for a single-page app that loads 25 endpoints", () => {
    expect(alerts.filter((alert) => alert.clientIp === SPA_CLIENT)).toEqual([]);
  });

  it("raises API_ParameterEnumeration for 300 customerId values from one client, with redacted samples", () => {
    const enumeration = inAttackWindow().filter(
      (alert) => alert.alertType === "API_ParameterEnumeration",
    );

    expect(enumeration.map((alert) => [alert.clientIp, alert.endpoint])).toEqual([
      [ENUMERATOR, "orders;list"],
    ]);
    const details = enumeration[0]!.evidence.details!;
    expect(enumeration[0]!.observedValue).toBe(300);
    expect(details.parameter).toBe("query:customerid");
    expect(details.failedShare).toBe(1);
    expect(details.valueSamples).toEqual([
      expect.stringMatching(/^integer, 5 chars, #[0-9a-f]{8}$/),
      expect.stringMatching(/^integer, 5 chars, #[0-9a-f]{8}$/),
      expect.stringMatching(/^integer, 5 chars, #[0-9a-f]{8}$/),
    ]);
    expect(JSON.stringify(enumeration[0])).not.toContain("10042");
  });

  it("does not raise API_ParameterEnumeration for a shopper paging through 30 pages", () => {
    expect(alerts.filter((alert) => alert.clientIp === SHOPPER)).toEqual([]);
  });

  it("raises API_DistributedParameterEnumeration for sixty bots guessing ten voucher codes each", () => {
    const distributed = inAttackWindow().filter(
      (alert) => alert.alertType === "API_DistributedParameterEnumeration",
    );

    expect(distributed.map((alert) => alert.endpoint)).toEqual(["payments;validate-voucher"]);
    const alert = distributed[0]!;
    expect(Math.abs(alert.observedValue - 605) / 605).toBeLessThan(0.05);
    expect(alert.evidence.details).toMatchObject({
      parameter: "query:code",
      distinctClients: 65,
      usualValuesPerClient: 1,
      exact: false,
    });
  });

  it("does not raise API_DistributedParameterEnumeration for 250 visitors searching rare terms", () => {
    expect(alerts.filter((alert) => alert.endpoint === "search;search")).toEqual([]);
  });

  it("keeps the spray's second window in the same incident: one AlertId whose count grows", () => {
    const spray = alerts.filter((alert) => alert.alertType === "API_SprayInRequests");

    expect(spray.map((alert) => alert.windowStartMs - attackStartMs)).toEqual([0, WINDOW_MS]);
    expect(new Set(spray.map((alert) => alert.alertId)).size).toBe(1);
    expect(spray[1]!.evidence.details!.incidentWindows).toBe(2);
  });
});
