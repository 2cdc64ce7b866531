import { alertIdOf, type Alert } from "../alerts/alert.js";
import { detectionInfo } from "../alerts/alertCatalog.js";
import { splitPopulationKey, type TrafficStats } from "../aggregation/windowAggregate.js";
import { historyOf, type CountSeries, type HistorySample } from "../baselines/countSeries.js";
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from "../baselines/robustStats.js";
import type { PopulationSpikeSettings } from "../config/detectionSettings.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { describeWindow } from "./describeWindow.js";

export const POPULATION_FAMILY = "population";
/** Same-slot history needs three days, the wider time-of-day band six windows, to be trusted. */
const MIN_SAME_SLOT_WINDOWS = 3;
const MIN_BAND_WINDOWS = 6;

export interface Deviation {
  centre: number;
  spread: number;
  score: number;
}

/**
 * Robust deviation of `observed` from past counts: median and MAD, with the spread floored at the
 * square root of the centre (Poisson noise) and at 1, so a perfectly steady history does not turn
 * a small wobble into a huge score.
 */
export function countDeviation(observed: number, history: readonly number[]): Deviation {
  const centre = median(history);
  const spread = Math.max(
    MAD_TO_SIGMA * medianAbsoluteDeviation(history, centre),
    Math.sqrt(Math.max(centre, 1)),
  );
  return { centre, spread, score: (observed - centre) / spread };
}

/**
 * API_PopulationSpikeInAPITraffic: all clients' requests to one endpoint with one status code in
 * the window, against that key's own counts at the same time of day over the last 30 days.
 */
export const populationSpikeDetector: Detector = {
  name: "populationSpike",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.populationSpike;
    if (!settings.enabled) return [];
    const baselines = (context.baselines.get(POPULATION_FAMILY) ?? new Map()) as ReadonlyMap<
      string,
      CountSeries
    >;

    const detections: Detection[] = [];
    for (const [key, stats] of context.aggregate.population) {
      if (stats.requests < settings.minRequests) continue;
      const series = baselines.get(key);
      if (!series) continue;
      const { history, deviation } = leastUnusual(stats.requests, series, context, settings);
      if (history.windows < settings.minHistoryWindows) continue;
      if (!isSpike(stats.requests, deviation, settings)) continue;
      detections.push({
        alert: toAlert(context, key, stats, history, deviation),
        baselineKey: { family: POPULATION_FAMILY, key },
      });
    }
    return detections
      .sort((a, b) => b.alert.score - a.alert.score)
      .slice(0, settings.maxAlertsPerWindow);
  },
};

/**
 * Compares the window with the same time of day on earlier days and with a band of ±radius
 * windows around it, and keeps the less unusual result: a burst that recurs at the same time
 * every day (a nightly batch job) is normal for that slot even if its neighbours are quiet.
 */
function leastUnusual(
  observed: number,
  series: CountSeries,
  context: DetectionContext,
  settings: PopulationSpikeSettings,
): { history: HistorySample; deviation: Deviation } {
  const band = historyOf(
    series,
    context.evaluatedWindows,
    context.window.index,
    settings.seasonalRadiusSlots,
    MIN_BAND_WINDOWS,
  );
  const bandDeviation = countDeviation(observed, band.values);
  const sameSlot = historyOf(
    series,
    context.evaluatedWindows,
    context.window.index,
    0,
    MIN_SAME_SLOT_WINDOWS,
  );
  if (!sameSlot.seasonal) return { history: band, deviation: bandDeviation };
  const sameSlotDeviation = countDeviation(observed, sameSlot.values);
  return sameSlotDeviation.score < bandDeviation.score
    ? { history: sameSlot, deviation: sameSlotDeviation }
    : { history: band, deviation: bandDeviation };
}

function isSpike(
  observed: number,
  deviation: Deviation,
  settings: PopulationSpikeSettings,
): boolean {
  return (
    deviation.score >= settings.sensitivity && observed >= deviation.centre * settings.minRatio
  );
}

function toAlert(
  context: DetectionContext,
  key: string,
  stats: TrafficStats,
  history: HistorySample,
  deviation: Deviation,
): Alert {
  const info = detectionInfo("API_PopulationSpikeInAPITraffic");
  const { endpoint, statusCode } = splitPopulationKey(key);
  const endpointInfo = context.aggregate.endpoints.get(endpoint);
  const score = round(deviation.score, 2);
  return {
    alertId: alertIdOf(info.id, { endpoint, clientIp: "", statusCode }, context.window.startMs),
    detectionId: info.id,
    alertType: info.alertType,
    alertName: info.alertName,
    severity: info.severity,
    tactics: info.tactics,
    description: describe(endpoint, statusCode, stats.requests, history, deviation, context),
    apiId: endpointInfo?.apiId ?? "",
    operationId: endpointInfo?.operationId ?? "",
    endpoint,
    clientIp: "",
    statusCode,
    windowStartMs: context.window.startMs,
    windowEndMs: context.window.endMs,
    raisedAtMs: context.nowMs,
    observedValue: stats.requests,
    baselineValue: round(deviation.centre, 2),
    score,
    evidence: {
      measure: "requests per window from all clients",
      observed: stats.requests,
      baseline: {
        centre: round(deviation.centre, 2),
        spread: round(deviation.spread, 2),
        windows: history.windows,
        days: history.days,
      },
      score,
      samples: context.aggregate.samples.get(key) ?? [],
      details: {
        seasonal: history.seasonal,
        comparedWindows: history.values.length,
      },
    },
    resourceId: endpointInfo?.resourceId ?? "",
  };
}

function describe(
  endpoint: string,
  statusCode: number,
  observed: number,
  history: HistorySample,
  deviation: Deviation,
  context: DetectionContext,
): string {
  const when = history.seasonal ? "at this time of day" : "per window";
  return (
    `${endpoint} answered ${observed} requests with status ${statusCode} in ${describeWindow(context.window)}. ` +
    `Over the previous ${history.days} day(s) it usually saw about ${round(deviation.centre, 1)} ${when} ` +
    `(spread ${round(deviation.spread, 1)}), so this window is ${round(deviation.score, 1)} spreads above normal ` +
    `and ${round(observed / Math.max(deviation.centre, 1), 1)} times the usual volume, counting all clients together.`
  );
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
