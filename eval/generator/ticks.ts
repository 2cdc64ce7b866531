/**
 * Generator time: integer ticks of 100 ns since the dataset's start, the resolution of APIM's
 * seven-digit timestamps. Ten years of ticks stay below 2^53, so arithmetic on them is exact.
 */
export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 1_000 * TICKS_PER_MS;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;
/** Detection windows are fixed 20-minute UTC intervals; the dataset starts on a UTC midnight. */
export const TICKS_PER_WINDOW = 20 * TICKS_PER_MINUTE;
