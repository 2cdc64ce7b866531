import type { GeneratedRequest, RequestSink } from "./generatedRequest.js";
import { TICKS_PER_HOUR } from "./ticks.js";

/**
 * Holds requests by the hour they fall in until that hour is complete. Sources emit requests
 * from the hour they start in onwards (a session may run into the next hour), so once every
 * source has run for hour h, bucket h is final and can be sorted and written.
 */
export class HourBuckets implements RequestSink {
  private readonly buckets = new Map<number, GeneratedRequest[]>();
  private takenThrough = -1;
  /** Requests that fell after the dataset's end and were left out. */
  droppedAfterEnd = 0;

  constructor(private readonly endTick: number) {}

  add(request: GeneratedRequest): void {
    if (request.tick >= this.endTick) {
      this.droppedAfterEnd += 1;
      return;
    }
    const hour = Math.floor(request.tick / TICKS_PER_HOUR);
    if (hour <= this.takenThrough) {
      throw new Error(
        `request at tick ${request.tick} falls in hour ${hour}, which was already written; sources must not emit into the past`,
      );
    }
    const bucket = this.buckets.get(hour);
    if (bucket === undefined) this.buckets.set(hour, [request]);
    else bucket.push(request);
  }

  /** Removes and returns hour `hour`'s requests in time order; ties keep their insertion order. */
  take(hour: number): GeneratedRequest[] {
    const bucket = this.buckets.get(hour) ?? [];
    this.buckets.delete(hour);
    this.takenThrough = hour;
    return bucket.sort((left, right) => left.tick - right.tick);
  }
}
