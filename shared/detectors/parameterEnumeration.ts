import type { Alert } from "../alerts/alert.js";
import {
  endpointValueKeyOf,
  splitClientValueKey,
  type ValueSpread,
} from "../aggregation/distinctAggregate.js";
import { KEY_SEPARATOR } from "../aggregation/windowAggregate.js";
import type { Deviation } from "../baselines/countDeviation.js";
import { historyOf } from "../baselines/countSeries.js";
import {
  distinctDeviation,
  distinctHistoryOf,
  type DistinctHistory,
  type DistinctSeries,
} from "../baselines/distinctSeries.js";
import { incidentOf } from "../baselines/incident.js";
import { isScheduled } from "../baselines/schedule.js";
import {
  PARAMETER_CLIENT_FAMILY,
  PARAMETER_ENDPOINT_FAMILY,
  type EndpointValuesBaseline,
} from "../baselines/parameterValuesBaseline.js";
import { sensitivityFor } from "../config/detectionSettings.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";
import { strongestPerGroup } from "./strongestPerGroup.js";
import {
  alsoVaried,
  baselineOf,
  clientSamplesOf,
  round,
  valueDetailsOf,
} from "./distinctEvidence.js";

interface Comparison {
  history: DistinctHistory;
  deviation: Deviation;
}

interface Candidate {
  key: string;
  spread: ValueSpread;
  values: number;
  crowd: Comparison;
  own: Comparison | null;
}

/**
 * API_ParameterEnumeration: the distinct values one client sent in one parameter of one endpoint
 * in the window, against the endpoint's busiest ordinary client over the last 30 days and, once
 * it has one, the client's own history on that parameter.
 */
export const parameterEnumerationDetector: Detector = {
  name: "parameterEnumeration",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.parameterEnumeration;
    if (!settings.enabled) return [];
    const endpoints = familyOf<EndpointValuesBaseline>(context, PARAMETER_ENDPOINT_FAMILY);
    const own = familyOf<DistinctSeries>(context, PARAMETER_CLIENT_FAMILY);
    const windowIndex = context.window.index;

    const candidates: Candidate[] = [];
    for (const [key, spread] of context.aggregate.distinct.clientValues) {
      const values = Math.round(spread.values.estimate());
      if (values < settings.minDistinctValues) continue;
      const { endpoint, parameter } = splitClientValueKey(key);
      const baseline = endpoints.get(endpointValueKeyOf(endpoint, parameter));
      if (!baseline) continue;
      const known = historyOf(baseline.values, context.evaluatedWindows, windowIndex, 0, 1);
      if (known.windows < settings.minHistoryWindows) continue;
      const sensitivity = sensitivityFor(
        context.settings,
        "parameterEnumeration",
        apiIdOf(context, endpoint),
      );
      const exceeds = (comparison: Comparison) =>
        comparison.deviation.score >= sensitivity &&
        values >= Math.max(comparison.deviation.centre, 1) * settings.minRatio;

      const crowd = comparisonOf(values, baseline.heavyClient, windowIndex);
      if (!exceeds(crowd)) continue;
      const ownHistory = distinctHistoryOf(own.get(key), windowIndex);
      const ownComparison =
        ownHistory.windows >= settings.minOwnHistoryWindows
          ? comparisonOf(values, own.get(key), windowIndex)
          : null;
      if (ownComparison && !exceeds(ownComparison)) continue;
      if (isScheduled(own.get(key), windowIndex, values, settings)) continue;
      candidates.push({ key, spread, values, crowd, own: ownComparison });
    }
    // One alert per client and endpoint, naming every parameter that fired. Only the reported
    // parameter's window stays out of its baseline; the others learn it, which one window in a
    // 30-day median barely moves.
    return strongestPerGroup(candidates, clientEndpointOf, scoreOf, (candidate) => candidate.key)
      .slice(0, settings.maxAlertsPerWindow)
      .map(({ top, others }) => ({
        alert: toAlert(context, top, others, own.get(top.key)),
        baselineKey: { family: PARAMETER_CLIENT_FAMILY, key: top.key, aspect: "count" },
      }));
  },
};

