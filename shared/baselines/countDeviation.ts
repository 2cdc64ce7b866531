import { historyOf, type CountSeries, type HistorySample } from "./countSeries.js";
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from "./robustStats.js";

/** Same-slot history needs three days, the wider time-of-day band six windows, to be trusted. */
const MIN_SAME_SLOT_WINDOWS = 3;
const MIN_BAND_WINDOWS = 6;

export interface Deviation {
  centre: number;
  spread: number;
  score: number;
}

/**
 * Robust deviation of `observed` from past counts: median and MAD, with the spread floored at the
 * square root of the centre (Poisson noise) and at 1, so a perfectly steady history does not turn
 * a small wobble into a huge score.
 */
export function countDeviation(observed: number, history: readonly number[]): Deviation {
  const centre = median(history);
  const spread = Math.max(
    MAD_TO_SIGMA * medianAbsoluteDeviation(history, centre),
    Math.sqrt(Math.max(centre, 1)),
  );
  return { centre, spread, score: (observed - centre) / spread };
}

/**
 * Compares a window's count with the same time of day on earlier days and with a band of
 * ±`radiusSlots` windows around it, and keeps the less unusual result: a burst that recurs at the
 * same time every day (a nightly batch job) is normal for that slot even if its neighbours are
 * quiet.
 */
export function leastUnusualCount(
  observed: number,
  series: CountSeries,
  evaluatedWindows: readonly number[],
  windowIndex: number,
  radiusSlots: number,
): { history: HistorySample; deviation: Deviation } {
  const band = historyOf(series, evaluatedWindows, windowIndex, radiusSlots, MIN_BAND_WINDOWS);
  const bandDeviation = countDeviation(observed, band.values);
  const sameSlot = historyOf(series, evaluatedWindows, windowIndex, 0, MIN_SAME_SLOT_WINDOWS);
  if (!sameSlot.seasonal) return { history: band, deviation: bandDeviation };
  const sameSlotDeviation = countDeviation(observed, sameSlot.values);
  return sameSlotDeviation.score < bandDeviation.score
    ? { history: sameSlot, deviation: sameSlotDeviation }
    : { history: band, deviation: bandDeviation };
}
