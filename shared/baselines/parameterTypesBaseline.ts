import { typeEntries } from "../aggregation/parameterAggregate.js";
import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import { KEY_SEPARATOR } from "../aggregation/windowAggregate.js";
import type { ValueType } from "../parameters/valueType.js";
import { WINDOWS_PER_DAY } from "../windows/window.js";
import { LOOKBACK_DAYS } from "./countSeries.js";
import type { BaselineFamily } from "./baselineFamily.js";
import { foldIncident, type Incident } from "./incident.js";

export const PARAMETER_TYPES_FAMILY = "parameterTypes";

export type TypeCounts = Partial<Record<ValueType, number>>;

/**
 * How many values of each type one parameter of one endpoint received, per UTC day, over the
 * last 30 whole days and the current one. Days rather than windows keep the entry small.
 */
export interface ParameterTypesBaseline {
  firstWindow: number;
  /** `[dayIndex, windowsWithValues, counts]`, ascending. */
  days: [number, number, TypeCounts][];
  /** Per value type, its current or latest incident of `API_UnseenParamType`. */
  incidents?: Partial<Record<ValueType, Incident>>;
}

/**
 * The aspect an `API_UnseenParamType` detection names: `learn:<type>` when the window's values of
 * that type may still teach the baseline (many clients sent them: a rollout), `hold:<type>` when
 * they stay out (a few clients: likely an attack, which must not become normal).
 */
export function typeAspectOf(type: ValueType, learn: boolean): string {
  return `${learn ? "learn" : "hold"}:${type}`;
}

export function parameterTypesKeyOf(endpoint: string, parameterKey: string): string {
  return `${endpoint}${KEY_SEPARATOR}${parameterKey}`;
}

export function splitParameterTypesKey(key: string): { endpoint: string; parameterKey: string } {
  const cut = key.lastIndexOf(KEY_SEPARATOR);
  return { endpoint: key.slice(0, cut), parameterKey: key.slice(cut + 1) };
}

/** Value types per endpoint × parameter. */
export const parameterTypesFamily: BaselineFamily<ParameterTypesBaseline, TypeCounts> = {
  name: PARAMETER_TYPES_FAMILY,
  observations: observeTypes,
  fold: foldTypes,
  prune: pruneTypes,
};

function observeTypes(aggregate: WindowAggregate): Map<string, TypeCounts> {
  const observations = new Map<string, TypeCounts>();
  for (const [endpoint, { parameters }] of aggregate.parameters) {
    for (const [parameterKey, stats] of parameters) {
      const counts: TypeCounts = {};
      for (const [type, typeStats] of typeEntries(stats.types)) counts[type] = typeStats.values;
      observations.set(parameterTypesKeyOf(endpoint, parameterKey), counts);
    }
  }
  return observations;
}

export function foldTypes(
  previous: ParameterTypesBaseline | undefined,
  windowIndex: number,
  observed: TypeCounts,
  aspects: ReadonlySet<string>,
): ParameterTypesBaseline {
  const day = Math.floor(windowIndex / WINDOWS_PER_DAY);
  const days = (previous?.days ?? []).map(
    ([dayIndex, windows, counts]) =>
      [dayIndex, windows, { ...counts }] as [number, number, TypeCounts],
  );
  let today = days.at(-1);
  if (!today || today[0] !== day) {
    today = [day, 0, {}];
    days.push(today);
  }
  today[1] += 1;
  for (const [type, count] of Object.entries(observed) as [ValueType, number][]) {
    if (aspects.has(typeAspectOf(type, false))) continue;
    today[2][type] = (today[2][type] ?? 0) + count;
  }
  const next: ParameterTypesBaseline = { firstWindow: previous?.firstWindow ?? windowIndex, days };
  const incidents = foldTypeIncidents(previous?.incidents, windowIndex, aspects);
  if (incidents) next.incidents = incidents;
  return next;
}

function foldTypeIncidents(
  previous: Partial<Record<ValueType, Incident>> | undefined,
  windowIndex: number,
  aspects: ReadonlySet<string>,
): Partial<Record<ValueType, Incident>> | undefined {
  const alertedTypes = new Set<string>();
  for (const aspect of aspects) alertedTypes.add(aspect.slice(aspect.indexOf(":") + 1));
  const types = new Set<string>([...Object.keys(previous ?? {}), ...alertedTypes]);
  const incidents: Partial<Record<ValueType, Incident>> = {};
  for (const type of types as Set<ValueType>) {
    const incident = foldIncident(previous?.[type], windowIndex, alertedTypes.has(type));
    if (incident) incidents[type] = incident;
  }
  return Object.keys(incidents).length > 0 ? incidents : undefined;
}

/**
 * Drops days before the lookback: the current day and the 30 before it stay. Null when nothing
 * is left, so parameters that stopped being sent leave storage.
 */
export function pruneTypes(
  entry: ParameterTypesBaseline,
  currentWindow: number,
): ParameterTypesBaseline | null {
  const oldestDay = Math.floor(currentWindow / WINDOWS_PER_DAY) - LOOKBACK_DAYS;
  const days = entry.days.filter(([dayIndex]) => dayIndex >= oldestDay);
  if (days.length === 0) return null;
  const pruned: ParameterTypesBaseline = { firstWindow: entry.firstWindow, days };
  if (entry.incidents) pruned.incidents = entry.incidents;
  return pruned;
}

/** Totals over the entry: values per type, all values, and windows with values. */
export function typeTotalsOf(entry: ParameterTypesBaseline): {
  counts: TypeCounts;
  values: number;
  windows: number;
  days: number;
} {
  const counts: TypeCounts = {};
  let values = 0;
  let windows = 0;
  for (const [, dayWindows, dayCounts] of entry.days) {
    windows += dayWindows;
    for (const [type, count] of Object.entries(dayCounts) as [ValueType, number][]) {
      counts[type] = (counts[type] ?? 0) + count;
      values += count;
    }
  }
  return { counts, values, windows, days: entry.days.length };
}
