import { WINDOWS_PER_DAY } from "../windows/window.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";
import { INCIDENT_GAP_WINDOWS } from "./incident.js";
import { countDeviation, type Deviation } from "./countDeviation.js";
import { foldValue, pruneValues, type ValueSeries } from "./valueSeries.js";

/**
 * A distinct count (endpoints, parameter values) per window in which the key was active, over
 * the lookback. Windows without activity are absent, not zero: a client that calls 40 endpoints
 * whenever it comes online is judged on the windows it was online.
 */
export type DistinctSeries = ValueSeries;

/** Adds one window's distinct count; an alerted window only extends the key's incident. */
export function foldDistinct(
  series: DistinctSeries | undefined,
  windowIndex: number,
  distinct: number,
  alerted: boolean,
): DistinctSeries {
  return foldValue(series, windowIndex, Math.round(distinct), alerted);
}

/**
 * Ages the series out of the lookback and forgets an incident past its gap; null once nothing is
 * left. Pruning as of one window and then a later one equals pruning as of the later one.
 */
export function pruneDistinct(
  series: DistinctSeries,
  currentWindow: number,
): DistinctSeries | null {
  const { points } = pruneValues(series, currentWindow);
  const incident =
    series.incident && currentWindow - series.incident.lastWindow <= INCIDENT_GAP_WINDOWS
      ? series.incident
      : undefined;
  if (points.length === 0 && !incident) return null;
  return incident ? { points, incident } : { points };
}

/** The series' counts in the lookback before `currentWindow`, with windows and days of history. */
export interface DistinctHistory {
  values: number[];
  windows: number;
  days: number;
}

export function distinctHistoryOf(
  series: DistinctSeries | undefined,
  currentWindow: number,
): DistinctHistory {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS;
  const used = (series?.points ?? []).filter(
    ([windowIndex]) => windowIndex >= oldestWindow && windowIndex < currentWindow,
  );
  return {
    values: used.map(([, value]) => value),
    windows: used.length,
    days: new Set(used.map(([windowIndex]) => Math.floor(windowIndex / WINDOWS_PER_DAY))).size,
  };
}

/**
 * Robust deviation of a distinct count from its history: median and MAD, the spread floored at
 * √centre and at 1 as for request counts. An empty history reads as a centre of 0.
 */
export function distinctDeviation(observed: number, history: readonly number[]): Deviation {
  return countDeviation(observed, history.length > 0 ? history : [0]);
}

/**
 * The distinct count of the busiest ordinary member of a crowd: the 99th percentile (nearest
 * rank) after dropping the single largest value, so one attacker in the window never teaches
 * the crowd's baseline. Null with fewer than two members.
 */
export function heavyMemberValue(counts: readonly number[]): number | null {
  if (counts.length < 2) return null;
  const rest = [...counts].sort((a, b) => a - b).slice(0, -1);
  return rest[Math.max(0, Math.ceil(0.99 * rest.length) - 1)]!;
}
