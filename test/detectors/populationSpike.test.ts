import { describe, expect, it } from "vitest";
import { addRecord, emptyAggregate } from "../../shared/aggregation/windowAggregate.js";
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

function detect(
  observed: number,
  history: ReturnType<typeof historyOf>,
  overrides = {},
  apiOverrides: DetectionSettings["apiOverrides"] = {},
) {
  const aggregate = emptyAggregate(history.current);
  const timeMs = windowRangeOf(history.current).startMs + 1000;
  for (let i = 0; i < observed; i++)
    addRecord(aggregate, requestRecord({ timeMs: timeMs + i }), []);
  const settings = defaultDetectionSettings();
  Object.assign(settings.populationSpike, overrides);
  settings.apiOverrides = apiOverrides;
  return populationSpikeDetector.detect({
    window: { ...windowRangeOf(history.current), index: history.current },
    aggregate,
    evaluatedWindows: history.evaluated,
    baselines: new Map([[POPULATION_FAMILY, new Map([[KEY, history.series]])]]),
    settings,
    nowMs: windowRangeOf(history.current).endMs,
  });
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
  it("treats a burst that also came at this time yesterday as a schedule, even if it alerted", () => {
    expect(detect(400, alertedYesterday(380))).toEqual([]);
    expect(detect(400, alertedYesterday(380), { scheduleDays: 0 })).toHaveLength(1);
    expect(detect(400, alertedYesterday(380), { scheduleDays: 2 })).toHaveLength(1);
  });

  it("still alerts when yesterday's burst at this time was under a third of today's", () => {
    expect(detect(400, alertedYesterday(130))).toHaveLength(1);
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
        "Over the previous 3 day(s) it usually saw about 20 at this time of day (spread 4.5), so this " +
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
    expect(
      detect(
        29,
        historyOf(() => 0),
      ),
    ).toEqual([]);
    expect(
      detect(
        30,
        historyOf(() => 0),
      ),
    ).toHaveLength(1);
  });

  it("uses an API's own sensitivity when the settings override it for that API", () => {
    const history = historyOf(() => 20);

    expect(detect(60, history)).toHaveLength(1);
    expect(detect(60, history, {}, { orders: { populationSpike: { sensitivity: 20 } } })).toEqual(
      [],
    );
    expect(
      detect(60, history, {}, { catalog: { populationSpike: { sensitivity: 20 } } }),
    ).toHaveLength(1);
  });

  it("floors the spread at the square root of the centre so a steady history is not oversensitive", () => {
    expect(countDeviation(120, [100, 100, 100, 100])).toEqual({
      centre: 100,
      spread: 10,
      score: 2,
    });
  });
});
