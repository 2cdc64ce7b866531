import type { Alert } from "../alerts/alert.js";
import {
  populationKeyOf,
  splitClientKey,
  splitPopulationKey,
  type ClientStats,
  type TrafficStats,
} from "../aggregation/windowAggregate.js";
import { CLIENT_FAMILY, type ClientBaseline } from "../baselines/clientBaseline.js";
import { leastUnusualCount, type Deviation } from "../baselines/countDeviation.js";
import { incidentOf } from "../baselines/incident.js";
import { isScheduled } from "../baselines/schedule.js";
import type { CountSeries, HistorySample } from "../baselines/countSeries.js";
import { sensitivityFor, type PopulationSpikeSettings } from "../config/detectionSettings.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";

export const POPULATION_FAMILY = "population";

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
    const topClients = lazily(() => topClientsOf(context.aggregate.clients));
    for (const [key, stats] of context.aggregate.population) {
      if (stats.requests < settings.minRequests) continue;
      const series = baselines.get(key);
      if (!series) continue;
      const { history, deviation } = leastUnusualCount(
        stats.requests,
        series,
        context.evaluatedWindows,
        context.window.index,
        settings.seasonalRadiusSlots,
      );
      if (history.windows < settings.minHistoryWindows) continue;
      const apiId = context.aggregate.endpoints.get(splitPopulationKey(key).endpoint)?.apiId ?? "";
      const sensitivity = sensitivityFor(context.settings, "populationSpike", apiId);
      if (!isSpike(stats.requests, deviation, sensitivity, settings)) continue;
      if (isOneClientsSchedule(context, key, stats.requests, topClients)) continue;
      detections.push({
        alert: toAlert(context, key, stats, history, deviation, series),
        baselineKey: { family: POPULATION_FAMILY, key, aspect: "count" },
      });
    }
    return detections
      .sort((a, b) => b.alert.score - a.alert.score)
      .slice(0, settings.maxAlertsPerWindow);
  },
};

function isSpike(
  observed: number,
  deviation: Deviation,
  sensitivity: number,
  settings: PopulationSpikeSettings,
): boolean {
  return (
    deviation.score >= sensitivity &&
    observed >= deviation.centre * settings.minRatio &&
    observed - deviation.centre >= settings.minExcess
  );
}

interface TopClient {
  clientKey: string;
  requests: number;
}

/**
 * A burst is a schedule when one client sent at least half of it and that client's own count
 * shows the burst at this time on an earlier day (a nightly job). The endpoint's count alone is
 * not asked: a botnet that returns at the same hour is not a schedule, and its clients are new.
 */
function isOneClientsSchedule(
  context: DetectionContext,
  key: string,
  requests: number,
  topClients: () => Map<string, TopClient>,
): boolean {
  const settings = context.settings.populationSpike;
  const top = topClients().get(key);
  if (settings.scheduleDays === 0 || !top || top.requests * 2 < requests) return false;
  const clientBaselines = context.baselines.get(CLIENT_FAMILY) as
    ReadonlyMap<string, ClientBaseline> | undefined;
  const own = clientBaselines?.get(top.clientKey)?.count;
  return isScheduled(own, context.window.index, top.requests, settings);
}

/** Per endpoint × status of the window, the client that sent it the most requests. */
function topClientsOf(clients: ReadonlyMap<string, ClientStats>): Map<string, TopClient> {
  const top = new Map<string, TopClient>();
  for (const [clientKey, stats] of clients) {
    const { endpoint, statusCode } = splitClientKey(clientKey);
    const key = populationKeyOf(endpoint, statusCode);
    if ((top.get(key)?.requests ?? 0) < stats.requests) {
      top.set(key, { clientKey, requests: stats.requests });
    }
  }
  return top;
}

function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

function toAlert(
  context: DetectionContext,
  key: string,
  stats: TrafficStats,
  history: HistorySample,
  deviation: Deviation,
  series: CountSeries,
): Alert {
  const { endpoint, statusCode } = splitPopulationKey(key);
  const score = round(deviation.score, 2);
  const incident = incidentOf(series.incident, context.window.index);
  // An incident keeps the id of its first window, so its later windows update one alert.
  const subject = { endpoint, clientIp: "", statusCode, idWindowStartMs: incident.idWindowStartMs };
  return alertOf(context, "API_PopulationSpikeInAPITraffic", subject, {
    description:
      describe(endpoint, statusCode, stats.requests, history, deviation, context) +
      incident.sentence,
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
        incidentWindows: incident.windows,
      },
    },
  });
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
    `Over the ${history.days} day(s) of its history it usually saw about ${round(deviation.centre, 1)} ${when} ` +
    `(spread ${round(deviation.spread, 1)}), so this window is ${round(deviation.score, 1)} spreads above normal ` +
    `and ${round(observed / Math.max(deviation.centre, 1), 1)} times the usual volume, counting all clients together.`
  );
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
