import { describe, expect, it } from "vitest";
import { oncePerAlertId } from "../../eval/replay/replayForEvaluation.js";
import { alertFixture, FIXTURE_WINDOW_START_MS } from "../support/alertFixture.js";

describe("oncePerAlertId", () => {
  it("keeps an alert raised early and again at window close once, with the later content and the earlier time", () => {
    const early = {
      ...alertFixture(),
      raisedAtMs: FIXTURE_WINDOW_START_MS + 5 * 60_000,
      observedValue: 3,
    };
    const closing = {
      ...alertFixture(),
      raisedAtMs: FIXTURE_WINDOW_START_MS + 25 * 60_000,
      observedValue: 7,
    };
    const other = alertFixture({ clientIp: "203.0.113.99" });

    const kept = oncePerAlertId([early, other, closing]);

    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({ observedValue: 7, raisedAtMs: early.raisedAtMs });
    expect(kept[1]?.clientIp).toBe("203.0.113.99");
  });

  it("spans an incident from its first window's start to its last window's end", () => {
    const windowMs = 20 * 60_000;
    const first = { ...alertFixture(), raisedAtMs: FIXTURE_WINDOW_START_MS + windowMs };
    const fifth = {
      ...alertFixture(),
      windowStartMs: FIXTURE_WINDOW_START_MS + 4 * windowMs,
      windowEndMs: FIXTURE_WINDOW_START_MS + 5 * windowMs,
      raisedAtMs: FIXTURE_WINDOW_START_MS + 5 * windowMs,
    };

    const [kept] = oncePerAlertId([first, fifth]);

    expect(kept).toMatchObject({
      windowStartMs: FIXTURE_WINDOW_START_MS,
      windowEndMs: FIXTURE_WINDOW_START_MS + 5 * windowMs,
      raisedAtMs: FIXTURE_WINDOW_START_MS + windowMs,
    });
  });
});
