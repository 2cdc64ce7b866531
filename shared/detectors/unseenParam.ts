import type { Alert } from "../alerts/alert.js";
import { typeEntries, type ParameterStats } from "../aggregation/parameterAggregate.js";
import { incidentOf } from "../baselines/incident.js";
import {
  nameAspectOf,
  PARAMETER_NAMES_FAMILY,
  type ParameterNamesBaseline,
} from "../baselines/parameterNamesBaseline.js";
import type { UnseenParamSettings } from "../config/detectionSettings.js";
import { splitParameterKey } from "../parameters/extractParameters.js";
import { WINDOWS_PER_DAY } from "../windows/window.js";
import type { Detection, DetectionContext, Detector } from "./detector.js";
import { alertOf } from "./alertOf.js";
import { describeWindow } from "./describeWindow.js";
import {
  describeClients,
  parameterSamples,
  round,
  singleClientOf,
  typeCountsOf,
} from "./parameterEvidence.js";

/** Known names listed in an alert's evidence, alphabetically. */
const KNOWN_NAMES_SHOWN = 30;

/** What an endpoint's name baseline says about it as of the window before this one. */
interface NameHistory {
  windows: number;
  requests: number;
  days: number;
  ageWindows: number;
}

/** One unseen name on one endpoint in this window. */
interface Finding {
  endpoint: string;
  key: string;
  stats: ParameterStats;
}

/**
 * API_UnseenParam: a query, form or JSON body parameter that a learned endpoint has not received
 * in the last 30 days. A name that `learnFromClients` clients sent in the window is learned, so a
 * rollout alerts once; from fewer it is held out and alerts again in every window that carries
 * it, as one incident. Names beyond the window's `maxAlertsPerWindow` alerts are learned.
 */
export const unseenParamDetector: Detector = {
  name: "unseenParam",
  detect(context: DetectionContext): Detection[] {
    const settings = context.settings.unseenParam;
    if (!settings.enabled) return [];
    const baselines = (context.baselines.get(PARAMETER_NAMES_FAMILY) ?? new Map()) as ReadonlyMap<
      string,
      ParameterNamesBaseline
    >;

    const detections: Detection[] = [];
    for (const [endpoint, { parameters }] of context.aggregate.parameters) {
      const baseline = baselines.get(endpoint);
      if (!baseline) continue;
      const history = historyOf(baseline, context.window.index);
      if (!isLearned(history, settings) || churns(baseline, settings)) continue;
      for (const [key, stats] of parameters) {
        if (baseline.names[key] !== undefined || !isCandidate(key, stats, settings)) continue;
        const learn = isRollout(stats, settings);
        detections.push({
          alert: toAlert(context, { endpoint, key, stats }, { baseline, history, learn }),
          baselineKey: {
            family: PARAMETER_NAMES_FAMILY,
            key: endpoint,
            aspect: nameAspectOf(key, learn),
          },
        });
      }
    }
    return detections
      .sort((a, b) => b.alert.observedValue - a.alert.observedValue)
      .slice(0, settings.maxAlertsPerWindow);
  },
};

function historyOf(baseline: ParameterNamesBaseline, windowIndex: number): NameHistory {
  const oldest = baseline.windows[0]?.[0] ?? windowIndex;
  return {
    windows: baseline.windows.length,
    requests: baseline.windows.reduce((sum, [, requests]) => sum + requests, 0),
    days: Math.ceil((windowIndex - oldest) / WINDOWS_PER_DAY),
    ageWindows: windowIndex - baseline.firstWindow,
  };
}

/** An endpoint is learned once it is old enough and has enough windows and requests. */
function isLearned(history: NameHistory, settings: UnseenParamSettings): boolean {
  return (
    history.ageWindows >= settings.minAgeWindows &&
    history.windows >= settings.minHistoryWindows &&
    history.requests >= settings.minHistoryRequests
  );
}

