import type { Alert } from "../alerts/alert.js";
import type { DetectionId } from "../alerts/alertCatalog.js";
import type { IndicatorHit } from "../aggregation/windowAggregate.js";
import { mergeSamples } from "../aggregation/sampleReservoir.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";

/** Indicator alerts carry a fixed score: they are matches, not deviations. */
const INDICATOR_SCORE = 10;
const MAX_LISTED_INDICATORS = 10;

/**
 * Turns ingest-time findings of one detection (attack user agents, listed addresses) into one
 * alert per client and endpoint per window, with the count and first and last sighting, instead
 * of one alert per request.
 */
export function createIndicatorDetector(
  detectionId: DetectionId,
  describeFinding: (hits: readonly IndicatorHit[]) => string,
  isEnabled: (context: DetectionContext) => boolean,
): Detector {
  return {
    name: `indicator:${detectionId}`,
    early: true,
    detect(context: DetectionContext): Detection[] {
      if (!isEnabled(context)) return [];
      const groups = new Map<string, IndicatorHit[]>();
      for (const hit of context.aggregate.indicators.values()) {
        if (hit.detectionId !== detectionId) continue;
        const key = `${hit.clientIp}\u001f${hit.endpoint}`;
        groups.set(key, [...(groups.get(key) ?? []), hit]);
      }
      return [...groups.values()].map((hits) => ({
        alert: toAlert(context, detectionId, hits, describeFinding),
      }));
    },
  };
}

function toAlert(
  context: DetectionContext,
  detectionId: DetectionId,
  hits: IndicatorHit[],
  describeFinding: (hits: readonly IndicatorHit[]) => string,
): Alert {
  const first = hits[0]!;
  const count = hits.reduce((total, hit) => total + hit.count, 0);
  const firstSeenMs = Math.min(...hits.map((hit) => hit.firstSeenMs));
  const lastSeenMs = Math.max(...hits.map((hit) => hit.lastSeenMs));
  const samples = hits.reduce(
    (kept, hit) => (mergeSamples(kept, hit.samples), kept),
    [] as Alert["evidence"]["samples"],
  );
  const ordered = [...hits].sort(
    (a, b) => b.count - a.count || (a.indicator < b.indicator ? -1 : 1),
  );
  const subject = { endpoint: first.endpoint, clientIp: first.clientIp, statusCode: null };
  return alertOf(context, detectionId, subject, {
    description:
      `${first.clientIp} sent ${count} request(s) to ${first.endpoint} in ${describeWindow(context.window)} ` +
      `(first ${new Date(firstSeenMs).toISOString()}, last ${new Date(lastSeenMs).toISOString()}). ` +
      describeFinding(ordered),
    observedValue: count,
    baselineValue: null,
    score: INDICATOR_SCORE,
    evidence: {
      measure: "matching requests",
      observed: count,
      score: INDICATOR_SCORE,
      samples,
      details: {
        firstSeen: new Date(firstSeenMs).toISOString(),
        lastSeen: new Date(lastSeenMs).toISOString(),
        indicators: ordered.slice(0, MAX_LISTED_INDICATORS).map((hit) => ({
          category: hit.category,
          indicator: hit.indicator,
          count: hit.count,
        })),
      },
    },
  });
}
