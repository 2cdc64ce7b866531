import { endpointValueKeyOf, splitClientValueKey } from "../aggregation/distinctAggregate.js";
import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "./baselineFamily.js";
import { foldCount, pruneSeries, type CountSeries } from "./countSeries.js";
import {
  foldDistinct,
  heavyMemberValue,
  pruneDistinct,
  type DistinctSeries,
} from "./distinctSeries.js";
import { foldValue, pruneValues, type ValueSeries } from "./valueSeries.js";

export const PARAMETER_CLIENT_FAMILY = "parameterClient";
export const PARAMETER_ENDPOINT_FAMILY = "parameterEndpoint";

/**
 * A client × endpoint × parameter key is remembered only for windows with at least this many
 * distinct values, so the family holds the few clients that use many values by nature (a sync
 * job walking ids) rather than every client's every parameter.
 */
export const OWN_VALUES_FLOOR = 10;

/** Distinct values one client sent in one parameter of one endpoint, per window. */
export const parameterClientFamily: BaselineFamily<DistinctSeries> = {
  name: PARAMETER_CLIENT_FAMILY,
  observations(aggregate: WindowAggregate) {
    const observed = new Map<string, number>();
    for (const [key, spread] of aggregate.distinct.clientValues) {
      const values = Math.round(spread.values.estimate());
      if (values >= OWN_VALUES_FLOOR) observed.set(key, values);
    }
    return observed;
  },
  fold: (previous, windowIndex, observed, alerted) =>
    foldDistinct(previous, windowIndex, observed, alerted.has("count")),
  prune: pruneDistinct,
};

/** What an endpoint × parameter remembers of its windows. */
export interface EndpointValuesBaseline {
  /** Distinct values from all clients per window (a quiet window counts as zero). */
  values: CountSeries;
  /** Distinct values per distinct client, per window with traffic. */
  perClient: ValueSeries;
  /** Distinct values of the busiest ordinary client, per window with two clients or more. */
  heavyClient?: DistinctSeries;
}

export interface EndpointValuesObservation {
  values: number;
  clients: number;
  heavyClient: number | null;
}

/** Distinct values per endpoint × parameter, the crowd's values per client and its busiest member. */
export const parameterEndpointFamily: BaselineFamily<
  EndpointValuesBaseline,
  EndpointValuesObservation
> = {
  name: PARAMETER_ENDPOINT_FAMILY,
  observations(aggregate: WindowAggregate) {
    const perClientCounts = perClientCountsOf(aggregate);
    const observed = new Map<string, EndpointValuesObservation>();
    for (const [key, spread] of aggregate.distinct.endpointValues) {
      observed.set(key, {
        values: Math.round(spread.values.estimate()),
        clients: Math.max(1, Math.round(spread.clients.estimate())),
        heavyClient: heavyMemberValue(perClientCounts.get(key) ?? []),
      });
    }
    return observed;
  },
  fold(previous, windowIndex, observed, alerted) {
    const excluded = alerted.has("count");
    const next: EndpointValuesBaseline = {
      values: foldCount(previous?.values, windowIndex, observed.values, excluded),
      perClient: foldValue(
        previous?.perClient,
        windowIndex,
        Math.round((observed.values / observed.clients) * 100) / 100,
        excluded,
      ),
    };
    const heavyClient =
      observed.heavyClient === null
        ? previous?.heavyClient
        : foldDistinct(previous?.heavyClient, windowIndex, observed.heavyClient, false);
    if (heavyClient) next.heavyClient = heavyClient;
    return next;
  },
  prune(entry, windowIndex) {
    const values = pruneSeries(entry.values, windowIndex);
    if (values === null) return null;
    const pruned: EndpointValuesBaseline = {
      values,
      perClient: pruneValues(entry.perClient, windowIndex),
    };
    const heavyClient = entry.heavyClient && pruneDistinct(entry.heavyClient, windowIndex);
    if (heavyClient) pruned.heavyClient = heavyClient;
    return pruned;
  },
};

/** Per endpoint × parameter key, each client's distinct values in the window. */
export function perClientCountsOf(aggregate: WindowAggregate): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const [key, spread] of aggregate.distinct.clientValues) {
    const { endpoint, parameter } = splitClientValueKey(key);
    const endpointKey = endpointValueKeyOf(endpoint, parameter);
    const list = counts.get(endpointKey) ?? [];
    list.push(Math.round(spread.values.estimate()));
    counts.set(endpointKey, list);
  }
  return counts;
}
