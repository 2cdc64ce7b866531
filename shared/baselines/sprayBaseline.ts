import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "./baselineFamily.js";
import {
  foldDistinct,
  heavyMemberValue,
  pruneDistinct,
  type DistinctSeries,
} from "./distinctSeries.js";

export const SPRAY_CLIENT_FAMILY = "sprayClient";
export const SPRAY_POPULATION_FAMILY = "sprayPopulation";
/** The one key of the population family: all clients together. */
export const ALL_CLIENTS = "all";

/**
 * A client's own baseline is kept only for windows in which it called at least this many
 * distinct endpoints. Most clients never do, so the family stays small at a million addresses,
 * and what it remembers is the few clients (monitors, partner syncs) that are broad by nature.
 */
export const OWN_SPRAY_FLOOR = 10;

/** Distinct endpoints per client per window, for clients that reached `OWN_SPRAY_FLOOR`. */
export const sprayClientFamily: BaselineFamily<DistinctSeries> = {
  name: SPRAY_CLIENT_FAMILY,
  observations(aggregate: WindowAggregate) {
    const observed = new Map<string, number>();
    for (const [clientIp, reach] of aggregate.distinct.clients) {
      const endpoints = Math.round(reach.endpoints.estimate());
      if (endpoints >= OWN_SPRAY_FLOOR) observed.set(clientIp, endpoints);
    }
    return observed;
  },
  fold: (previous, windowIndex, observed, alerted) =>
    foldDistinct(previous, windowIndex, observed, alerted.has("count")),
  prune: pruneDistinct,
};

/**
 * Per window, the distinct endpoints of the busiest ordinary client (see `heavyMemberValue`):
 * what a normal broad client looks like on this API estate, for clients with no history.
 */
export const sprayPopulationFamily: BaselineFamily<DistinctSeries, number | null> = {
  name: SPRAY_POPULATION_FAMILY,
  // Observed in every window with traffic, even one with a single client and so no ordinary
  // client to learn from: the evaluator hands detectors only the keys their window observes.
  observations(aggregate: WindowAggregate) {
    const counts = [...aggregate.distinct.clients.values()].map((reach) =>
      Math.round(reach.endpoints.estimate()),
    );
    return counts.length === 0 ? new Map() : new Map([[ALL_CLIENTS, heavyMemberValue(counts)]]);
  },
  fold: (previous, windowIndex, observed, alerted) =>
    observed === null
      ? (previous ?? { points: [] })
      : foldDistinct(previous, windowIndex, observed, alerted.has("count")),
  prune: pruneDistinct,
};