/**
 * Names churn when a large share of the endpoint's windows brought a name that is not ignored,
 * or when a window hit the name cap: such names are data. An ordinary endpoint shows its optional
 * parameters within its first few windows and then only at releases. The endpoint's first window
 * is left out, since every name is new in it.
 */
function churns(baseline: ParameterNamesBaseline, settings: UnseenParamSettings): boolean {
  if (baseline.cappedWindows.length > 0) return true;
  let windows = 0;
  let windowsWithNewNames = 0;
  for (const [windowIndex, , newNames, newCount] of baseline.windows) {
    if (windowIndex === baseline.firstWindow) continue;
    windows += 1;
    if (newCount === 0) continue;
    const unlisted = newCount - newNames.length;
    const relevant = newNames.filter(
      (key) => !isIgnoredName(splitParameterKey(key).name, settings),
    );
    if (unlisted > 0 || relevant.length > 0) windowsWithNewNames += 1;
  }
  return (
    windowsWithNewNames >= settings.churnMinWindows &&
    windowsWithNewNames >= settings.churnShare * windows
  );
}

function isCandidate(key: string, stats: ParameterStats, settings: UnseenParamSettings): boolean {
  const { location, name } = splitParameterKey(key);
  // Path segments are positions, not names: a new position follows the route, not the client.
  if (location === "path" || isIgnoredName(name, settings)) return false;
  const values = typeEntries(stats.types).reduce((sum, [, typeStats]) => sum + typeStats.values, 0);
  return !(settings.ignoreTimestampValues && stats.timestampValues === values);
}

/** Enough distinct clients sent the name in the window for it to be a rollout, not an attack. */
function isRollout(stats: ParameterStats, settings: UnseenParamSettings): boolean {
  return stats.clients.ips.length >= settings.learnFromClients;
}

function isIgnoredName(name: string, settings: UnseenParamSettings): boolean {
  if (settings.ignoredNames.some((ignored) => ignored.toLowerCase() === name)) return true;
  return settings.ignoredNamePrefixes.some((prefix) => name.startsWith(prefix.toLowerCase()));
}

function toAlert(
  context: DetectionContext,
  { endpoint, key, stats }: Finding,
  judgement: { baseline: ParameterNamesBaseline; history: NameHistory; learn: boolean },
): Alert {
  const { baseline, history } = judgement;
  const { location, name } = splitParameterKey(key);
  const known = Object.keys(baseline.names).sort();
  // Orders of magnitude of history that never carried the name: more traffic, more unusual.
  const score = round(Math.log10(history.requests + 1), 2);
  const incident = incidentOf(baseline.incidents?.[key], context.window.index);
  const samples = parameterSamples(stats);
  const subject = {
    endpoint,
    clientIp: singleClientOf(stats.clients),
    statusCode: null,
    extra: key,
    idWindowStartMs: incident.idWindowStartMs,
  };
  return alertOf(context, "API_UnseenParam", subject, {
    description:
      `${endpoint} received the ${location} parameter "${name}" in ${stats.requests} request(s) from ` +
      `${describeClients(stats.clients)} in ${describeWindow(context.window)}. Over the ` +
      `${history.days} day(s) of its history it answered ${history.requests} requests in ${history.windows} windows ` +
      `without learning this parameter; it knows ${known.length} parameter(s).` +
      incident.sentence,
    observedValue: stats.requests,
    baselineValue: 0,
    score,
    evidence: {
      measure: "requests carrying a parameter the endpoint has not learned in 30 days",
      observed: stats.requests,
      baseline: { centre: 0, spread: 0, windows: history.windows, days: history.days },
      score,
      samples: samples.requests,
      details: {
        parameter: name,
        location,
        clients: stats.clients.ips,
        moreClients: stats.clients.more,
        valueTypes: typeCountsOf(stats),
        sampleValues: samples.values,
        knownParameters: known.slice(0, KNOWN_NAMES_SHOWN),
        knownParameterCount: known.length,
        historyRequests: history.requests,
        learnedFromThisWindow: judgement.learn,
        incidentWindows: incident.windows,
      },
    },
  });
}
