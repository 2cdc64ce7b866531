import { describe, expect, it } from "vitest";
import {
  addRecord,
  emptyAggregate,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import type { BaselineFamily } from "../../shared/baselines/baselineFamily.js";
import {
  parameterClientFamily,
  parameterEndpointFamily,
} from "../../shared/baselines/parameterValuesBaseline.js";
import { sprayClientFamily, sprayPopulationFamily } from "../../shared/baselines/sprayBaseline.js";
import {
  defaultDetectionSettings,
  type DetectionSettings,
} from "../../shared/config/detectionSettings.js";
import type { Detection, Detector } from "../../shared/detectors/detector.js";
import { distributedParameterEnumerationDetector } from "../../shared/detectors/distributedParameterEnumeration.js";
import { parameterEnumerationDetector } from "../../shared/detectors/parameterEnumeration.js";
import { sprayInRequestsDetector } from "../../shared/detectors/sprayInRequests.js";
import { createParameterExtractor } from "../../shared/parameters/extractParameters.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { windowRangeOf, WINDOWS_PER_DAY } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const START = 20_000 * WINDOWS_PER_DAY;
const extract = createParameterExtractor({ hashKey: "unit", showValues: false });
const FAMILIES = [
  sprayClientFamily,
  sprayPopulationFamily,
  parameterClientFamily,
  parameterEndpointFamily,
] as BaselineFamily<unknown, unknown>[];
const DETECTORS: Detector[] = [
  sprayInRequestsDetector,
  parameterEnumerationDetector,
  distributedParameterEnumerationDetector,
];

type Shapes = Partial<RequestRecord>[];

function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

function aggregateOf(windowIndex: number, shapes: Shapes): WindowAggregate {
  const aggregate = emptyAggregate(windowIndex);
  const startMs = windowRangeOf(windowIndex).startMs;
  shapes.forEach((shape, index) => {
    const record = requestRecord({ timeMs: startMs + index, ...shape });
    addRecord(aggregate, record, [], extract(record).parameters);
  });
  return aggregate;
}

/**
 * Evaluates `windows` windows as the evaluator does: detect against the baselines so far, then
 * fold the window in with alerted aspects kept out. Returns the last window's detections.
 */
function evaluate(
  windows: number,
  shapesOf: (offset: number) => Shapes,
  settings: DetectionSettings = defaultDetectionSettings(),
): Detection[] {
  const baselines = new Map(FAMILIES.map((family) => [family.name, new Map<string, unknown>()]));
  const evaluated: number[] = [];
  let detections: Detection[] = [];
  for (let offset = 0; offset < windows; offset++) {
    const windowIndex = START + offset;
    const aggregate = aggregateOf(windowIndex, shapesOf(offset));
    detections = DETECTORS.flatMap((detector) =>
      detector.detect({
        window: { ...windowRangeOf(windowIndex), index: windowIndex },
        aggregate,
        evaluatedWindows: evaluated,
        baselines,
        settings,
        nowMs: windowRangeOf(windowIndex).endMs,
      }),
    );
    for (const family of FAMILIES) {
      const entries = baselines.get(family.name)!;
      for (const [key, observed] of family.observations(aggregate)) {
        const alerted = new Set(
          detections
            .filter((d) => d.baselineKey?.family === family.name && d.baselineKey.key === key)
            .map((d) => d.baselineKey!.aspect),
        );
        const folded = family.prune(
          family.fold(entries.get(key), windowIndex, observed, alerted),
          windowIndex,
        );
        if (folded === null) entries.delete(key);
        else entries.set(key, folded);
      }
    }
    evaluated.push(windowIndex);
  }
  return detections;
}

function call(clientIp: string, operation: number): Partial<RequestRecord> {
  return {
    clientIp,
    endpoint: `shop;op${operation}`,
    operationId: `op${operation}`,
    apiId: "shop",
  };
}

/** Ordinary clients: four calling 6 endpoints, two calling 12. */
function crowd(): Shapes {
  return [
    ...range(4).flatMap((client) => range(6).map((op) => call(`198.51.100.${client}`, op))),
    ...range(2, 10).flatMap((client) => range(12).map((op) => call(`198.51.100.${client}`, op))),
  ];
}

function lookups(clientIp: string, ids: number[], status = 200): Shapes {
  return ids.map((id) => ({ clientIp, query: `id=${id}`, statusCode: status }));
}

function types(detections: Detection[]): string[][] {
  return detections.map(({ alert }) => [alert.alertType, alert.clientIp, alert.endpoint]);
}

describe("API_SprayInRequests", () => {
  it("waits for the population's minimum history before it alerts (cold start)", () => {
    const settings = defaultDetectionSettings();
    settings.sprayInRequests.minHistoryWindows = 20;
    const shapes = (windows: number) => (offset: number) =>
      offset === windows - 1
        ? [...crowd(), ...range(80).map((op) => call("203.0.113.9", op))]
        : crowd();

    expect(types(evaluate(20, shapes(20), settings))).toEqual([]);
    expect(types(evaluate(21, shapes(21), settings))).toEqual([
      ["API_SprayInRequests", "203.0.113.9", ""],
    ]);
  });

  it("does not alert on a monitor that calls 80 endpoints in every window, but does on a newcomer", () => {
    const settings = defaultDetectionSettings();
    settings.sprayInRequests.minHistoryWindows = 10;
    const monitor = range(80).map((op) => call("192.0.2.50", op));
    const detections = evaluate(
      12,
      (offset) => [
        ...crowd(),
        ...(offset >= 2 ? monitor : []),
        ...(offset === 11 ? range(80).map((op) => call("203.0.113.9", op)) : []),
      ],
      settings,
    );

    expect(types(detections)).toEqual([["API_SprayInRequests", "203.0.113.9", ""]]);
    expect(detections[0]!.alert.evidence.baseline).toEqual({
      centre: 12,
      spread: 3.46,
      windows: 11,
      days: 1,
    });
  });

  it("is silent when disabled", () => {
    const settings = defaultDetectionSettings();
    settings.sprayInRequests.minHistoryWindows = 10;
    settings.sprayInRequests.enabled = false;
    const detections = evaluate(
      12,
      (offset) =>
        offset === 11 ? [...crowd(), ...range(80).map((op) => call("203.0.113.9", op))] : crowd(),
      settings,
    );

    expect(detections).toEqual([]);
  });
});

describe("API_ParameterEnumeration and API_DistributedParameterEnumeration", () => {
  /** Six clients each looking up their own two ids per window. */
  const ordinaryLookups = (): Shapes =>
    range(6).flatMap((client) => lookups(`198.51.100.${client}`, [1_000 + client, 2_000 + client]));

  function settingsWithHistory(windows: number): DetectionSettings {
    const settings = defaultDetectionSettings();
    settings.parameterEnumeration.minHistoryWindows = windows;
    settings.distributedParameterEnumeration.minHistoryWindows = windows;
    return settings;
  }

  it("learns a sync job that walks 200 ids every window, and still catches a newcomer walking 200", () => {
    const sync = lookups("192.0.2.60", range(200, 50_000));
    const detections = evaluate(
      12,
      (offset) => [
        ...ordinaryLookups(),
        ...(offset >= 1 ? sync : []),
        ...(offset === 11 ? lookups("203.0.113.7", range(200, 70_000), 404) : []),
      ],
      settingsWithHistory(10),
    );

    expect(types(detections)).toEqual([["API_ParameterEnumeration", "203.0.113.7", "orders;list"]]);
    expect(detections[0]!.alert.evidence.details).toMatchObject({
      parameter: "query:id",
      requests: 200,
      failedShare: 1,
      ownHistory: null,
    });
  });

  it("leaves one client's enumeration to API_ParameterEnumeration, not the distributed alert", () => {
    const detections = evaluate(
      12,
      (offset) => [
        ...ordinaryLookups(),
        ...(offset === 11 ? lookups("203.0.113.7", range(400, 70_000), 404) : []),
      ],
      settingsWithHistory(10),
    );

    expect(types(detections)).toEqual([["API_ParameterEnumeration", "203.0.113.7", "orders;list"]]);
  });

  it("raises the distributed alert for 40 clients guessing 10 ids each, unless the API's sensitivity is raised", () => {
    const botnet = range(40).flatMap((bot) =>
      lookups(`192.0.2.${bot}`, range(10, 80_000 + bot * 10), 404),
    );
    const shapes = (offset: number) =>
      offset === 11 ? [...ordinaryLookups(), ...botnet] : ordinaryLookups();

    const detections = evaluate(12, shapes, settingsWithHistory(10));
    const tuned = settingsWithHistory(10);
    tuned.apiOverrides = { orders: { distributedParameterEnumeration: { sensitivity: 500 } } };

    expect(types(detections)).toEqual([["API_DistributedParameterEnumeration", "", "orders;list"]]);
    expect(detections[0]!.alert.observedValue).toBe(412);
    expect(detections[0]!.alert.evidence.details).toMatchObject({
      distinctClients: 46,
      valuesPerClient: 8.96,
      usualValuesPerClient: 2,
      topClientShare: 0.024,
    });
    expect(evaluate(12, shapes, tuned)).toEqual([]);
  });

  it("waits for the endpoint parameter's minimum history before either alerts (cold start)", () => {
    const detections = evaluate(
      12,
      (offset) => [
        ...ordinaryLookups(),
        ...(offset === 11 ? lookups("203.0.113.7", range(400, 70_000), 404) : []),
      ],
      settingsWithHistory(12),
    );

    expect(detections).toEqual([]);
  });

  it("treats a burst that came at the same time on an earlier day as a schedule, unless the rule is off", () => {
    const job = lookups("192.0.2.60", range(80, 50_000));
    const shapes = (offset: number) =>
      offset === 40 || offset === 40 + WINDOWS_PER_DAY
        ? [...ordinaryLookups(), ...job]
        : ordinaryLookups();
    const windows = 41 + WINDOWS_PER_DAY;
    const firstDay = evaluate(41, shapes, settingsWithHistory(10));
    const off = settingsWithHistory(10);
    off.parameterEnumeration.scheduleDays = 0;

    expect(types(firstDay)).toEqual([["API_ParameterEnumeration", "192.0.2.60", "orders;list"]]);
    expect(evaluate(windows, shapes, settingsWithHistory(10))).toEqual([]);
    expect(types(evaluate(windows, shapes, off))).toEqual([
      ["API_ParameterEnumeration", "192.0.2.60", "orders;list"],
    ]);
  });

  it("raises one alert per client and endpoint, naming the other parameters that fired", () => {
    const both = range(120).map((offset) => ({
      clientIp: "203.0.113.7",
      query: `id=${70_000 + offset}&token=t${offset}`,
      statusCode: 404,
    }));
    const withToken = range(6).map((client) => ({
      clientIp: `198.51.100.${client}`,
      query: `id=${1_000 + client}&token=u${client}`,
    }));
    const detections = evaluate(
      12,
      (offset) => [...withToken, ...(offset === 11 ? both : [])],
      settingsWithHistory(10),
    );

    expect(types(detections)).toEqual([["API_ParameterEnumeration", "203.0.113.7", "orders;list"]]);
    expect(detections[0]!.alert.evidence.details).toMatchObject({
      parameter: "query:id",
      otherParameters: [{ parameter: "query:token", distinctValues: 120 }],
    });
    expect(detections[0]!.alert.description).toContain("It also varied query:token (120 values).");
  });
});
