import type { Alert, EvidenceRequest } from "../alerts/alert.js";
import type { ClientReach } from "../aggregation/distinctAggregate.js";
import { KEY_SEPARATOR, splitClientKey } from "../aggregation/windowAggregate.js";
import { compareSamples } from "../aggregation/sampleReservoir.js";
import type { Deviation } from "../baselines/countDeviation.js";
import {
  distinctDeviation,
  distinctHistoryOf,
  type DistinctHistory,
  type DistinctSeries,
} from "../baselines/distinctSeries.js";
import { incidentOf } from "../baselines/incident.js";
import { isScheduled } from "../baselines/schedule.js";
import {
  ALL_CLIENTS,
  SPRAY_CLIENT_FAMILY,
  SPRAY_POPULATION_FAMILY,
} from "../baselines/sprayBaseline.js";
import type { SprayInRequestsSettings } from "../config/detectionSettings.js";
import { SKETCH_STANDARD_ERROR } from "../sketches/distinctSketch.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";
import { baselineOf, round } from "./distinctEvidence.js";

const TOP_ENDPOINTS = 10;
const SAMPLE_REQUESTS = 3;

/** A baseline the window was compared with, and how it came out. */
interface Comparison {
  history: DistinctHistory;
  deviation: Deviation;
}

/**
 * API_SprayInRequests: the distinct endpoints one client called in the window, against the
 * busiest ordinary client of the last 30 days and, once it has one, the client's own history.
 * Endpoints are the templated keys (`apiId;operationId`, or method and templated path), so ids in
 * paths do not count as endpoints; unmatched paths that 404 each count as one.
 */
export const sprayInRequestsDetector: Detector = {
  name: "sprayInRequests",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.sprayInRequests;
    if (!settings.enabled) return [];
    const population = seriesOf(context, SPRAY_POPULATION_FAMILY).get(ALL_CLIENTS);
    const crowdHistory = distinctHistoryOf(population, context.window.index);
    if (crowdHistory.windows < settings.minHistoryWindows) return [];
    const own = seriesOf(context, SPRAY_CLIENT_FAMILY);

    const candidates: Candidate[] = [];
    for (const [clientIp, reach] of context.aggregate.distinct.clients) {
      const endpoints = Math.round(reach.endpoints.estimate());
      if (endpoints < settings.minEndpoints) continue;
      const crowd = {
        history: crowdHistory,
        deviation: distinctDeviation(endpoints, crowdHistory.values),
      };
      if (!exceeds(endpoints, crowd, settings)) continue;
      const ownHistory = distinctHistoryOf(own.get(clientIp), context.window.index);
      const ownComparison =
        ownHistory.windows >= settings.minOwnHistoryWindows
          ? { history: ownHistory, deviation: distinctDeviation(endpoints, ownHistory.values) }
          : null;
      if (ownComparison && !exceeds(endpoints, ownComparison, settings)) continue;
      if (isScheduled(own.get(clientIp), context.window.index, endpoints, settings)) continue;
      candidates.push({ clientIp, reach, endpoints, crowd, own: ownComparison });
    }
    return candidates
      .sort((a, b) => scoreOf(b) - scoreOf(a) || compareText(a.clientIp, b.clientIp))
      .slice(0, settings.maxAlertsPerWindow)
      .map((candidate) => ({
        alert: toAlert(context, candidate, own.get(candidate.clientIp)),
        baselineKey: { family: SPRAY_CLIENT_FAMILY, key: candidate.clientIp, aspect: "count" },
      }));
  },
};

/** A client that passed every test, before its alert is assembled. */
interface Candidate {
  clientIp: string;
  reach: ClientReach;
  endpoints: number;
  crowd: Comparison;
  own: Comparison | null;
}

/** The weaker of the two comparisons: the alert claims no more than both support. */
function governingOf(candidate: Candidate): Comparison {
  const { crowd, own } = candidate;
  return own && own.deviation.score < crowd.deviation.score ? own : crowd;
}

