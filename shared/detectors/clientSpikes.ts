import type { Alert, EvidenceRequest } from "../alerts/alert.js";
import type { DetectionId } from "../alerts/alertCatalog.js";
import {
  populationKeyOf,
  splitClientKey,
  type ClientStats,
  type TrafficStats,
} from "../aggregation/windowAggregate.js";
import {
  CLIENT_FAMILY,
  meanLatencyMsOf,
  type ClientAspect,
  type ClientBaseline,
} from "../baselines/clientBaseline.js";
import { leastUnusualCount } from "../baselines/countDeviation.js";
import { incidentOf, type Incident } from "../baselines/incident.js";
import { isScheduled } from "../baselines/schedule.js";
import { historyOf } from "../baselines/countSeries.js";
import { valueDeviation } from "../baselines/valueSeries.js";
import {
  sensitivityFor,
  type TunableDetector,
  type ValueSpikeSettings,
} from "../config/detectionSettings.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";

/** One measure of a client key that can spike, and how to read it. */
interface ValueMeasure {
  detectionId: DetectionId;
  tunable: TunableDetector;
  aspect: Exclude<ClientAspect, "count">;
  settingsOf(context: DetectionContext): ValueSpikeSettings;
  observed(stats: ClientStats): number;
  /** Everyone's total of the measure on the endpoint, for the others' mean. */
  populationTotal(stats: TrafficStats): number;
  clientTotal(stats: ClientStats): number;
  evidence(stats: ClientStats): EvidenceRequest;
  noun: string;
  unit: string;
}

const VALUE_MEASURES: readonly ValueMeasure[] = [
  {
    detectionId: "API_SpikeInPayload/response",
    tunable: "responsePayload",
    aspect: "response",
    settingsOf: (context) => context.settings.responsePayload,
    observed: (stats) => stats.responseBytesMax,
    populationTotal: (stats) => stats.responseBytesTotal,
    clientTotal: (stats) => stats.responseBytesTotal,
    evidence: (stats) => stats.extremes.response,
    noun: "largest response",
    unit: "bytes",
  },
  {
    detectionId: "API_SpikeInPayload/request",
    tunable: "requestPayload",
    aspect: "request",
    settingsOf: (context) => context.settings.requestPayload,
    observed: (stats) => stats.requestBytesMax,
    populationTotal: (stats) => stats.requestBytesTotal,
    clientTotal: (stats) => stats.requestBytesTotal,
    evidence: (stats) => stats.extremes.request,
    noun: "largest request",
    unit: "bytes",
  },
  {
    detectionId: "API_SpikeInLatency",
    tunable: "latency",
    aspect: "latency",
    settingsOf: (context) => context.settings.latency,
    observed: meanLatencyMsOf,
    populationTotal: (stats) => stats.latencyMsTotal,
    clientTotal: (stats) => stats.latencyMsTotal,
    evidence: (stats) => stats.extremes.latency,
    noun: "mean latency",
    unit: "ms",
  },
];

/**
 * API_SpikeInAPITraffic, API_SpikeInPayload (response and request) and API_SpikeInLatency: one
 * client to one endpoint with one status code, against that pair's own last 30 days.
 */
export const clientSpikesDetector: Detector = {
  name: "clientSpikes",
  detect(context: DetectionContext): Detection[] {
    const baselines = (context.baselines.get(CLIENT_FAMILY) ?? new Map()) as ReadonlyMap<
      string,
      ClientBaseline
    >;
    const byDetection = new Map<DetectionId, Detection[]>();
    const add = (detection: Detection) => {
      const list = byDetection.get(detection.alert.detectionId) ?? [];
      list.push(detection);
      byDetection.set(detection.alert.detectionId, list);
    };
    for (const [key, stats] of context.aggregate.clients) {
      const baseline = baselines.get(key);
      if (!baseline) continue;
      const traffic = trafficSpike(context, key, stats, baseline);
      if (traffic) add(traffic);
      for (const measure of VALUE_MEASURES) {
        const spike = valueSpike(context, measure, key, stats, baseline);
        if (spike) add(spike);
      }
    }
    return [...byDetection.entries()].flatMap(([detectionId, detections]) =>
      detections
        .sort((a, b) => b.alert.score - a.alert.score)
        .slice(0, capOf(context, detectionId)),
    );
  },
};

function capOf(context: DetectionContext, detectionId: DetectionId): number {
  if (detectionId === "API_SpikeInAPITraffic")
    return context.settings.clientTraffic.maxAlertsPerWindow;
  return VALUE_MEASURES.find((measure) => measure.detectionId === detectionId)!.settingsOf(context)
    .maxAlertsPerWindow;
}

