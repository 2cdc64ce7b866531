import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import { foldCount, pruneSeries, type CountSeries } from "./countSeries.js";

/**
 * A kind of baseline: which keys a window contributes to, and how one window's observation is
 * folded in and aged out. Detectors read the entries; the evaluator folds each window once.
 * `alerted` names the aspects of the entry (e.g. `count`, `latency`) that raised an alert in this
 * window and must not learn from it.
 */
export interface BaselineFamily<T, O = number> {
  name: string;
  observations(aggregate: WindowAggregate): ReadonlyMap<string, O>;
  fold(previous: T | undefined, windowIndex: number, observed: O, alerted: ReadonlySet<string>): T;
  /**
   * Ages the entry out of the lookback as of `windowIndex`; null drops the key. Applied lazily,
   * when a key is read or its shard is rewritten, so it must compose: pruning as of `a` and then
   * as of `b >= a` equals pruning as of `b` alone.
   */
  prune(entry: T, windowIndex: number): T | null;
}

/** Requests per endpoint and status code from all clients. */
export const populationFamily: BaselineFamily<CountSeries> = {
  name: "population",
  observations(aggregate) {
    const values = new Map<string, number>();
    for (const [key, stats] of aggregate.population) values.set(key, stats.requests);
    return values;
  },
  fold: (previous, windowIndex, observed, alerted) =>
    foldCount(previous, windowIndex, observed, alerted.has("count")),
  prune: pruneSeries,
};
