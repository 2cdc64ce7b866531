import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MS, TICKS_PER_WINDOW } from "./ticks.js";
import { isWeekend } from "./trafficProfile.js";

/** The dataset's span: whole UTC days from `startMs`, the first `warmupDays` free of attacks. */
export class DatasetTimeline {
  readonly endTick: number;

  constructor(
    readonly startMs: number,
    readonly days: number,
    readonly warmupDays: number,
  ) {
    this.endTick = days * TICKS_PER_DAY;
  }

  get hours(): number {
    return this.days * 24;
  }

  /** Epoch milliseconds of `tick`, rounded down to the millisecond. */
  msOf(tick: number): number {
    return this.startMs + Math.floor(tick / TICKS_PER_MS);
  }

  dayStartMs(day: number): number {
    return this.startMs + day * 86_400_000;
  }

  isWeekendDay(day: number): boolean {
    return isWeekend(this.dayStartMs(day));
  }

  hourStartTick(hour: number): number {
    return hour * TICKS_PER_HOUR;
  }

  /** The dataset-relative index of the first window after the warm-up. */
  get firstEvaluationWindow(): number {
    return (this.warmupDays * TICKS_PER_DAY) / TICKS_PER_WINDOW;
  }

  get windowCount(): number {
    return this.endTick / TICKS_PER_WINDOW;
  }

  windowStartTick(window: number): number {
    return window * TICKS_PER_WINDOW;
  }

  /** The date `YYYY-MM-DD` of day `day`. */
  dateOf(day: number): string {
    return new Date(this.dayStartMs(day)).toISOString().slice(0, 10);
  }
}
