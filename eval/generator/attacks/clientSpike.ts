import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { establishedBrowserUsers, nthCandidate } from "../establishedClients.js";
import { sessionIdentity } from "../sources/sessionTraffic.js";
import type { AttackInjector } from "./attackInjector.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "catalog-api;list-products";

/**
 * A long-standing browser client's session is hijacked by a scraper that lists products far
 * faster than that client ever did.
 */
export const injectClientSpike: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(400, context.scale, 10);
  // Even candidates only: candidate 1 is the benign pagination scenario's shopper.
  const user = nthCandidate(
    establishedBrowserUsers(context.population),
    window.ordinal * 2,
    "API_SpikeInAPITraffic",
  );
  const client = sessionIdentity(user, random, context.population.carrierNatIps);
  const operation = operationFor(ENDPOINT);
  for (const tick of spreadTicks(window, requests, 15)) {
    sink.add(composeRequest(context.composer, random, operation, client, tick, "attack"));
  }
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT },
    size: requests,
    sizeUnit: "requests",
    description: `A scraper on a long-standing browser client's session sends ${requests} product listings in 15 minutes.`,
    relatedDetections: ["API_PopulationSpikeInAPITraffic"],
  };
};
