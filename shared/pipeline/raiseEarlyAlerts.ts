import type { Alert } from "../alerts/alert.js";
import { windowRangeOf } from "../windows/window.js";
import type { EvaluationClock, EvaluationDependencies } from "./evaluateWindows.js";

export interface EarlyAlertSummary {
  alerts: Alert[];
  /** Windows looked at: those begun by the event clock and not yet evaluated. */
  windows: number;
}

/**
 * The fast pass for detections that need no baseline (attack user agents, listed addresses): run
 * every few minutes on windows that are still open, so those alerts reach the analyst within
 * minutes of the request instead of at the window's end. Each alert is raised once here per
 * window; the window's own evaluation raises it again, with the same AlertId, only if later
 * requests in the window added to its count.
 */
export async function raiseEarlyAlerts(
  clock: EvaluationClock,
  dependencies: EvaluationDependencies,
): Promise<EarlyAlertSummary> {
  const detectors = dependencies.detectors.filter((detector) => detector.early);
  const begun = (await dependencies.windows.unevaluated()).filter(
    (entry) => windowRangeOf(entry.windowIndex).startMs <= clock.eventTimeMs,
  );
  const raised: Alert[] = [];
  for (const entry of begun) {
    const merged = await dependencies.partials.readWindow(entry.windowIndex);
    if (merged.aggregate.indicators.size === 0) continue;
    const context = {
      window: { ...windowRangeOf(entry.windowIndex), index: entry.windowIndex },
      aggregate: merged.aggregate,
      evaluatedWindows: [],
      baselines: new Map(),
      settings: dependencies.detection,
      nowMs: Math.min(clock.eventTimeMs, windowRangeOf(entry.windowIndex).endMs),
    };
    const already = await dependencies.windows.earlyAlerts(entry.windowIndex);
    const fresh = detectors
      .flatMap((detector) => detector.detect(context))
      .map((detection) => detection.alert)
      .filter((alert) => !already.has(alert.alertId));
    if (fresh.length === 0) continue;

    const result = await dependencies.sink.send(fresh);
    const failed = new Set(result.failed.map((failure) => failure.alert.alertId));
    const accepted = fresh.filter((alert) => !failed.has(alert.alertId));
    await dependencies.windows.noteEarlyAlerts(entry.windowIndex, accepted);
    raised.push(...accepted);
  }
  return { alerts: raised, windows: begun.length };
}
