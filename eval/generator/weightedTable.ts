import type { SeededRandom } from "./seededRandom.js";

/**
 * Picks items in proportion to their weights in constant time (Vose's alias method), so drawing
 * from thousands of clients or products stays cheap per request.
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const positive = entries.filter(([, weight]) => weight > 0);
    if (positive.length === 0)
      throw new Error("WeightedTable: expected at least one positive weight");
    this.items = positive.map(([item]) => item);
    const total = positive.reduce((sum, [, weight]) => sum + weight, 0);
    const scaled = positive.map(([, weight]) => (weight * positive.length) / total);
    this.probability = new Float64Array(positive.length);
    this.alias = new Int32Array(positive.length);
    this.fill(scaled);
  }

  pick(random: SeededRandom): T {
    const column = random.int(this.items.length);
    const chosen =
      random.next() < (this.probability[column] as number) ? column : this.alias[column];
    return this.items[chosen as number] as T;
  }

  private fill(scaled: number[]): void {
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((value, index) => (value < 1 ? small : large).push(index));
    while (small.length > 0 && large.length > 0) {
      const less = small.pop() as number;
      const more = large.pop() as number;
      this.probability[less] = scaled[less] as number;
      this.alias[less] = more;
      scaled[more] = (scaled[more] as number) + (scaled[less] as number) - 1;
      ((scaled[more] as number) < 1 ? small : large).push(more);
    }
    for (const index of [...small, ...large]) this.probability[index] = 1;
  }
}

/** Weights falling as 1/rank^exponent: the usual shape of product, term and endpoint popularity. */
export function zipfWeights(count: number, exponent: number): number[] {
  return Array.from({ length: count }, (_, rank) => 1 / Math.pow(rank + 1, exponent));
}
