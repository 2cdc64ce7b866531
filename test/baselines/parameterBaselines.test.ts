import { describe, expect, it } from "vitest";
import { LOOKBACK_WINDOWS } from "../../shared/baselines/countSeries.js";
import { INCIDENT_GAP_WINDOWS } from "../../shared/baselines/incident.js";
import {
  foldNames,
  MAX_NAME_INCIDENTS,
  nameAspectOf,
  pruneNames,
  type ParameterNamesBaseline,
} from "../../shared/baselines/parameterNamesBaseline.js";
import {
  foldTypes,
  pruneTypes,
  typeAspectOf,
  typeTotalsOf,
} from "../../shared/baselines/parameterTypesBaseline.js";
import { probabilityOf } from "../../shared/detectors/unseenParamType.js";
import { WINDOWS_PER_DAY } from "../../shared/windows/window.js";

const START = 20_000 * WINDOWS_PER_DAY;
const NOTHING_ALERTED: ReadonlySet<string> = new Set();

/** The baseline as the evaluator hands it to a detector in `windowIndex`: aged to the window before. */
function asSeenIn(entry: ParameterNamesBaseline, windowIndex: number) {
  return pruneNames(entry, windowIndex - 1);
}

describe("parameter names baseline", () => {
  it("knows a name for exactly 30 days after its last sighting", () => {
    let entry = foldNames(
      undefined,
      START,
      { requests: 5, names: ["query:debug"], namesCapped: false },
      NOTHING_ALERTED,
    );
    // Other traffic keeps the endpoint alive without the name.
    entry = foldNames(
      entry,
      START + LOOKBACK_WINDOWS - 1,
      { requests: 5, names: [], namesCapped: false },
      NOTHING_ALERTED,
    );

    expect(asSeenIn(entry, START + LOOKBACK_WINDOWS)?.names).toEqual({ "query:debug": START });
    expect(asSeenIn(entry, START + LOOKBACK_WINDOWS + 1)?.names).toEqual({});
  });

  it("records the names each window brought and keeps the first window", () => {
    let entry = foldNames(
      undefined,
      START,
      { requests: 3, names: ["query:a"], namesCapped: false },
      NOTHING_ALERTED,
    );
    entry = foldNames(
      entry,
      START + 1,
      { requests: 4, names: ["query:a", "query:b"], namesCapped: true },
      NOTHING_ALERTED,
    );

    expect(entry.firstWindow).toBe(START);
    expect(entry.windows).toEqual([
      [START, 3, ["query:a"], 1],
      [START + 1, 4, ["query:b"], 1],
    ]);
    expect(entry.cappedWindows).toEqual([START + 1]);
  });

  it("drops an endpoint with no traffic left in the lookback", () => {
    const entry = foldNames(
      undefined,
      START,
      { requests: 1, names: [], namesCapped: false },
      NOTHING_ALERTED,
    );
    expect(pruneNames(entry, START + LOOKBACK_WINDOWS)).toBeNull();
  });

  it("keeps a held name unknown and continues its incident while it keeps coming", () => {
    const probed = { requests: 6, names: ["query:a", "query:debug"], namesCapped: false };
    const hold = new Set([nameAspectOf("query:debug", false)]);
    let entry = foldNames(undefined, START, { ...probed, names: ["query:a"] }, NOTHING_ALERTED);
    entry = foldNames(asSeenIn(entry, START + 1)!, START + 1, probed, hold);
    entry = foldNames(asSeenIn(entry, START + 2)!, START + 2, probed, hold);

    expect(entry.names).toEqual({ "query:a": START + 2 });
    expect(entry.incidents).toEqual({
      "query:debug": { startWindow: START + 1, lastWindow: START + 2, windows: 2 },
    });
    // The name was new once: a probe that keeps coming must not look like names that churn.
    expect(entry.windows.map(([, , newNames, newCount]) => [newNames, newCount])).toEqual([
      [["query:a"], 1],
      [["query:debug"], 1],
      [[], 0],
    ]);
  });

  it("learns an alerted name that the alert marks as a rollout", () => {
    const entry = foldNames(
      undefined,
      START,
      { requests: 40, names: ["query:includevariants"], namesCapped: false },
      new Set([nameAspectOf("query:includevariants", true)]),
    );

    expect(entry.names).toEqual({ "query:includevariants": START });
    expect(entry.incidents).toEqual({
      "query:includevariants": { startWindow: START, lastWindow: START, windows: 1 },
    });
  });

  it("forgets an incident once its gap has passed, so the name a day later starts a new one", () => {
    const probed = { requests: 6, names: ["query:debug"], namesCapped: false };
    const hold = new Set([nameAspectOf("query:debug", false)]);
    let entry = foldNames(undefined, START, probed, hold);

    expect(asSeenIn(entry, START + INCIDENT_GAP_WINDOWS + 1)?.incidents).toEqual({
      "query:debug": { startWindow: START, lastWindow: START, windows: 1 },
    });
    expect(asSeenIn(entry, START + INCIDENT_GAP_WINDOWS + 2)?.incidents).toBeUndefined();
    const dayLater = START + WINDOWS_PER_DAY;
    entry = foldNames(asSeenIn(entry, dayLater)!, dayLater, probed, hold);
    expect(entry.names).toEqual({});
    expect(entry.incidents).toEqual({
      "query:debug": { startWindow: dayLater, lastWindow: dayLater, windows: 1 },
    });
    expect(entry.windows.at(-1)).toEqual([dayLater, 6, ["query:debug"], 1]);
  });

  it("keeps at most 64 incidents per endpoint, the most recent first", () => {
    const keys = Array.from(
      { length: 70 },
      (_, index) => `query:n${String(index).padStart(2, "0")}`,
    );
    const held = (names: string[]) => new Set(names.map((key) => nameAspectOf(key, false)));
    const observed = (names: string[]) => ({ requests: names.length, names, namesCapped: false });
    const older = keys.slice(0, 10);
    const newer = keys.slice(10);
    let entry = foldNames(undefined, START, observed(older), held(older));
    entry = foldNames(entry, START + 1, observed(newer), held(newer));

    const kept = Object.keys(entry.incidents!);
    expect(kept).toHaveLength(MAX_NAME_INCIDENTS);
    expect(kept.filter((key) => older.includes(key))).toEqual(older.slice(0, 4));
    expect(entry.names).toEqual({});
  });
});

