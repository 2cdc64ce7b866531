/**
 * Detection windows: fixed 20-minute UTC intervals aligned to the hour. A record belongs to the
 * window that contains its own timestamp, never the time it arrived.
 */
export const WINDOW_MINUTES = 20;
export const WINDOW_MS = WINDOW_MINUTES * 60_000;
export const WINDOWS_PER_DAY = (24 * 60) / WINDOW_MINUTES;

export interface WindowRange {
  startMs: number;
  endMs: number;
}

/** Index of the window holding `timeMs`, counted from the Unix epoch. */
export function windowIndexOf(timeMs: number): number {
  return Math.floor(timeMs / WINDOW_MS);
}

export function windowStartOf(timeMs: number): number {
  return windowIndexOf(timeMs) * WINDOW_MS;
}

export function windowRangeOf(windowIndex: number): WindowRange {
  const startMs = windowIndex * WINDOW_MS;
  return { startMs, endMs: startMs + WINDOW_MS };
}

/** The window's slot within its UTC day, 0..71: the unit of time-of-day seasonality. */
export function slotOfDay(windowIndex: number): number {
  return ((windowIndex % WINDOWS_PER_DAY) + WINDOWS_PER_DAY) % WINDOWS_PER_DAY;
}

/** A sortable, Table-key-safe window id: `2024-05-02T10:00Z`. */
export function windowIdOf(windowIndex: number): string {
  return new Date(windowIndex * WINDOW_MS).toISOString().slice(0, 16) + "Z";
}

export function windowIndexFromId(windowId: string): number {
  const timeMs = Date.parse(windowId);
  if (!Number.isFinite(timeMs) || timeMs % WINDOW_MS !== 0) {
    throw new Error(`window id ${JSON.stringify(windowId)} is not the start of a 20-minute window`);
  }
  return timeMs / WINDOW_MS;
}

/**
 * A window may be evaluated once its end plus the allowed lateness has passed on the given clock.
 * `nowMs` is the caller's clock: wall time in Azure, the newest record time in a replay.
 */
export function isWindowClosed(windowIndex: number, nowMs: number, latenessMs: number): boolean {
  return windowRangeOf(windowIndex).endMs + latenessMs <= nowMs;
}
