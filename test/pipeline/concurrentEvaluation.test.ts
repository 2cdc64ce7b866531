import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import {
  countedState,
  FIRST_MS,
  inBatchesOf,
  ingestAll,
  LAST_EVENT_MS,
  openTestPipeline,
  runTraffic,
  trafficEvents,
  WINDOWS,
} from "../support/spikeTraffic.js";

const TIMER_MS = 5 * 60_000;

describe("two evaluators on the same windows", { timeout: 300_000 }, () => {
  it("evaluate each window once between them: one set of alerts and one baseline update", async () => {
    const events = trafficEvents();
    const clean = await runTraffic(events, 5, null);
    const storage = freshStorage();
    const sentA: Alert[] = [];
    const sentB: Alert[] = [];
    const hostA = await openTestPipeline(sentA, {}, storage, "evaluator-a");
    const hostB = await openTestPipeline(sentB, {}, storage, "evaluator-b");
    await ingestAll(hostA, inBatchesOf(events, 5));

    // Both timers fire together as each window closes, so every window is raced for.
    const evaluatedBy = new Map<number, string[]>();
    let wallTimeMs = Date.parse("2024-06-01T00:00:00Z");
    for (
      let eventTimeMs = FIRST_MS + WINDOW_MS;
      eventTimeMs <= LAST_EVENT_MS + WINDOW_MS;
      eventTimeMs += WINDOW_MS
    ) {
      const clock = { eventTimeMs, wallTimeMs };
      const [a, b] = await Promise.all([
        evaluateClosedWindows(clock, hostA.evaluation),
        evaluateClosedWindows(clock, hostB.evaluation),
      ]);
      for (const [owner, summary] of [
        ["a", a],
        ["b", b],
      ] as const) {
        for (const window of summary.evaluated) {
          evaluatedBy.set(window.windowIndex, [
            ...(evaluatedBy.get(window.windowIndex) ?? []),
            owner,
          ]);
        }
        expect(summary.stoppedBecause ?? "held by another evaluator").toMatch(
          /held by another evaluator/,
        );
      }
      wallTimeMs += TIMER_MS;
    }

    expect(evaluatedBy.size).toBe(WINDOWS);
    expect([...evaluatedBy.values()].every((owners) => owners.length === 1)).toBe(true);
    const raced = await countedState(hostA, [...sentA, ...sentB]);
    expect(raced.sent).toHaveLength(clean.sent.length);
    expect(raced.alertsById).toEqual(clean.alertsById);
    expect(raced.baselines).toEqual(clean.baselines);
    expect(raced.windows).toEqual(clean.windows);
  });
});
