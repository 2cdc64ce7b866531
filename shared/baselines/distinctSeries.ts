import { WINDOWS_PER_DAY } from "../windows/window.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";
import { countDeviation, type Deviation } from "./countDeviation.js";
import { foldIncident, INCIDENT_GAP_WINDOWS, type Incident } from "./incident.js";

/**
 * A distinct count (endpoints, parameter values) per window in which the key was active, over
 * the lookback. Windows without activity are absent, not zero: a client that calls 40 endpoints
 * whenever it comes online is judged on the windows it was online.
 */
export interface DistinctSeries {
  /** `[windowIndex, count]`, ascending: the windows that form the baseline. */
  points: [number, number][];
  /**
   * Windows that alerted, kept apart: they never enter the baseline, but they show a schedule
   * (the same burst at the same time on an earlier day).
   */
  alerted?: [number, number][];
  /** The key's current or most recent incident, while it may still continue. */
  incident?: Incident;
}

/** Adds one window's distinct count; an alerted window goes to `alerted`, not the baseline. */
export function foldDistinct(
  series: DistinctSeries | undefined,
  windowIndex: number,
  distinct: number,
  alerted: boolean,
): DistinctSeries {
  const points = [...(series?.points ?? [])];
  const alertedPoints = [...(series?.alerted ?? [])];
  if (alerted) alertedPoints.push([windowIndex, Math.round(distinct)]);
  else points.push([windowIndex, Math.round(distinct)]);
  const incident = foldIncident(series?.incident, windowIndex, alerted);
  return withOptional(points, alertedPoints, incident);
}

/**
 * Ages the series out of the lookback and forgets an incident past its gap; null once nothing is
 * left. Pruning as of one window and then a later one equals pruning as of the later one.
 */
export function pruneDistinct(
  series: DistinctSeries,
  currentWindow: number,
): DistinctSeries | null {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS + 1;
  const points = series.points.filter(([windowIndex]) => windowIndex >= oldestWindow);
  const alerted = (series.alerted ?? []).filter(([windowIndex]) => windowIndex >= oldestWindow);
  const incident =
    series.incident && currentWindow - series.incident.lastWindow <= INCIDENT_GAP_WINDOWS
      ? series.incident
      : undefined;
  if (points.length === 0 && alerted.length === 0 && !incident) return null;
  return withOptional(points, alerted, incident);
}

function withOptional(
  points: [number, number][],
  alerted: [number, number][],
  incident: Incident | undefined,
): DistinctSeries {
  const series: DistinctSeries = { points };
  if (alerted.length > 0) series.alerted = alerted;
  if (incident) series.incident = incident;
  return series;
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
