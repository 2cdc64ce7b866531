import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import type { MatchableAlert } from "../matching/alertMatch.js";
import type { JudgedLabel } from "../matching/matchAlerts.js";

/** One labelled attack at one attack scale, and whether an alert of its kind matched it. */
export interface SweepPoint {
  attackScale: number;
  detectionId: DetectionId;
  labelId: string;
  size: number;
  sizeUnit: string;
  detected: boolean;
}

/** The smallest attack of one kind that was detected, with the scale that produced it. */
export interface SmallestDetected {
  size: number;
  sizeUnit: string;
  attackScale: number;
}

/** The sweep points of one matched replay at `attackScale`. */
export function sweepPointsOf<A extends MatchableAlert>(
  labels: readonly JudgedLabel<A>[],
  attackScale: number,
): SweepPoint[] {
  return labels.map((judged) => ({
    attackScale,
    detectionId: judged.label.detectionId,
    labelId: judged.label.id,
    size: judged.label.size,
    sizeUnit: judged.label.sizeUnit,
    detected: judged.alerts.length > 0,
  }));
}

/** The smallest detected size of `detectionId` over all scales, or null when none was. */
export function smallestDetected(
  points: readonly SweepPoint[],
  detectionId: DetectionId,
): SmallestDetected | null {
  const detected = points.filter((point) => point.detectionId === detectionId && point.detected);
  if (detected.length === 0) return null;
  const smallest = detected.reduce((best, point) => (point.size < best.size ? point : best));
  return {
    size: smallest.size,
    sizeUnit: smallest.sizeUnit,
    attackScale: smallest.attackScale,
  };
}

/** Every size of `detectionId` that was tried, ascending and without repeats. */
export function sizesTried(points: readonly SweepPoint[], detectionId: DetectionId): number[] {
  const sizes = points.filter((point) => point.detectionId === detectionId).map((p) => p.size);
  return [...new Set(sizes)].sort((left, right) => left - right);
}
