import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import { foldCount, pruneSeries, type CountSeries } from "./countSeries.js";

/**
 * A kind of baseline: which keys a window contributes to, and how one window's value is folded in
 * and aged out. Detectors read the entries; the evaluator folds each window once.
 */
export interface BaselineFamily<T> {
  name: string;
  observations(aggregate: WindowAggregate): Map<string, number>;
  fold(previous: T | undefined, windowIndex: number, value: number, alerted: boolean): T;
  /** Ages the entry out of the lookback as of `windowIndex`; null drops the key. */
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
  fold: foldCount,
  prune: pruneSeries,
};
