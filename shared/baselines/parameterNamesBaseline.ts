import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import { splitPopulationKey } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "./baselineFamily.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";
import {
  continuedIncident,
  foldIncident,
  INCIDENT_GAP_WINDOWS,
  type Incident,
} from "./incident.js";

export const PARAMETER_NAMES_FAMILY = "parameterNames";

/** New names remembered per window, so the detector can tell tracking noise from real churn. */
export const NEW_NAMES_KEPT_PER_WINDOW = 16;

/**
 * Known names kept per endpoint. An endpoint that collects more names than this in 30 days has
 * names that are data (ids, search terms), and the most recently seen are kept.
 */
export const MAX_KNOWN_NAMES = 512;

/**
 * Incidents kept per endpoint, the most recent first. A scanner inventing names opens one per
 * name; past this many, the oldest ones are forgotten, so a later alert on such a name starts a
 * new incident. The name itself stays held either way, since holding is not learning it.
 */
export const MAX_NAME_INCIDENTS = 64;

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
  /** Per parameter key, its ongoing incident of `API_UnseenParam` (at most 64). */
  incidents?: Record<string, Incident>;
}

/** What one window says about an endpoint's names. */
export interface ParameterNamesObservation {
  requests: number;
  names: string[];
  namesCapped: boolean;
}

/**
 * The aspect an `API_UnseenParam` detection names: `learn:<parameter key>` when enough clients
 * sent the name in the window for it to be a rollout, which teaches the baseline, and
 * `hold:<parameter key>` when a few did: likely an attack, which must not become normal.
 */
export function nameAspectOf(parameterKey: string, learn: boolean): string {
  return `${learn ? "learn" : "hold"}:${parameterKey}`;
}

/**
 * Every endpoint with traffic, with the parameter keys it received. A name that alerted is held
 * out of the known names unless the alert says to learn it, so the next window that carries it
 * alerts again, continuing the same incident.
 */
export const parameterNamesFamily: BaselineFamily<
  ParameterNamesBaseline,
  ParameterNamesObservation
> = {
  name: PARAMETER_NAMES_FAMILY,
  observations: observeNames,
  fold: foldNames,
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

/**
 * The baseline after one more window; `previous` is already aged to the window before. Names
 * with a `hold:` aspect in `aspects` stay unknown.
 */
export function foldNames(
  previous: ParameterNamesBaseline | undefined,
  windowIndex: number,
  observed: ParameterNamesObservation,
  aspects: ReadonlySet<string>,
): ParameterNamesBaseline {
  const names = { ...(previous?.names ?? {}) };
  const newNames = observed.names.filter(
    (name) => names[name] === undefined && !isHeld(previous, name, windowIndex),
  );
  for (const name of observed.names) {
    if (!aspects.has(nameAspectOf(name, false))) names[name] = windowIndex;
  }
  const overflowed = Object.keys(names).length > MAX_KNOWN_NAMES;
  const cappedWindows = [...(previous?.cappedWindows ?? [])];
  if (observed.namesCapped || overflowed) cappedWindows.push(windowIndex);
  const next: ParameterNamesBaseline = {
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
  const incidents = foldNameIncidents(previous?.incidents, windowIndex, aspects);
  if (incidents) next.incidents = incidents;
  return next;
}

/**
 * A held name that comes back within its incident is not new again: counting it would let an
 * attacker who keeps probing make the endpoint look like one whose names churn, which silences it.
 */
function isHeld(
  previous: ParameterNamesBaseline | undefined,
  name: string,
  windowIndex: number,
): boolean {
  return continuedIncident(previous?.incidents?.[name], windowIndex) !== null;
}

function foldNameIncidents(
  previous: Record<string, Incident> | undefined,
  windowIndex: number,
  aspects: ReadonlySet<string>,
): Record<string, Incident> | undefined {
  const alerted = new Set([...aspects].map((aspect) => aspect.slice(aspect.indexOf(":") + 1)));
  const incidents: [string, Incident][] = [];
  for (const key of new Set([...Object.keys(previous ?? {}), ...alerted])) {
    const incident = foldIncident(previous?.[key], windowIndex, alerted.has(key));
    if (incident) incidents.push([key, incident]);
  }
  if (incidents.length === 0) return undefined;
  const kept = incidents
    .sort(
      ([a, aIncident], [b, bIncident]) =>
        bIncident.lastWindow - aIncident.lastWindow || compare(a, b),
    )
    .slice(0, MAX_NAME_INCIDENTS);
  return Object.fromEntries(kept);
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
  const pruned: ParameterNamesBaseline = {
    firstWindow: entry.firstWindow,
    windows,
    names,
    cappedWindows: entry.cappedWindows.filter((windowIndex) => windowIndex >= oldestWindow),
  };
  const incidents = ongoingIncidents(entry.incidents, currentWindow);
  if (incidents) pruned.incidents = incidents;
  return pruned;
}

/** The incidents an alert after `currentWindow` could still continue. */
function ongoingIncidents(
  incidents: Record<string, Incident> | undefined,
  currentWindow: number,
): Record<string, Incident> | undefined {
  const ongoing = Object.entries(incidents ?? {}).filter(
    ([, incident]) => currentWindow - incident.lastWindow <= INCIDENT_GAP_WINDOWS,
  );
  return ongoing.length > 0 ? Object.fromEntries(ongoing) : undefined;
}

function mostRecent(names: Record<string, number>): Record<string, number> {
  const kept = Object.entries(names)
    .sort(([a, aWindow], [b, bWindow]) => bWindow - aWindow || compare(a, b))
    .slice(0, MAX_KNOWN_NAMES);
  return Object.fromEntries(kept);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
