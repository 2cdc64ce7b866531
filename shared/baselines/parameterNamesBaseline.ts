import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import { splitPopulationKey } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "./baselineFamily.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";

export const PARAMETER_NAMES_FAMILY = "parameterNames";

/** New names remembered per window, so the detector can tell tracking noise from real churn. */
export const NEW_NAMES_KEPT_PER_WINDOW = 16;

/**
 * Known names kept per endpoint. An endpoint that collects more names than this in 30 days has
 * names that are data (ids, search terms), and the most recently seen are kept.
 */
export const MAX_KNOWN_NAMES = 512;

/**
 * The parameter names one endpoint received over the last 30 days, each with the last window it
 * was seen in, and the endpoint's traffic per window: how long it has been learned, and how often
 * its names changed.
 */
export interface ParameterNamesBaseline {
  /** The first window the endpoint had traffic in (kept when older windows are aged out). */
  firstWindow: number;
  /** `[windowIndex, requests, newNames (sorted, at most 16), newNamesCount]`, ascending. */
  windows: [number, number, string[], number][];
  /** Parameter key (`parameterKeyOf`) → the last window it was seen in. */
  names: Record<string, number>;
  /** Windows in the lookback whose names hit the aggregate's cap, or that overflowed `names`. */
  cappedWindows: number[];
}

/** What one window says about an endpoint's names. */
export interface ParameterNamesObservation {
  requests: number;
  names: string[];
  namesCapped: boolean;
}

/**
 * Every endpoint with traffic, with the parameter keys it received. Names are learned even from a
 * window that alerted: an unseen parameter alerts once, not in every window it keeps appearing.
 */
export const parameterNamesFamily: BaselineFamily<
  ParameterNamesBaseline,
  ParameterNamesObservation
> = {
  name: PARAMETER_NAMES_FAMILY,
  observations: observeNames,
  fold: (previous, windowIndex, observed) => foldNames(previous, windowIndex, observed),
  prune: pruneNames,
};

function observeNames(aggregate: WindowAggregate): Map<string, ParameterNamesObservation> {
  const observations = new Map<string, ParameterNamesObservation>();
  for (const [key, stats] of aggregate.population) {
    const { endpoint } = splitPopulationKey(key);
    const known = observations.get(endpoint);
    if (known) {
      known.requests += stats.requests;
      continue;
    }
    const parameters = aggregate.parameters.get(endpoint);
    observations.set(endpoint, {
      requests: stats.requests,
      names: parameters ? [...parameters.parameters.keys()].sort() : [],
      namesCapped: parameters?.namesCapped ?? false,
    });
  }
  return observations;
}

/** The baseline after one more window; `previous` is already aged to the window before. */
export function foldNames(
  previous: ParameterNamesBaseline | undefined,
  windowIndex: number,
  observed: ParameterNamesObservation,
): ParameterNamesBaseline {
  const names = { ...(previous?.names ?? {}) };
  const newNames = observed.names.filter((name) => names[name] === undefined);
  for (const name of observed.names) names[name] = windowIndex;
  const overflowed = Object.keys(names).length > MAX_KNOWN_NAMES;
  const cappedWindows = [...(previous?.cappedWindows ?? [])];
  if (observed.namesCapped || overflowed) cappedWindows.push(windowIndex);
  return {
    firstWindow: previous?.firstWindow ?? windowIndex,
    windows: [
      ...(previous?.windows ?? []),
      [
        windowIndex,
        observed.requests,
        newNames.slice(0, NEW_NAMES_KEPT_PER_WINDOW),
        newNames.length,
      ],
    ],
    names: overflowed ? mostRecent(names) : names,
    cappedWindows,
  };
}

/**
 * Ages out what is older than the lookback before `currentWindow`: a name last seen in window w is
 * known up to window w + 2160 (30 days) and is unseen again after. Null when no traffic is left.
 */
export function pruneNames(
  entry: ParameterNamesBaseline,
  currentWindow: number,
): ParameterNamesBaseline | null {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS + 1;
  const windows = entry.windows.filter(([windowIndex]) => windowIndex >= oldestWindow);
  if (windows.length === 0) return null;
  const names: Record<string, number> = {};
  for (const [name, lastWindow] of Object.entries(entry.names)) {
    if (lastWindow >= oldestWindow) names[name] = lastWindow;
  }
  return {
    firstWindow: entry.firstWindow,
    windows,
    names,
    cappedWindows: entry.cappedWindows.filter((windowIndex) => windowIndex >= oldestWindow),
  };
}

function mostRecent(names: Record<string, number>): Record<string, number> {
  const kept = Object.entries(names)
    .sort(([a, aWindow], [b, bWindow]) => bWindow - aWindow || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_KNOWN_NAMES);
  return Object.fromEntries(kept);
}
