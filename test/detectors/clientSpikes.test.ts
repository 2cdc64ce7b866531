import { describe, expect, it } from "vitest";
import {
  addRecord,
  clientKeyOf,
  emptyAggregate,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import {
  CLIENT_FAMILY,
  clientFamily,
  type ClientBaseline,
} from "../../shared/baselines/clientBaseline.js";
import {
  defaultDetectionSettings,
  type DetectionSettings,
} from "../../shared/config/detectionSettings.js";
import { clientSpikesDetector } from "../../shared/detectors/clientSpikes.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { windowRangeOf, WINDOWS_PER_DAY } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const START = 20_000 * WINDOWS_PER_DAY; // 2024-10-04T00:00Z, a Friday
const CLIENT = "203.0.113.24";
const OTHER = "198.51.100.50";
const KEY = clientKeyOf(CLIENT, "orders;list", 200);
const NOTHING = new Set<string>();

type Shape = (windowIndex: number) => Partial<RequestRecord>[];

/** A window's aggregate from request shapes; each shape becomes one request. */
function aggregateOf(windowIndex: number, shapes: Partial<RequestRecord>[]): WindowAggregate {
  const aggregate = emptyAggregate(windowIndex);
  const startMs = windowRangeOf(windowIndex).startMs;
  shapes.forEach((shape, index) =>
    addRecord(aggregate, requestRecord({ timeMs: startMs + index, ...shape }), []),
  );
  return aggregate;
}

function repeat(count: number, shape: Partial<RequestRecord>): Partial<RequestRecord>[] {
  return Array.from({ length: count }, () => ({ ...shape }));
}

/** Folds `days` of history made by `shape`, then runs the detector on the next window. */
function scenario(
  shape: Shape,
  current: Partial<RequestRecord>[],
  days = 7,
  settings = defaultDetectionSettings(),
) {
  const baselines = new Map<string, ClientBaseline>();
  const evaluated: number[] = [];
  const currentWindow = START + days * WINDOWS_PER_DAY;
  for (let windowIndex = START; windowIndex < currentWindow; windowIndex++) {
    const aggregate = aggregateOf(windowIndex, shape(windowIndex));
    for (const [key, observed] of clientFamily.observations(aggregate)) {
      baselines.set(key, clientFamily.fold(baselines.get(key), windowIndex, observed, NOTHING));
    }
    evaluated.push(windowIndex);
  }
  return detect(currentWindow, current, evaluated, baselines, settings);
}

function detect(
  windowIndex: number,
  current: Partial<RequestRecord>[],
  evaluatedWindows: number[],
  baselines: Map<string, ClientBaseline>,
  settings: DetectionSettings,
) {
  return clientSpikesDetector.detect({
    window: { ...windowRangeOf(windowIndex), index: windowIndex },
    aggregate: aggregateOf(windowIndex, current),
    evaluatedWindows,
    baselines: new Map([[CLIENT_FAMILY, baselines]]),
    settings,
    nowMs: windowRangeOf(windowIndex).endMs,
  });
}

/**
 * Runs the detector on every window of `days` and folds each window as the evaluator does, an
 * alerted window kept out of its key's baseline; returns the windows (from START) that alerted.
 */
function alertedWindowsOf(shape: Shape, days: number, settings: DetectionSettings): number[] {
  const baselines = new Map<string, ClientBaseline>();
  const evaluated: number[] = [];
  const alerted: number[] = [];
  for (let windowIndex = START; windowIndex < START + days * WINDOWS_PER_DAY; windowIndex++) {
    const current = shape(windowIndex);
    const detections = detect(windowIndex, current, evaluated, baselines, settings).filter(
      ({ alert }) => alert.alertType === "API_SpikeInAPITraffic",
    );
    if (detections.length > 0) alerted.push(windowIndex - START);
    const aspects = new Set(detections.map(({ baselineKey }) => baselineKey!.aspect));
    for (const [key, observed] of clientFamily.observations(aggregateOf(windowIndex, current))) {
      baselines.set(key, clientFamily.fold(baselines.get(key), windowIndex, observed, aspects));
    }
    evaluated.push(windowIndex);
  }
  return alerted;
}

const steady: Shape = () => [
  ...repeat(10, { clientIp: CLIENT, responseBytes: 2_000, latencyMs: 200 }),
  ...repeat(10, { clientIp: OTHER, responseBytes: 2_000, latencyMs: 200 }),
];

describe("API_SpikeInAPITraffic", () => {
  it("raises an alert when a client that sends 10 requests a window sends 400", () => {
    const detections = scenario(steady, [
      ...repeat(400, { clientIp: CLIENT }),
      ...repeat(10, { clientIp: OTHER }),
    ]);

    expect(detections.map((d) => d.alert.alertType)).toEqual(["API_SpikeInAPITraffic"]);
    const { alert, baselineKey } = detections[0]!;
    expect(alert).toMatchObject({
      clientIp: CLIENT,
      endpoint: "orders;list",
      statusCode: 200,
      observedValue: 400,
      baselineValue: 10,
    });
    expect(alert.score).toBe(123.33);
    expect(alert.description).toBe(
      "203.0.113.24 sent 400 requests to orders;list answered with 200 in the window 2024-10-11 00:00–00:20 UTC. " +
        "Over the 7 day(s) of its history this client usually sent about 10 at this time of day (spread 3.2), so this is 123.3 spreads above its own normal.",
    );
    expect(baselineKey).toEqual({ family: CLIENT_FAMILY, key: KEY, aspect: "count" });
  });

  it("does not alert on a nightly batch client at the slot where it bursts every day", () => {
    const nightly: Shape = (windowIndex) =>
      (windowIndex - START) % WINDOWS_PER_DAY === 0
        ? repeat(500, { clientIp: CLIENT })
        : repeat(2, { clientIp: CLIENT });

    expect(scenario(nightly, repeat(520, { clientIp: CLIENT }))).toEqual([]);
  });

  it("alerts on a new nightly job once at most: an alerted night still shows the schedule", () => {
    const nightly: Shape = (windowIndex) =>
      (windowIndex - START) % WINDOWS_PER_DAY === 3
        ? repeat(500, { clientIp: CLIENT })
        : repeat(2, { clientIp: CLIENT });
    const off = defaultDetectionSettings();
    off.clientTraffic.scheduleDays = 0;

    expect(alertedWindowsOf(nightly, 5, defaultDetectionSettings())).toEqual([]);
    // Without the rule every night alerts, and being alerted it never enters the baseline.
    expect(alertedWindowsOf(nightly, 5, off)).toEqual([1, 2, 3, 4].map((day) => day * 72 + 3));
  });

  it("does not alert on a client's first day, however busy", () => {
    expect(scenario(steady, repeat(400, { clientIp: "192.0.2.77" }))).toEqual([]);
    // The client first called 12 hours before this window: half the one-day minimum history.
    const sinceNoon: Shape = (windowIndex) =>
      windowIndex - START >= 36 ? repeat(1, { clientIp: CLIENT }) : [];
    expect(scenario(sinceNoon, repeat(400, { clientIp: CLIENT }), 1)).toEqual([]);
  });

  it("does not alert on steady growth over weeks", () => {
    const growing: Shape = (windowIndex) =>
      repeat(20 + Math.floor((windowIndex - START) / WINDOWS_PER_DAY), { clientIp: CLIENT });

    expect(scenario(growing, repeat(50, { clientIp: CLIENT }), 28)).toEqual([]);
  });

  it("does not alert on a Monday after a weekend dip", () => {
    const weekly: Shape = (windowIndex) => {
      const weekday = (Math.floor((windowIndex - START) / WINDOWS_PER_DAY) + 5) % 7; // 0 = Sunday
      return repeat(weekday === 0 || weekday === 6 ? 15 : 60, { clientIp: CLIENT });
    };

    expect(scenario(weekly, repeat(65, { clientIp: CLIENT }), 10)).toEqual([]);
  });
});

describe("API_SpikeInPayload and API_SpikeInLatency", () => {
  it("raises a response payload alert when a pair's largest response jumps from 2 KB to 5 MB", () => {
    const detections = scenario(steady, [
      ...repeat(9, { clientIp: CLIENT, responseBytes: 2_000 }),
      {
        clientIp: CLIENT,
        responseBytes: 5_000_000,
        path: "/orders/v1/orders",
        query: "limit=100000",
      },
      ...repeat(10, { clientIp: OTHER, responseBytes: 2_000 }),
    ]);

    expect(detections.map((d) => d.alert.detectionId)).toEqual(["API_SpikeInPayload/response"]);
    const { alert } = detections[0]!;
    expect(alert.alertType).toBe("API_SpikeInPayload");
    expect(alert.tactics).toBe("Initial access");
    expect(alert.observedValue).toBe(5_000_000);
    expect(alert.baselineValue).toBe(2000);
    expect(alert.evidence.samples[0]).toMatchObject({
      path: "/orders/v1/orders?limit=…",
      responseBytes: 5_000_000,
    });
    expect(alert.evidence.details).toEqual({
      requestsInWindow: 10,
      incidentWindows: 1,
      othersMean: 2000,
    });
  });

  it("raises a request payload alert for a 2 MB body where the pair sends 1 KB", () => {
    const shape: Shape = () => repeat(5, { clientIp: CLIENT, requestBytes: 1_000 });

    const detections = scenario(shape, [{ clientIp: CLIENT, requestBytes: 2_000_000 }]);

    expect(detections.map((d) => d.alert.detectionId)).toEqual(["API_SpikeInPayload/request"]);
  });

  it("raises a latency alert when one client's calls take 8 s while everyone else's take 200 ms", () => {
    const detections = scenario(steady, [
      ...repeat(10, { clientIp: CLIENT, latencyMs: 8_000 }),
      ...repeat(10, { clientIp: OTHER, latencyMs: 200 }),
    ]);

    expect(detections.map((d) => d.alert.detectionId)).toEqual(["API_SpikeInLatency"]);
    expect(detections[0]!.alert.description).toContain("other clients averaged 200 ms");
  });

  it("judges latency by the pair's mean: one 8 s call among ten does not alert, ten of 2.5 s do", () => {
    const oneSlowCall = [
      ...repeat(9, { clientIp: CLIENT, latencyMs: 200 }),
      { clientIp: CLIENT, latencyMs: 8_000 },
      ...repeat(10, { clientIp: OTHER, latencyMs: 200 }),
    ];
    const sustained = [
      ...repeat(10, { clientIp: CLIENT, latencyMs: 2_500 }),
      ...repeat(10, { clientIp: OTHER, latencyMs: 200 }),
    ];

    expect(scenario(steady, oneSlowCall)).toEqual([]);
    const [detection] = scenario(steady, sustained);
    expect(detection!.alert.detectionId).toBe("API_SpikeInLatency");
    expect(detection!.alert.observedValue).toBe(2_500);
    expect(detection!.alert.baselineValue).toBe(200);
    expect(detection!.alert.evidence.measure).toBe("mean latency in the window (ms)");
  });

  it("does not judge latency from fewer than three calls: one slow call alone is tail latency", () => {
    const fewCalls = (count: number) => [
      ...repeat(count, { clientIp: CLIENT, latencyMs: 2_500 }),
      ...repeat(10, { clientIp: OTHER, latencyMs: 200 }),
    ];

    expect(scenario(steady, fewCalls(2))).toEqual([]);
    expect(scenario(steady, fewCalls(3)).map((d) => d.alert.detectionId)).toEqual([
      "API_SpikeInLatency",
    ]);
  });

  it("does not alert per client when a deploy slows every client of the endpoint", () => {
    const slowForAll = [
      ...repeat(10, { clientIp: CLIENT, latencyMs: 4_000 }),
      ...repeat(10, { clientIp: OTHER, latencyMs: 3_500 }),
    ];

    expect(scenario(steady, slowForAll)).toEqual([]);
  });

  it("does not alert on a doubled response that stays under the minimum excess", () => {
    expect(
      scenario(steady, [
        { clientIp: CLIENT, responseBytes: 9_000 },
        ...repeat(10, { clientIp: OTHER }),
      ]),
    ).toEqual([]);
  });
});