describe("parameter types baseline", () => {
  it("counts values per type and day, and keeps held-out types out", () => {
    let entry = foldTypes(undefined, START, { integer: 10 }, new Set());
    entry = foldTypes(
      entry,
      START + 1,
      { integer: 5, syntax: 2 },
      new Set([typeAspectOf("syntax", false)]),
    );
    expect(entry.incidents).toEqual({
      syntax: { startWindow: START + 1, lastWindow: START + 1, windows: 1 },
    });
    entry = foldTypes(
      entry,
      START + WINDOWS_PER_DAY,
      { boolean: 3 },
      new Set([typeAspectOf("boolean", true)]),
    );

    expect(entry.days).toEqual([
      [20_000, 2, { integer: 15 }],
      [20_001, 1, { boolean: 3 }],
    ]);
    // The syntax incident is forgotten after its gap; the boolean one has just begun.
    expect(entry.incidents).toEqual({
      boolean: {
        startWindow: START + WINDOWS_PER_DAY,
        lastWindow: START + WINDOWS_PER_DAY,
        windows: 1,
      },
    });
    expect(typeTotalsOf(entry)).toEqual({
      counts: { integer: 15, boolean: 3 },
      values: 18,
      windows: 3,
      days: 2,
    });
  });

  it("keeps the current day and the 30 before it", () => {
    const entry = foldTypes(undefined, START, { integer: 1 }, new Set());
    expect(pruneTypes(entry, START + 30 * WINDOWS_PER_DAY + 71)).not.toBeNull();
    expect(pruneTypes(entry, START + 31 * WINDOWS_PER_DAY)).toBeNull();
  });

  it("smooths the probability and lets broader types accept narrower values", () => {
    const totals = { counts: { integer: 95, text: 5 }, values: 100, windows: 10, days: 1 };

    expect(probabilityOf("syntax", totals, 0.5)).toBeCloseTo(0.5 / 107.5, 10);
    // An integer is accepted by decimal, token and text too: (95.5 + 0.5 + 0.5 + 5.5) / 107.5.
    expect(probabilityOf("integer", totals, 0.5)).toBeCloseTo(102 / 107.5, 10);
    expect(probabilityOf("token", totals, 0.5)).toBeCloseTo(6 / 107.5, 10);
  });
});
