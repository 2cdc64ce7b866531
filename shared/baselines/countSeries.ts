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
  /**
   * `[windowIndex, count]` of windows that raised an alert for this key: they stay out of its
   * baseline, but still show a schedule (the same burst at this time on an earlier day).
   */
  alerted: [number, number][];
  /** The key's current or most recent incident, while it may still continue. */
  incident?: Incident;
}

/** Adds one window's count; an alerted window's count goes to `alerted`, not the baseline. */
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
        alerted: [...series.alerted],
      }
    : { firstWindow: windowIndex, points: [], alerted: [] };
  const incident = foldIncident(series?.incident, windowIndex, alerted);
  if (incident) next.incident = incident;
  if (alerted) next.alerted.push([windowIndex, count]);
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
    alerted: alertedOf(series).filter(([windowIndex]) => windowIndex >= oldestWindow),
  };
  if (series.incident) pruned.incident = series.incident;
  return pruned;
}

/**
 * The alerted windows of a series. Baselines saved before alerted counts were kept list the
 * windows alone (`excluded`); their count is unknown and read as 0, which shows no schedule.
 */
function alertedOf(series: CountSeries): [number, number][] {
  if (series.alerted) return series.alerted;
  const legacy = (series as { excluded?: number[] }).excluded ?? [];
  return legacy.map((windowIndex) => [windowIndex, 0]);
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
  const excluded = new Set(alertedOf(series).map(([windowIndex]) => windowIndex));
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
