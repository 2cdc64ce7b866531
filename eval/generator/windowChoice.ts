import type { DatasetTimeline } from "./datasetTimeline.js";
import type { SeededRandom } from "./seededRandom.js";

/**
 * The 20-minute windows labelled events occupy. A window counts as free only when it and both
 * neighbours are untaken, so every labelled event has a clean window on each side.
 */
export class WindowChoice {
  private readonly taken = new Set<number>();

  constructor(private readonly timeline: DatasetTimeline) {}

  take(window: number): void {
    this.taken.add(window);
  }

  isFree(window: number): boolean {
    return !this.taken.has(window - 1) && !this.taken.has(window) && !this.taken.has(window + 1);
  }

  /** Free windows after the warm-up whose UTC hour is in [fromHour, toHour). */
  freeWindows(fromHour = 0, toHour = 24): number[] {
    const free: number[] = [];
    for (
      let window = this.timeline.firstEvaluationWindow;
      window < this.timeline.windowCount;
      window += 1
    ) {
      const hourOfDay = Math.floor(window / 3) % 24;
      if (hourOfDay >= fromHour && hourOfDay < toHour && this.isFree(window)) free.push(window);
    }
    return free;
  }

  /** Takes and returns a random free window in the hour range; throws naming the range if none. */
  takeRandom(random: SeededRandom, purpose: string, fromHour = 0, toHour = 24): number {
    const free = this.freeWindows(fromHour, toHour);
    if (free.length === 0) {
      throw new Error(
        `no free 20-minute window left for ${purpose} between ${fromHour}:00 and ${toHour}:00 UTC after the warm-up; add days or select fewer attacks`,
      );
    }
    const window = random.pick(free);
    this.take(window);
    return window;
  }
}
