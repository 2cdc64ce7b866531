import { describe, expect, it } from "vitest";
import { matchAlerts } from "../../eval/matching/matchAlerts.js";
import { dailyRepeats } from "../../eval/metrics/recurringAlerts.js";
import { alertFixture, FIXTURE_WINDOW_START_MS } from "../support/alertFixture.js";

const DAY_MS = 86_400_000;
const WINDOW_MS = 20 * 60_000;

function nightlyAlert(day: number, offsetWindows = 0) {
  const windowStartMs = FIXTURE_WINDOW_START_MS + day * DAY_MS + offsetWindows * WINDOW_MS;
  return alertFixture({ windowStartMs, windowEndMs: windowStartMs + WINDOW_MS });
}

describe("dailyRepeats", () => {
  it("groups false alerts of one key in the same window of the day across three days", () => {
    const outcome = matchAlerts([nightlyAlert(0), nightlyAlert(1), nightlyAlert(2)], [], []);

    const repeats = dailyRepeats(outcome.alerts);

    expect(repeats).toHaveLength(1);
    expect(repeats[0]).toMatchObject({ days: 3, alerts: 3 });
    expect(repeats[0]?.alert.windowStartMs).toBe(FIXTURE_WINDOW_START_MS + 2 * DAY_MS);
  });

  it("does not group alerts of one key at different times of day", () => {
    const outcome = matchAlerts([nightlyAlert(0), nightlyAlert(1, 1), nightlyAlert(2, 2)], [], []);

    expect(dailyRepeats(outcome.alerts)).toEqual([]);
  });
});