function trafficSpike(
  context: DetectionContext,
  key: string,
  stats: ClientStats,
  baseline: ClientBaseline,
): Detection | null {
  const settings = context.settings.clientTraffic;
  if (!settings.enabled || stats.requests < settings.minRequests) return null;
  const historyWindows = historyOf(
    baseline.count,
    context.evaluatedWindows,
    context.window.index,
    0,
    1,
  ).windows;
  if (historyWindows < settings.minHistoryWindows) return null;
  const { history, deviation } = leastUnusualCount(
    stats.requests,
    baseline.count,
    context.evaluatedWindows,
    context.window.index,
    settings.seasonalRadiusSlots,
  );
  if (deviation.score < sensitivityFor(context.settings, "clientTraffic", apiIdOf(context, key))) {
    return null;
  }
  if (stats.requests < Math.max(deviation.centre, 1) * settings.minRatio) return null;
  const windowIndex = context.window.index;
  if (isScheduled(baseline.count, windowIndex, stats.requests, settings, deviation.centre)) {
    return null;
  }

  const { clientIp, endpoint, statusCode } = splitClientKey(key);
  const description =
    `${clientIp} sent ${stats.requests} requests to ${endpoint} answered with ${statusCode} in ${describeWindow(context.window)}. ` +
    `Over the ${history.days} day(s) of its history this client usually sent about ${round(deviation.centre, 1)} ${history.seasonal ? "at this time of day" : "per window"} ` +
    `(spread ${round(deviation.spread, 1)}), so this is ${round(deviation.score, 1)} spreads above its own normal.`;
  return {
    alert: clientAlert(context, "API_SpikeInAPITraffic", key, stats, {
      incident: baseline.count.incident,
      observed: stats.requests,
      centre: deviation.centre,
      spread: deviation.spread,
      score: deviation.score,
      windows: history.windows,
      days: history.days,
      measure: "requests per window from this client",
      description,
      samples: [stats.extremes.response],
    }),
    baselineKey: { family: CLIENT_FAMILY, key, aspect: "count" },
  };
}

function valueSpike(
  context: DetectionContext,
  measure: ValueMeasure,
  key: string,
  stats: ClientStats,
  baseline: ClientBaseline,
): Detection | null {
  const settings = measure.settingsOf(context);
  if (!settings.enabled || stats.requests < settings.minRequests) return null;
  const observed = measure.observed(stats);
  const deviation = valueDeviation(observed, baseline[measure.aspect], context.window.index);
  const sensitivity = sensitivityFor(context.settings, measure.tunable, apiIdOf(context, key));
  if (deviation.windows < settings.minHistoryWindows || deviation.score < sensitivity) return null;
  if (
    observed < deviation.centre * settings.minRatio ||
    observed - deviation.centre < settings.minExcess
  )
    return null;
  const othersMean = othersMeanOf(context, measure, key, stats);
  if (othersMean !== null && observed < othersMean * settings.minRatioToOthers) return null;

  const { clientIp, endpoint, statusCode } = splitClientKey(key);
  const others =
    othersMean === null
      ? "no other client called it in this window"
      : `other clients averaged ${round(othersMean, 0)} ${measure.unit}`;
  const description =
    `The ${measure.noun} between ${clientIp} and ${endpoint} (status ${statusCode}) in ${describeWindow(context.window)} was ${round(observed, 0)} ${measure.unit}. ` +
    `Over ${deviation.windows} earlier window(s) this pair's ${measure.noun} was typically ${round(deviation.centre, 0)} ${measure.unit}, ` +
    `so this is ${round(observed / Math.max(deviation.centre, 1), 1)} times the usual and ${round(deviation.score, 1)} spreads above it; ${others}.`;
  return {
    alert: clientAlert(context, measure.detectionId, key, stats, {
      incident: baseline[measure.aspect].incident,
      observed,
      centre: deviation.centre,
      spread: deviation.logSpread,
      score: deviation.score,
      windows: deviation.windows,
      days: deviation.days,
      measure: `${measure.noun} in the window (${measure.unit})`,
      description,
      samples: [measure.evidence(stats)],
      othersMean,
    }),
    baselineKey: { family: CLIENT_FAMILY, key, aspect: measure.aspect },
  };
}

/** The mean of the measure over the other clients' calls to the same endpoint and status. */
function othersMeanOf(
  context: DetectionContext,
  measure: ValueMeasure,
  key: string,
  stats: ClientStats,
): number | null {
  const { endpoint, statusCode } = splitClientKey(key);
  const population = context.aggregate.population.get(populationKeyOf(endpoint, statusCode));
  if (!population || population.requests <= stats.requests) return null;
  return (
    (measure.populationTotal(population) - measure.clientTotal(stats)) /
    (population.requests - stats.requests)
  );
}

interface SpikeFacts {
  incident: Incident | undefined;
  observed: number;
  centre: number;
  spread: number;
  score: number;
  windows: number;
  days: number;
  measure: string;
  description: string;
  samples: EvidenceRequest[];
  othersMean?: number | null;
}

function clientAlert(
  context: DetectionContext,
  detectionId: DetectionId,
  key: string,
  stats: ClientStats,
  facts: SpikeFacts,
): Alert {
  const { clientIp, endpoint, statusCode } = splitClientKey(key);
  const score = round(facts.score, 2);
  const incident = incidentOf(facts.incident, context.window.index);
  // An incident keeps the id of its first window, so its later windows update one alert.
  const subject = { endpoint, clientIp, statusCode, idWindowStartMs: incident.idWindowStartMs };
  return alertOf(context, detectionId, subject, {
    description: facts.description + incident.sentence,
    observedValue: facts.observed,
    baselineValue: round(facts.centre, 2),
    score,
    evidence: {
      measure: facts.measure,
      observed: facts.observed,
      baseline: {
        centre: round(facts.centre, 2),
        spread: round(facts.spread, 3),
        windows: facts.windows,
        days: facts.days,
      },
      score,
      samples: facts.samples,
      details: {
        requestsInWindow: stats.requests,
        incidentWindows: incident.windows,
        ...(facts.othersMean !== undefined
          ? { othersMean: facts.othersMean === null ? null : round(facts.othersMean, 1) }
          : {}),
      },
    },
  });
}

function apiIdOf(context: DetectionContext, key: string): string {
  return context.aggregate.endpoints.get(splitClientKey(key).endpoint)?.apiId ?? "";
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
