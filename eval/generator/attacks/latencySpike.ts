import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { establishedPartners, nthCandidate } from "../establishedClients.js";
import { partnerIdentity } from "../sources/partnerTraffic.js";
import type { AttackInjector } from "./attackInjector.js";
import { scaledFactor, spreadTicks } from "./attackTiming.js";
import { pairMedian } from "./pairMedian.js";

const ENDPOINT = "payments-api;list-transactions";
const STATUS = 200;
const REQUESTS = 20;

/**
 * Resource exhaustion with a partner's stolen key: transaction listings over five years, each
 * taking many times the pair's usual latency.
 */
export const injectLatencySpike: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const factor = scaledFactor(12, context.scale, 1.5);
  const partner = nthCandidate(
    establishedPartners(context.population, ENDPOINT),
    window.ordinal,
    "API_SpikeInLatency",
  );
  const client = partnerIdentity(partner, partner.ips[0] as string);
  const operation = operationFor(ENDPOINT);
  const shape = { statusCode: STATUS };
  const medianMs = pairMedian(context, client, operation, shape, (request) => request.latencyMs);
  const fromDate = new Date(context.timeline.msOf(window.startTick) - 5 * 365 * 86_400_000);
  const query = { from: fromDate.toISOString().slice(0, 10), pageSize: "100" };
  for (const tick of spreadTicks(window, REQUESTS, 15)) {
    const latencyMs = Math.round(factor * medianMs * random.uniform(1.2, 1.6));
    sink.add(
      composeRequest(context.composer, random, operation, client, tick, "attack", {
        ...shape,
        query,
        latencyMs,
      }),
    );
  }
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, statusCode: STATUS },
    size: factor,
    sizeUnit: "times the pair's median latency",
    description: `${REQUESTS} five-year transaction listings from a partner's address each take at least ${factor}x that partner's median latency (${medianMs} ms).`,
    relatedDetections: [],
  };
};
