import type { Alert } from "../alerts/alert.js";
import {
  typeEntries,
  type ParameterStats,
  type ValueTypeStats,
} from "../aggregation/parameterAggregate.js";
import { incidentOf } from "../baselines/incident.js";
import {
  PARAMETER_TYPES_FAMILY,
  parameterTypesKeyOf,
  typeAspectOf,
  typeTotalsOf,
  type ParameterTypesBaseline,
  type TypeCounts,
} from "../baselines/parameterTypesBaseline.js";
import type { UnseenParamTypeSettings } from "../config/detectionSettings.js";
import { splitParameterKey } from "../parameters/extractParameters.js";
import { ACCEPTED_BY, VALUE_TYPES, type ValueType } from "../parameters/valueType.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";
import { describeClients, parameterSamples, round, singleClientOf } from "./parameterEvidence.js";

type TypeTotals = ReturnType<typeof typeTotalsOf>;

/**
 * API_UnseenParamType: a parameter of an endpoint received a value whose type is improbable under
 * that parameter's 30-day type distribution. The probability is additively smoothed, so a type
 * never seen has a small but non-zero one: (count + smoothing) / (values + smoothing × 15).
 */
export const unseenParamTypeDetector: Detector = {
  name: "unseenParamType",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.unseenParamType;
    if (!settings.enabled) return [];
    const baselines = (context.baselines.get(PARAMETER_TYPES_FAMILY) ?? new Map()) as ReadonlyMap<
      string,
      ParameterTypesBaseline
    >;

    const detections: Detection[] = [];
    for (const [endpoint, { parameters }] of context.aggregate.parameters) {
      for (const [parameterKey, stats] of parameters) {
        const key = parameterTypesKeyOf(endpoint, parameterKey);
        const baseline = baselines.get(key);
        if (!baseline) continue;
        const totals = typeTotalsOf(baseline);
        if (totals.values < settings.minHistoryValues) continue;
        if (totals.windows < settings.minHistoryWindows) continue;
        for (const [type, typeStats] of typeEntries(stats.types)) {
          // An empty value carries nothing to attack with; optional fields are sent empty.
          if (type === "empty") continue;
          const probability = probabilityOf(type, totals, settings.smoothing);
          if (probability >= settings.maxProbability) continue;
          const learn = isRollout(typeStats, settings);
          detections.push({
            alert: toAlert(
              context,
              { endpoint, parameterKey, stats, type, typeStats },
              {
                baseline,
                totals,
                probability,
                settings,
              },
            ),
            baselineKey: { family: PARAMETER_TYPES_FAMILY, key, aspect: typeAspectOf(type, learn) },
          });
        }
      }
    }
    return detections
      .sort((a, b) => b.alert.score - a.alert.score)
      .slice(0, settings.maxAlertsPerWindow);
  },
};

/**
 * The smoothed share of the parameter's values over the lookback that would have accepted a value
 * of `type`: its own type and the broader ones (`ACCEPTED_BY`), each count plus `smoothing`.
 */
export function probabilityOf(type: ValueType, totals: TypeTotals, smoothing: number): number {
  const accepting = [type, ...ACCEPTED_BY[type]];
  const count = accepting.reduce((sum, each) => sum + (totals.counts[each] ?? 0) + smoothing, 0);
  return count / (totals.values + smoothing * VALUE_TYPES.length);
}

/** Enough distinct clients sent the type in the window for it to be a rollout, not an attack. */
function isRollout(typeStats: ValueTypeStats, settings: UnseenParamTypeSettings): boolean {
  return typeStats.clients.ips.length >= settings.learnFromClients;
}

interface Finding {
  endpoint: string;
  parameterKey: string;
  stats: ParameterStats;
  type: ValueType;
  typeStats: ValueTypeStats;
}

interface Judgement {
  baseline: ParameterTypesBaseline;
  totals: TypeTotals;
  probability: number;
  settings: UnseenParamTypeSettings;
}

function toAlert(context: DetectionContext, finding: Finding, judgement: Judgement): Alert {
  const { endpoint, parameterKey, stats, type, typeStats } = finding;
  const { totals, probability } = judgement;
  const { location, name } = splitParameterKey(parameterKey);
  const score = round(-Math.log10(probability), 2);
  const incident = incidentOf(judgement.baseline.incidents?.[type], context.window.index);
  const samples = parameterSamples(stats, type);
  const subject = {
    endpoint,
    clientIp: singleClientOf(typeStats.clients),
    statusCode: null,
    extra: `${parameterKey}\u001f${type}`,
    idWindowStartMs: incident.idWindowStartMs,
  };
  return alertOf(context, "API_UnseenParamType", subject, {
    description:
      `${endpoint} received ${typeStats.values} ${type} value(s) in the ${location} parameter ` +
      `"${name}" from ${describeClients(typeStats.clients)} in ${describeWindow(context.window)}. ` +
      `Over the ${totals.days} day(s) of its history this parameter received ${totals.values} values, ` +
      `${describeDistribution(totals.counts, totals.values)}, so a ${type} value has probability ` +
      `${formatProbability(probability)}.` +
      incident.sentence,
    observedValue: typeStats.values,
    baselineValue: Number(probability.toPrecision(3)),
    score,
    evidence: {
      measure: "values of one type in one parameter, against the parameter's type distribution",
      observed: typeStats.values,
      baseline: {
        centre: totals.counts[type] ?? 0,
        spread: 0,
        windows: totals.windows,
        days: totals.days,
      },
      score,
      samples: samples.requests,
      details: {
        parameter: name,
        location,
        valueType: type,
        probability: Number(probability.toPrecision(3)),
        smoothing: judgement.settings.smoothing,
        historyValues: totals.values,
        historyTypes: shares(totals.counts, totals.values),
        clients: typeStats.clients.ips,
        moreClients: typeStats.clients.more,
        sampleValues: samples.values,
        learnedFromThisWindow: isRollout(typeStats, judgement.settings),
        incidentWindows: incident.windows,
      },
    },
  });
}

/** Each type's share of the history, largest first, to three decimals. */
function shares(counts: TypeCounts, values: number): Record<string, number> {
  const entries = (Object.entries(counts) as [ValueType, number][]).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(entries.map(([type, count]) => [type, round(count / values, 3)]));
}

function describeDistribution(counts: TypeCounts, values: number): string {
  const parts = Object.entries(shares(counts, values))
    .slice(0, 3)
    .map(([type, share]) => `${round(share * 100, 1)}% ${type}`);
  return parts.length > 0 ? `mostly ${parts.join(", ")}` : "none typed";
}

function formatProbability(probability: number): string {
  return probability < 0.001 ? probability.toExponential(1) : probability.toFixed(4);
}