function clientEndpointOf(candidate: Candidate): string {
  const { clientIp, endpoint } = splitClientValueKey(candidate.key);
  return `${clientIp}${KEY_SEPARATOR}${endpoint}`;
}

function familyOf<T>(context: DetectionContext, family: string): ReadonlyMap<string, T> {
  return (context.baselines.get(family) ?? new Map()) as ReadonlyMap<string, T>;
}

function apiIdOf(context: DetectionContext, endpoint: string): string {
  return context.aggregate.endpoints.get(endpoint)?.apiId ?? "";
}

function comparisonOf(
  values: number,
  series: DistinctSeries | undefined,
  windowIndex: number,
): Comparison {
  const history = distinctHistoryOf(series, windowIndex);
  return { history, deviation: distinctDeviation(values, history.values) };
}

/** The weaker of the two comparisons: the alert claims no more than both support. */
function governingOf(candidate: Candidate): Comparison {
  const { crowd, own } = candidate;
  return own && own.deviation.score < crowd.deviation.score ? own : crowd;
}

function scoreOf(candidate: Candidate): number {
  return governingOf(candidate).deviation.score;
}

function toAlert(
  context: DetectionContext,
  candidate: Candidate,
  others: readonly Candidate[],
  ownSeries: DistinctSeries | undefined,
): Alert {
  const { key, spread, values, crowd, own } = candidate;
  const { clientIp, endpoint, parameter } = splitClientValueKey(key);
  const governing = governingOf(candidate);
  const score = round(governing.deviation.score, 2);
  const incident = incidentOf(ownSeries?.incident, context.window.index);
  const subject = {
    endpoint,
    clientIp,
    statusCode: null,
    idWindowStartMs: incident.idWindowStartMs,
  };
  return alertOf(context, "API_ParameterEnumeration", subject, {
    description: describe(context, candidate) + alsoVaried(others) + incident.sentence,
    observedValue: values,
    baselineValue: round(governing.deviation.centre, 2),
    score,
    evidence: {
      measure: `distinct values of ${parameter} from this client on this endpoint in the window`,
      observed: values,
      baseline: baselineOf(governing.deviation, governing.history),
      score,
      samples: clientSamplesOf(context, clientIp, endpoint),
      details: {
        parameter,
        comparedWith: governing === crowd ? "busiest ordinary client" : "this client's own history",
        busiestOrdinaryClient: baselineOf(crowd.deviation, crowd.history),
        ownHistory: own ? baselineOf(own.deviation, own.history) : null,
        ...valueDetailsOf(spread),
        otherParameters: others.map((other) => ({
          parameter: splitClientValueKey(other.key).parameter,
          distinctValues: other.values,
        })),
        incidentWindows: incident.windows,
      },
    },
  });
}

function describe(context: DetectionContext, candidate: Candidate): string {
  const { key, spread, values, crowd, own } = candidate;
  const { clientIp, endpoint, parameter } = splitClientValueKey(key);
  const approx = spread.values.exact ? "" : "about ";
  const ownText = own
    ? ` Its own history on this parameter is about ${round(own.deviation.centre, 1)} (spread ${round(own.deviation.spread, 1)}).`
    : "";
  return (
    `${clientIp} sent ${approx}${values} distinct values of ${parameter} to ${endpoint} in ${describeWindow(context.window)}, ` +
    `in ${spread.requests} requests of which ${spread.failed} failed with a 4xx status. ` +
    `Over the ${crowd.history.days} day(s) of its history the busiest ordinary client sent about ${round(crowd.deviation.centre, 1)} per window ` +
    `(spread ${round(crowd.deviation.spread, 1)}), so this is ${round(crowd.deviation.score, 1)} spreads above it.` +
    ownText
  );
}
