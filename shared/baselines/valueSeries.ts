import { WINDOWS_PER_DAY } from "../windows/window.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";
import { foldIncident, type Incident } from "./incident.js";
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from "./robustStats.js";

/**
 * A key's largest value (bytes, milliseconds) per window it had traffic in, over the lookback.
 * Unlike counts, a window without traffic says nothing about sizes and is simply absent.
 */
export interface ValueSeries {
  /** `[windowIndex, value]`, ascending. */
  points: [number, number][];
  /** The key's current or most recent incident for this measure, while it may still continue. */
  incident?: Incident;
}

export function foldValue(
  series: ValueSeries | undefined,
  windowIndex: number,
  value: number,
  alerted: boolean,
): ValueSeries {
  const points = series ? [...series.points] : [];
  // An alerted window stays out, so an attack cannot teach the baseline that it is normal.
  if (!alerted) points.push([windowIndex, value]);
  const incident = foldIncident(series?.incident, windowIndex, alerted);
  return incident ? { points, incident } : { points };
}

export function pruneValues(series: ValueSeries, currentWindow: number): ValueSeries {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS + 1;
  const points = series.points.filter(([windowIndex]) => windowIndex >= oldestWindow);
  return series.incident ? { points, incident: series.incident } : { points };
}

export interface ValueDeviation {
  /** The baseline's typical value, back in the measure's own unit. */
  centre: number;
  /** The spread in log space: 0.69 means values usually vary by a factor of two. */
  logSpread: number;
  score: number;
  windows: number;
  /** Distinct days those windows fall on. */
  days: number;
}

/** Floor of the log-space spread: a perfectly constant history still tolerates ±25 %. */
const MIN_LOG_SPREAD = Math.log(1.25);

/**
 * How far `observed` sits above the key's history, in robust spreads of log(1 + value): sizes
 * and latencies are multiplicative, so a response ten times the usual is equally unusual at
 * 2 KB and at 2 MB.
 */
export function valueDeviation(
  observed: number,
  series: ValueSeries,
  currentWindow: number,
): ValueDeviation {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS;
  const used = series.points.filter(
    ([windowIndex]) => windowIndex >= oldestWindow && windowIndex < currentWindow,
  );
  const logs = used.map(([, value]) => Math.log1p(value));
  const logCentre = median(logs);
  const logSpread = Math.max(
    MAD_TO_SIGMA * medianAbsoluteDeviation(logs, logCentre),
    MIN_LOG_SPREAD,
  );
  return {
    centre: Math.expm1(logCentre),
    logSpread,
    score: (Math.log1p(observed) - logCentre) / logSpread,
    windows: logs.length,
    days: new Set(used.map(([windowIndex]) => Math.floor(windowIndex / WINDOWS_PER_DAY))).size,
  };
}