function scoreOf(candidate: Candidate): number {
  return governingOf(candidate).deviation.score;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seriesOf(context: DetectionContext, family: string): ReadonlyMap<string, DistinctSeries> {
  return (context.baselines.get(family) ?? new Map()) as ReadonlyMap<string, DistinctSeries>;
}

function exceeds(
  observed: number,
  comparison: Comparison,
  settings: SprayInRequestsSettings,
): boolean {
  const { centre, score } = comparison.deviation;
  return score >= settings.sensitivity && observed >= Math.max(centre, 1) * settings.minRatio;
}

function toAlert(
  context: DetectionContext,
  candidate: Candidate,
  ownSeries: DistinctSeries | undefined,
): Alert {
  const { clientIp, reach, endpoints, crowd, own } = candidate;
  const governing = governingOf(candidate);
  const score = round(governing.deviation.score, 2);
  const incident = incidentOf(ownSeries?.incident, context.window.index);
  const called = endpointsOf(context, clientIp);
  const subject = {
    endpoint: "",
    clientIp,
    statusCode: null,
    idWindowStartMs: incident.idWindowStartMs,
  };
  return alertOf(context, "API_SprayInRequests", subject, {
    description: describe(context, clientIp, reach, endpoints, crowd, own) + incident.sentence,
    observedValue: endpoints,
    baselineValue: round(governing.deviation.centre, 2),
    score,
    evidence: {
      measure: "distinct endpoints called by this client in the window",
      observed: endpoints,
      baseline: baselineOf(governing.deviation, governing.history),
      score,
      samples: called.samples,
      details: {
        comparedWith: governing === crowd ? "busiest ordinary client" : "this client's own history",
        busiestOrdinaryClient: baselineOf(crowd.deviation, crowd.history),
        ownHistory: own ? baselineOf(own.deviation, own.history) : null,
        requests: reach.requests,
        notFoundRequests: reach.notFound,
        topEndpoints: called.top,
        exact: reach.endpoints.exact,
        relativeStandardError: reach.endpoints.exact ? 0 : round(SKETCH_STANDARD_ERROR, 4),
        incidentWindows: incident.windows,
      },
    },
  });
}

/** The client's endpoints by requests (then name), and its earliest sample requests. */
function endpointsOf(
  context: DetectionContext,
  clientIp: string,
): {
  top: { endpoint: string; requests: number; statusCodes: number[] }[];
  samples: EvidenceRequest[];
} {
  const byEndpoint = new Map<string, { requests: number; statusCodes: number[] }>();
  const samples: EvidenceRequest[] = [];
  for (const [key, stats] of context.aggregate.clients) {
    if (!key.startsWith(`${clientIp}${KEY_SEPARATOR}`)) continue;
    const { endpoint, statusCode } = splitClientKey(key);
    const entry = byEndpoint.get(endpoint) ?? { requests: 0, statusCodes: [] };
    entry.requests += stats.requests;
    entry.statusCodes.push(statusCode);
    byEndpoint.set(endpoint, entry);
    samples.push(stats.extremes.response);
  }
  const top = [...byEndpoint]
    .sort(([a, x], [b, y]) => y.requests - x.requests || compareText(a, b))
    .slice(0, TOP_ENDPOINTS)
    .map(([endpoint, entry]) => ({
      endpoint,
      requests: entry.requests,
      statusCodes: entry.statusCodes.sort((a, b) => a - b),
    }));
  return { top, samples: samples.sort(compareSamples).slice(0, SAMPLE_REQUESTS) };
}

function describe(
  context: DetectionContext,
  clientIp: string,
  reach: ClientReach,
  endpoints: number,
  crowd: Comparison,
  own: Comparison | null,
): string {
  const approx = reach.endpoints.exact ? "" : "about ";
  const ownText = own
    ? ` Its own history shows about ${round(own.deviation.centre, 1)} in its broad windows (spread ${round(own.deviation.spread, 1)}).`
    : " It has no broad windows of its own in the last 30 days.";
  return (
    `${clientIp} called ${approx}${endpoints} distinct endpoints in ${describeWindow(context.window)}, ` +
    `with ${reach.requests} requests of which ${reach.notFound} were answered 404. ` +
    `Over the ${crowd.history.days} day(s) of its history the busiest ordinary client called about ${round(crowd.deviation.centre, 1)} per window ` +
    `(spread ${round(crowd.deviation.spread, 1)}), so this is ${round(crowd.deviation.score, 1)} spreads above it.` +
    ownText
  );
}
