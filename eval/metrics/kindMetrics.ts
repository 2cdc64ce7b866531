import { type DetectionId, DETECTIONS } from "../../shared/alerts/alertCatalog.js";
import type { MatchableAlert } from "../matching/alertMatch.js";
import type { MatchOutcome } from "../matching/matchAlerts.js";

/** Detection ids in the catalog's order: every kind gets a row, implemented or not. */
export const ALL_KINDS: readonly DetectionId[] = [...DETECTIONS.keys()];

/** How one detection did on one dataset. */
export interface KindMetrics {
  detectionId: DetectionId;
  implemented: boolean;
  labels: number;
  detectedLabels: number;
  /** Detected labels over labels; null when the dataset holds no label of this kind. */
  recall: number | null;
  alerts: number;
  /** Alerts that matched a label of their own kind. */
  trueAlerts: number;
  /** Alerts on traffic an attack label says also trips this kind; counted as correct. */
  relatedAlerts: number;
  /** Alerts within what a benign scenario's label allows by design; counted as correct. */
  byDesignAlerts: number;
  falseAlerts: number;
  /** (True + related + by design) over alerts; null when the kind raised no alert. */
  precision: number | null;
  /** False alerts per million replayed requests. */
  falseAlertsPerMillion: number;
}

/**
 * Per-kind recall, precision and false-alert rate of one matched replay. `requests` is the number
 * of records the replay counted, the denominator of the false-alert rate.
 */
export function kindMetrics<A extends MatchableAlert>(
  outcome: MatchOutcome<A>,
  requests: number,
  implemented: ReadonlySet<DetectionId>,
): KindMetrics[] {
  return ALL_KINDS.map((detectionId) => {
    const labels = outcome.labels.filter((judged) => judged.label.detectionId === detectionId);
    const detected = labels.filter((judged) => judged.alerts.length > 0).length;
    const alerts = outcome.alerts.filter((judged) => judged.alert.detectionId === detectionId);
    const trueAlerts = alerts.filter((judged) => judged.verdict === "true").length;
    const relatedAlerts = alerts.filter((judged) => judged.verdict === "related").length;
    const byDesignAlerts = alerts.filter((judged) => judged.verdict === "by design").length;
    const falseAlerts = alerts.length - trueAlerts - relatedAlerts - byDesignAlerts;
    return {
      detectionId,
      implemented: implemented.has(detectionId),
      labels: labels.length,
      detectedLabels: detected,
      recall: labels.length === 0 ? null : detected / labels.length,
      alerts: alerts.length,
      trueAlerts,
      relatedAlerts,
      byDesignAlerts,
      falseAlerts,
      precision: alerts.length === 0 ? null : (alerts.length - falseAlerts) / alerts.length,
      falseAlertsPerMillion: requests === 0 ? 0 : (falseAlerts / requests) * 1_000_000,
    };
  });
}

/** The alerts precision counts as correct: true, related and by design, that is all but the false. */
export function correctAlertsOf(metric: KindMetrics): number {
  return metric.alerts - metric.falseAlerts;
}
