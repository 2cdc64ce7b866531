import type { Alert } from "../alerts/alert.js";
import {
  splitEndpointValueKey,
  type EndpointValueSpread,
} from "../aggregation/distinctAggregate.js";
import { leastUnusualCount, type Deviation } from "../baselines/countDeviation.js";
import type { HistorySample } from "../baselines/countSeries.js";
import { distinctHistoryOf, type DistinctHistory } from "../baselines/distinctSeries.js";
import { incidentOf } from "../baselines/incident.js";
import {
  PARAMETER_ENDPOINT_FAMILY,
  perClientCountsOf,
  type EndpointValuesBaseline,
} from "../baselines/parameterValuesBaseline.js";
import { median } from "../baselines/robustStats.js";
import { sensitivityFor } from "../config/detectionSettings.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";
import { strongestPerGroup } from "./strongestPerGroup.js";
import {
  alsoVaried,
  baselineOf,
  endpointSamplesOf,
  round,
  valueDetailsOf,
} from "./distinctEvidence.js";

interface Candidate {
  key: string;
  spread: EndpointValueSpread;
  values: number;
  clients: number;
  history: HistorySample;
  deviation: Deviation;
  perClient: { observed: number; usual: number; history: DistinctHistory };
  topClientValues: number;
  baseline: EndpointValuesBaseline;
}

/**
 * API_DistributedParameterEnumeration: the distinct values all clients sent in one parameter of
 * one endpoint in the window, against that key's last 30 days at the same time of day. A crowd
 * is told from a botnet by values per client: each bot guesses many, each visitor sends its own
 * one or two, so a surge of visitors raises the values but not the values per client.
 */
export const distributedParameterEnumerationDetector: Detector = {
  name: "distributedParameterEnumeration",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.distributedParameterEnumeration;
    if (!settings.enabled) return [];
    const baselines = (context.baselines.get(PARAMETER_ENDPOINT_FAMILY) ??
      new Map()) as ReadonlyMap<string, EndpointValuesBaseline>;
    let perClientCounts: Map<string, number[]> | null = null;

    const candidates: Candidate[] = [];
    for (const [key, spread] of context.aggregate.distinct.endpointValues) {
      const values = Math.round(spread.values.estimate());
      const clients = Math.max(1, Math.round(spread.clients.estimate()));
      if (values < settings.minDistinctValues || clients < settings.minClients) continue;
      const baseline = baselines.get(key);
      if (!baseline) continue;
      const { history, deviation } = leastUnusualCount(
        values,
        baseline.values,
        context.evaluatedWindows,
        context.window.index,
        settings.seasonalRadiusSlots,
      );
      if (history.windows < settings.minHistoryWindows) continue;
      const { endpoint } = splitEndpointValueKey(key);
      const apiId = context.aggregate.endpoints.get(endpoint)?.apiId ?? "";
      const sensitivity = sensitivityFor(
        context.settings,
        "distributedParameterEnumeration",
        apiId,
      );
      if (deviation.score < sensitivity) continue;
      if (values < Math.max(deviation.centre, 1) * settings.minRatio) continue;

      const perClient = perClientOf(values, clients, baseline, context.window.index);
      if (perClient.observed < Math.max(perClient.usual, 1) * settings.minValuesPerClientRatio) {
        continue;
      }
      perClientCounts ??= perClientCountsOf(context.aggregate);
      const topClientValues = Math.max(0, ...(perClientCounts.get(key) ?? []));
      if (topClientValues > values * settings.maxTopClientShare) continue;
      candidates.push({
        key,
        spread,
        values,
        clients,
        history,
        deviation,
        perClient,
        topClientValues,
        baseline,
      });
    }
    // One alert per endpoint, naming every parameter that fired (see parameterEnumeration.ts).
    return strongestPerGroup(
      candidates,
      (candidate) => splitEndpointValueKey(candidate.key).endpoint,
      (candidate) => candidate.deviation.score,
      (candidate) => candidate.key,
    )
      .slice(0, settings.maxAlertsPerWindow)
      .map(({ top, others }) => ({
        alert: toAlert(context, top, others),
        baselineKey: { family: PARAMETER_ENDPOINT_FAMILY, key: top.key, aspect: "count" },
      }));
  },
};

function perClientOf(
  values: number,
  clients: number,
  baseline: EndpointValuesBaseline,
  windowIndex: number,
): Candidate["perClient"] {
  const history = distinctHistoryOf(baseline.perClient, windowIndex);
  const usual = history.values.length > 0 ? median(history.values) : 1;
  return { observed: values / clients, usual, history };
}

function toAlert(
  context: DetectionContext,
  candidate: Candidate,
  others: readonly Candidate[],
): Alert {
  const { key, spread, values, clients, history, deviation, perClient } = candidate;
  const { endpoint, parameter } = splitEndpointValueKey(key);
  const score = round(deviation.score, 2);
  const incident = incidentOf(candidate.baseline.values.incident, context.window.index);
  const subject = {
    endpoint,
    clientIp: "",
    statusCode: null,
    idWindowStartMs: incident.idWindowStartMs,
  };
  return alertOf(context, "API_DistributedParameterEnumeration", subject, {
    description: describe(context, candidate) + alsoVaried(others) + incident.sentence,
    observedValue: values,
    baselineValue: round(deviation.centre, 2),
    score,
    evidence: {
      measure: `distinct values of ${parameter} on this endpoint from all clients in the window`,
      observed: values,
      baseline: baselineOf(deviation, history),
      score,
      samples: endpointSamplesOf(context, endpoint),
      details: {
        parameter,
        seasonal: history.seasonal,
        distinctClients: clients,
        valuesPerClient: round(perClient.observed, 2),
        usualValuesPerClient: round(perClient.usual, 2),
        valuesPerClientWindows: perClient.history.windows,
        topClientShare: round(candidate.topClientValues / Math.max(values, 1), 3),
        ...valueDetailsOf(spread),
        otherParameters: others.map((other) => ({
          parameter: splitEndpointValueKey(other.key).parameter,
          distinctValues: other.values,
        })),
        incidentWindows: incident.windows,
      },
    },
  });
}

function describe(context: DetectionContext, candidate: Candidate): string {
  const { key, spread, values, clients, history, deviation, perClient } = candidate;
  const { endpoint, parameter } = splitEndpointValueKey(key);
  const approx = spread.values.exact ? "" : "about ";
  const when = history.seasonal ? "at this time of day" : "per window";
  return (
    `${endpoint} received ${approx}${values} distinct values of ${parameter} from ${clients} clients in ${describeWindow(context.window)}, ` +
    `${round(perClient.observed, 1)} per client where about ${round(perClient.usual, 1)} is usual; ${spread.failed} of ${spread.requests} requests failed with a 4xx status. ` +
    `Over the ${history.days} day(s) of its history it usually received about ${round(deviation.centre, 1)} ${when} ` +
    `(spread ${round(deviation.spread, 1)}), so this is ${round(deviation.score, 1)} spreads above normal.`
  );
}
