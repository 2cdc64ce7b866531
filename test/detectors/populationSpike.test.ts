import { describe, expect, it } from "vitest";
import {
  addRecord,
  clientKeyOf,
  emptyAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import { CLIENT_FAMILY, type ClientBaseline } from "../../shared/baselines/clientBaseline.js";
import { foldCount, type CountSeries } from "../../shared/baselines/countSeries.js";
import {
  defaultDetectionSettings,
  type DetectionSettings,
} from "../../shared/config/detectionSettings.js";
import { countDeviation } from "../../shared/baselines/countDeviation.js";
import {
  POPULATION_FAMILY,
  populationSpikeDetector,
} from "../../shared/detectors/populationSpike.js";
import { windowRangeOf, WINDOWS_PER_DAY } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const START = 20_000 * WINDOWS_PER_DAY; // 2024-10-04T00:00Z
const KEY = "orders;list\u001f200";
const CLIENT = "203.0.113.24";

/** Three days of history with `perWindow(windowIndex)` requests in each window. */
function historyOf(perWindow: (windowIndex: number) => number, days = 3) {
  let series: CountSeries | undefined;
  const evaluated: number[] = [];
  for (let windowIndex = START; windowIndex < START + days * WINDOWS_PER_DAY; windowIndex++) {
    series = foldCount(series, windowIndex, perWindow(windowIndex), false);
    evaluated.push(windowIndex);
  }
  return { series: series!, evaluated, current: START + days * WINDOWS_PER_DAY };
}

interface Traffic {
  /** The client of the i-th request: one client unless given. */
  clientOf?: (index: number) => string;
  /** Client baselines by client key. */
  clients?: Map<string, ClientBaseline>;
}

function detect(
  observed: number,
  history: ReturnType<typeof historyOf>,
  overrides = {},
  apiOverrides: DetectionSettings["apiOverrides"] = {},
  traffic: Traffic = {},
) {
  const aggregate = emptyAggregate(history.current);
  const timeMs = windowRangeOf(history.current).startMs + 1000;
  for (let i = 0; i < observed; i++) {
    const clientIp = traffic.clientOf?.(i) ?? CLIENT;
    addRecord(aggregate, requestRecord({ timeMs: timeMs + i, clientIp }), []);
  }
  const settings = defaultDetectionSettings();
  Object.assign(settings.populationSpike, overrides);
  settings.apiOverrides = apiOverrides;
  return populationSpikeDetector.detect({
    window: { ...windowRangeOf(history.current), index: history.current },
    aggregate,
    evaluatedWindows: history.evaluated,
    baselines: new Map<string, ReadonlyMap<string, unknown>>([
      [POPULATION_FAMILY, new Map([[KEY, history.series]])],
      [CLIENT_FAMILY, traffic.clients ?? new Map()],
    ]),
    settings,
    nowMs: windowRangeOf(history.current).endMs,
  });
}

/** The one client's baseline: the same counts as the endpoint's, so it sent all of them. */
function soleClient(history: ReturnType<typeof historyOf>): Map<string, ClientBaseline> {
  const empty = { points: [] };
  const baseline = { count: history.series, response: empty, request: empty, latency: empty };
  return new Map([[clientKeyOf(CLIENT, "orders;list", 200), baseline]]);
}

/** Three days of 20 a window, except yesterday at this time of day, which alerted with `count`. */
function alertedYesterday(count: number) {
  const yesterday = START + 2 * WINDOWS_PER_DAY;
  let series: CountSeries | undefined;
  const evaluated: number[] = [];
  for (let windowIndex = START; windowIndex < START + 3 * WINDOWS_PER_DAY; windowIndex++) {
    const alerted = windowIndex === yesterday;
    series = foldCount(series, windowIndex, alerted ? count : 20, alerted);
    evaluated.push(windowIndex);
  }
  return { series: series!, evaluated, current: START + 3 * WINDOWS_PER_DAY };
}

describe("API_PopulationSpikeInAPITraffic", () => {
  it("treats one client's burst that came at this time yesterday too as a schedule, even if it alerted", () => {
    const history = alertedYesterday(380);
    const clients = soleClient(history);

    expect(detect(400, history, {}, {}, { clients })).toEqual([]);
    expect(detect(400, history, { scheduleDays: 0 }, {}, { clients })).toHaveLength(1);
    expect(detect(400, history, { scheduleDays: 2 }, {}, { clients })).toHaveLength(1);
  });

  it("still alerts on a botnet's burst at the time the endpoint burst yesterday", () => {
    const history = alertedYesterday(380);
    const clientOf = (index: number) => `198.51.100.${index % 40}`;

    expect(detect(400, history, {}, {}, { clientOf, clients: soleClient(history) })).toHaveLength(
      1,
    );
  });

  it("still alerts when the client's burst yesterday at this time was under a third of today's", () => {
    const history = alertedYesterday(130);

    expect(detect(400, history, {}, {}, { clients: soleClient(history) })).toHaveLength(1);
  });

  it("does not alert when a quiet endpoint triples by fewer than minExcess requests", () => {
    const history = historyOf(() => 10);

    expect(detect(35, history)).toEqual([]);
    expect(detect(35, history, { minExcess: 20 })).toHaveLength(1);
  });

  it("raises an alert when all clients send an endpoint 400 requests against a usual 20", () => {
    const detections = detect(
      400,
      historyOf(() => 20),
    );

    expect(detections).toHaveLength(1);
    const { alert, baselineKey } = detections[0]!;
    expect(alert.alertType).toBe("API_PopulationSpikeInAPITraffic");
    expect(alert.severity).toBe("Medium");
    expect(alert.tactics).toBe("Impact");
    expect(alert.observedValue).toBe(400);
    expect(alert.baselineValue).toBe(20);
    expect(alert.statusCode).toBe(200);
    expect(alert.score).toBe(84.97);
    expect(alert.evidence.baseline).toEqual({ centre: 20, spread: 4.47, windows: 216, days: 3 });
    expect(alert.evidence.samples).toHaveLength(3);
    expect(alert.description).toBe(
      "orders;list answered 400 requests with status 200 in the window 2024-10-07 00:00–00:20 UTC. " +
        "Over the 3 day(s) of its history it usually saw about 20 at this time of day (spread 4.5), so this " +
        "window is 85 spreads above normal and 20 times the usual volume, counting all clients together.",
    );
    expect(baselineKey).toEqual({ family: POPULATION_FAMILY, key: KEY, aspect: "count" });
  });

  it("does not alert at a daily peak that the same time of day has every day", () => {
    const peakSlot = 0; // the evaluated window is at midnight
    const history = historyOf((windowIndex) =>
      (windowIndex - START) % WINDOWS_PER_DAY === peakSlot ? 400 : 20,
    );

    expect(detect(420, history)).toEqual([]);
  });

  it("does not alert on a key with less history than the minimum (cold start)", () => {
    expect(
      detect(
        400,
        historyOf(() => 20, 1),
        { minHistoryWindows: 73 },
      ),
    ).toEqual([]);
  });

  it("does not alert below the minimum volume however quiet the endpoint usually is", () => {
    const quiet = historyOf(() => 0);
    const noExcessFloor = { minExcess: 0 };

    expect(detect(29, quiet, noExcessFloor)).toEqual([]);
    expect(detect(30, quiet, noExcessFloor)).toHaveLength(1);
  });

  it("uses an API's own sensitivity when the settings override it for that API", () => {
    const history = historyOf(() => 20);
    const noExcessFloor = { minExcess: 0 };
    const strictFor = (apiId: string) => ({ [apiId]: { populationSpike: { sensitivity: 20 } } });

    expect(detect(60, history, noExcessFloor)).toHaveLength(1);
    expect(detect(60, history, noExcessFloor, strictFor("orders"))).toEqual([]);
    expect(detect(60, history, noExcessFloor, strictFor("catalog"))).toHaveLength(1);
  });

  it("floors the spread at the square root of the centre so a steady history is not oversensitive", () => {
    expect(countDeviation(120, [100, 100, 100, 100])).toEqual({
      centre: 100,
      spread: 10,
      score: 2,
    });
  });
});
