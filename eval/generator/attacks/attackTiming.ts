import { TICKS_PER_MINUTE, TICKS_PER_SECOND } from "../ticks.js";
import type { AttackWindow } from "./attackInjector.js";

const EDGE_TICKS = 30 * TICKS_PER_SECOND;

/**
 * `count` ascending ticks inside `window`, over a random stretch of `spanMinutes` (the whole
 * window, less 30 s at each edge, when absent), so no request sits on a window boundary.
 */
export function spreadTicks(window: AttackWindow, count: number, spanMinutes?: number): number[] {
  const first = window.startTick + EDGE_TICKS;
  const last = window.endTick - EDGE_TICKS;
  const span = Math.min(
    last - first,
    spanMinutes === undefined ? last - first : spanMinutes * TICKS_PER_MINUTE,
  );
  const start = first + window.random.int(last - first - span + 1);
  const ticks = Array.from({ length: count }, () => start + window.random.int(span));
  return ticks.sort((left, right) => left - right);
}

/** `base` times `scale`, rounded, and never below `minimum`. */
export function scaledCount(base: number, scale: number, minimum: number): number {
  return Math.max(minimum, Math.round(base * scale));
}

/** A multiplier `base` times `scale`, to one decimal, and never below `minimum`. */
export function scaledFactor(base: number, scale: number, minimum: number): number {
  return Math.max(minimum, Math.round(base * scale * 10) / 10);
}
