import type { ClientStats, WindowAggregate } from "../aggregation/windowAggregate.js";
import { foldCount, pruneSeries, type CountSeries } from "./countSeries.js";
import { foldValue, pruneValues, type ValueSeries } from "./valueSeries.js";
import type { BaselineFamily } from "./baselineFamily.js";

/** What one client key's baseline remembers per window: its count, largest sizes, mean latency. */
export interface ClientBaseline {
  count: CountSeries;
  response: ValueSeries;
  request: ValueSeries;
  latency: ValueSeries;
}

/** The parts of a client baseline an alert can keep its window out of. */
export type ClientAspect = "count" | "response" | "request" | "latency";

export type ClientObservation = Pick<
  ClientStats,
  "requests" | "responseBytesMax" | "requestBytesMax" | "latencyMsTotal"
>;

/**
 * The pair's mean latency in a window, in whole milliseconds. Sizes are judged by their largest
 * value, latency by its mean: one slow call among a few is ordinary tail latency, and the
 * largest call of a window varied about twice as much as the mean on the labelled traffic.
 */
export function meanLatencyMsOf(stats: Pick<ClientStats, "requests" | "latencyMsTotal">): number {
  return stats.requests === 0 ? 0 : Math.round(stats.latencyMsTotal / stats.requests);
}

export const CLIENT_FAMILY = "client";

/** One client to one endpoint with one status code: traffic, payload and latency baselines. */
export const clientFamily: BaselineFamily<ClientBaseline, ClientObservation> = {
  name: CLIENT_FAMILY,
  observations(aggregate: WindowAggregate) {
    return aggregate.clients;
  },
  fold(previous, windowIndex, observed, alerted) {
    return {
      count: foldCount(previous?.count, windowIndex, observed.requests, alerted.has("count")),
      response: foldValue(
        previous?.response,
        windowIndex,
        observed.responseBytesMax,
        alerted.has("response"),
      ),
      request: foldValue(
        previous?.request,
        windowIndex,
        observed.requestBytesMax,
        alerted.has("request"),
      ),
      latency: foldValue(
        previous?.latency,
        windowIndex,
        meanLatencyMsOf(observed),
        alerted.has("latency"),
      ),
    };
  },
  prune(entry, windowIndex) {
    const count = pruneSeries(entry.count, windowIndex);
    if (count === null) return null;
    return {
      count,
      response: pruneValues(entry.response, windowIndex),
      request: pruneValues(entry.request, windowIndex),
      latency: pruneValues(entry.latency, windowIndex),
    };
  },
};
