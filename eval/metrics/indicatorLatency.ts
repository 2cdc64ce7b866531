import type { Alert } from "../../shared/alerts/alert.js";
import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import type { MatchableAlert } from "../matching/alertMatch.js";
import type { JudgedLabel } from "../matching/matchAlerts.js";

/** Detections that need no baseline and raise their alert while the window is still open. */
export const INDICATOR_KINDS: readonly DetectionId[] = [
  "API_AccessFromTorExitNode",
  "API_AccessFromSuspiciousIP",
  "API_AccessFromSuspiciousUserAgent",
];

export interface LatencySummary {
  detectionId: DetectionId;
  /** Detected labels the figures are taken over. */
  labels: number;
  medianMs: number | null;
  maxMs: number | null;
}

/**
 * Event-to-alert latency per indicator kind: the earliest matching alert's `raisedAtMs` minus the
 * label's `startMs`, in event time. The label starts at its window's start, so the figure also
 * holds the time before the attack's first request.
 */
export function indicatorLatency<A extends MatchableAlert & Pick<Alert, "raisedAtMs">>(
  labels: readonly JudgedLabel<A>[],
): LatencySummary[] {
  return INDICATOR_KINDS.map((detectionId) => {
    const latencies = labels
      .filter((judged) => judged.label.detectionId === detectionId && judged.alerts.length > 0)
      .map((judged) => firstRaisedMs(judged) - judged.label.startMs);
    return {
      detectionId,
      labels: latencies.length,
      medianMs: latencies.length === 0 ? null : median(latencies),
      maxMs: latencies.length === 0 ? null : Math.max(...latencies),
    };
  });
}

function firstRaisedMs<A extends MatchableAlert & Pick<Alert, "raisedAtMs">>(
  judged: JudgedLabel<A>,
): number {
  return Math.min(...judged.alerts.map((alert) => alert.raisedAtMs));
}

/** The middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}
