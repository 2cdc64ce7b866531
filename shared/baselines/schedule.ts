import { slotOfDay, WINDOWS_PER_DAY } from "../windows/window.js";
import { LOOKBACK_WINDOWS } from "./countSeries.js";

/** A key's values per window, with the windows that alerted kept apart from the baseline. */
export interface ScheduleHistory {
  /** `[windowIndex, value]`: the windows that form the baseline. */
  points: readonly (readonly [number, number])[];
  /** `[windowIndex, value]`: windows that alerted. */
  alerted?: readonly (readonly [number, number])[];
}

/**
 * Earlier days on which the key reached at least `atLeast` within ±1 window of this time of day,
 * alerted or not: a nightly job that walks ids or pulls a catalogue at 02:00 is a schedule, not
 * an attack. Alerted windows count, since each night of a job that alerted stays out of the
 * baseline and the job would otherwise alert every night.
 */
export function scheduledDaysOf(
  series: ScheduleHistory | undefined,
  currentWindow: number,
  atLeast: number,
): number {
  const oldestWindow = currentWindow - LOOKBACK_WINDOWS;
  const today = Math.floor(currentWindow / WINDOWS_PER_DAY);
  const days = new Set<number>();
  for (const [windowIndex, value] of [...(series?.points ?? []), ...(series?.alerted ?? [])]) {
    if (windowIndex < oldestWindow || value < atLeast) continue;
    const day = Math.floor(windowIndex / WINDOWS_PER_DAY);
    if (day === today) continue;
    const distance = Math.abs(slotOfDay(windowIndex) - slotOfDay(currentWindow));
    if (Math.min(distance, WINDOWS_PER_DAY - distance) <= 1) days.add(day);
  }
  return days.size;
}

/**
 * True when `scheduleDays` is on (above 0) and on that many earlier days the key had a burst at
 * this time of day: at least `observed / minRatio`, and at least `minRatio` times the baseline's
 * `centre`, so the key's ordinary level never passes for a schedule.
 */
export function isScheduled(
  series: ScheduleHistory | undefined,
  currentWindow: number,
  observed: number,
  settings: { scheduleDays: number; minRatio: number },
  centre = 0,
): boolean {
  if (settings.scheduleDays === 0) return false;
  const atLeast = Math.max(observed / settings.minRatio, centre * settings.minRatio);
  return scheduledDaysOf(series, currentWindow, atLeast) >= settings.scheduleDays;
}
