import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import { loadSettings } from "../../shared/config/settings.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import {
  countedState,
  inBatchesOf,
  ingestAll,
  LAST_EVENT_MS,
  LEASE_MS,
  openTestPipeline,
  runTraffic,
  trafficEvents,
} from "../support/spikeTraffic.js";

/*
 * Regression for a lost-lease fault: evaluator A stalls inside a window (here in its sink) past
 * its lease; B takes the window over and evaluates it and the five after it. A, waking, used to
 * save the baseline shards it had loaded before B's folds, so B's five windows fell out of the
 * baselines (foldedThroughWindow went back). Now A confirms its lease before saving, and each
 * shard is saved only over the ETag it was loaded with, so A stops and writes nothing.
 */
describe("an evaluator that loses its lease mid-window", { timeout: 300_000 }, () => {
  it("leaves the baselines as a clean run leaves them", async () => {
    const events = trafficEvents();
    const clean = await runTraffic(events, 5, null);
    const storage = freshStorage();
    const sentB: Alert[] = [];
    const hostB = await openTestPipeline(sentB, {}, storage, "fast");
    await ingestAll(hostB, inBatchesOf(events, 5));

    let release = () => {};
    let blocked = () => {};
    const isBlocked = new Promise<void>((resolve) => (blocked = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowSink: AlertSink = {
      name: "slow",
      send: async (alerts) => {
        blocked();
        await gate;
        return { sent: alerts.length, failed: [] };
      },
    };
    const settings = loadSettings({
      GATEWARDEN_DETECTION: JSON.stringify({
        populationSpike: { minHistoryWindows: 24 },
        clientTraffic: { minHistoryWindows: 24 },
      }),
      GATEWARDEN_EVALUATION_LEASE_MINUTES: String(LEASE_MS / 60_000),
    });
    const hostA = await openPipeline(settings, storage, slowSink, "slow");
    const eventTimeMs = LAST_EVENT_MS + WINDOW_MS;
    const startMs = Date.parse("2024-06-01T00:00:00Z");

    const slow = evaluateClosedWindows({ eventTimeMs, wallTimeMs: startMs }, hostA.evaluation);
    await isBlocked;
    const fast = await evaluateClosedWindows(
      { eventTimeMs, wallTimeMs: startMs + LEASE_MS + 1 },
      hostB.evaluation,
    );
    release();
    const slowSummary = await slow;

    expect(fast.stoppedBecause).toBeNull();
    expect(slowSummary.stoppedBecause).toMatch(/held by another evaluator/);
    const after = await countedState(hostB, sentB);
    expect(after.windows).toEqual(clean.windows);
    expect(after.baselines).toEqual(clean.baselines);
  });
});
