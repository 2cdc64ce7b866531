import { slotOfDay, WINDOWS_PER_DAY } from "../windows/window.js";
import { foldIncident, type Incident } from "./incident.js";

/** How far back a baseline looks: 30 days of 20-minute windows. */
export const LOOKBACK_DAYS = 30;
export const LOOKBACK_WINDOWS = LOOKBACK_DAYS * WINDOWS_PER_DAY;

/**
 * A key's count per window over the lookback. Only windows with traffic are stored; an evaluated
 * window without a point counts as zero, which is what a quiet window means for a count.
 */
export interface CountSeries {
  /** The first window the key was seen in: history before it is not zero but unknown. */
  firstWindow: number;
  /** `[windowIndex, count]`, ascending, non-zero counts only. */
  points: [number, number][];
  /** Windows that raised an alert for this key; they stay out of its baseline. */
  excluded: number[];
  /** The key's current or most recent incident, while it may still continue. */
  incident?: Incident;
}

/** Adds one window's count; an alerted window is remembered as excluded instead. */
export function foldCount(
  series: CountSeries | undefined,
  windowIndex: number,
  count: number,
  alerted: boolean,
): CountSeries {
  const next: CountSeries = series
    ? {
        firstWindow: series.firstWindow,
        points: [...series.points],
        excluded: [...series.excluded],
      }
    : { firstWindow: windowIndex, points: [], excluded: [] };
  const incident = foldIncident(series?.incident, windowIndex, alerted);
  if (incident) next.incident = incident;
  if (alerted) next.excluded.push(windowIndex);
  else if (count > 0) next.points.push([windowIndex, count]);
  return next;
}

/**
 * Drops what is older than the lookback before `currentWindow`; a day leaves the baseline exactly
 * when it is more than 30 days old. Returns null when the key has had no traffic in the lookback.
 */
export function pruneSeries(series: CountSeries, currentWindow: number): CountSeries | null {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS + 1;
  const points = series.points.filter(([windowIndex]) => windowIndex >= oldestWindow);
  if (points.length === 0) return null;
  const pruned: CountSeries = {
    firstWindow: series.firstWindow,
    points,
    excluded: series.excluded.filter((windowIndex) => windowIndex >= oldestWindow),
  };
  if (series.incident) pruned.incident = series.incident;
  return pruned;
}

export interface HistorySample {
  values: number[];
  /** Windows of history the key has, before any time-of-day selection. */
  windows: number;
  /** Distinct days those windows fall on. */
  days: number;
  seasonal: boolean;
}

/**
 * The counts a key had in the evaluated windows before `currentWindow`, within the lookback,
 * preferring windows at the same time of day (±`radiusSlots`) when there are at least
 * `minSeasonalWindows` of them.
 */
export function historyOf(
  series: CountSeries,
  evaluatedWindows: readonly number[],
  currentWindow: number,
  radiusSlots: number,
  minSeasonalWindows: number,
): HistorySample {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS;
  const excluded = new Set(series.excluded);
  const counts = new Map(series.points);
  const usable = evaluatedWindows.filter(
    (windowIndex) =>
      windowIndex >= series.firstWindow &&
      windowIndex >= oldestWindow &&
      windowIndex < currentWindow &&
      !excluded.has(windowIndex),
  );
  const seasonalWindows = usable.filter(
    (windowIndex) => slotDistance(slotOfDay(windowIndex), slotOfDay(currentWindow)) <= radiusSlots,
  );
  const seasonal = seasonalWindows.length >= minSeasonalWindows;
  const chosen = seasonal ? seasonalWindows : usable;
  return {
    values: chosen.map((windowIndex) => counts.get(windowIndex) ?? 0),
    windows: usable.length,
    days: new Set(usable.map((windowIndex) => Math.floor(windowIndex / WINDOWS_PER_DAY))).size,
    seasonal,
  };
}

function slotDistance(a: number, b: number): number {
  const distance = Math.abs(a - b);
  return Math.min(distance, WINDOWS_PER_DAY - distance);
}
