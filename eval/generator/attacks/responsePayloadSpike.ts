import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { establishedPartners, nthCandidate } from "../establishedClients.js";
import { partnerIdentity } from "../sources/partnerTraffic.js";
import type { AttackInjector } from "./attackInjector.js";
import { scaledFactor, spreadTicks } from "./attackTiming.js";
import { pairMedian } from "./pairMedian.js";

const ENDPOINT = "orders-api;list-orders";
const STATUS = 200;
const REQUESTS = 25;

/**
 * Exfiltration with a partner's stolen key: from the partner's own address, order listings with
 * a huge page size return many times the pair's usual response bytes.
 */
export const injectResponsePayloadSpike: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const factor = scaledFactor(40, context.scale, 1.5);
  const partner = nthCandidate(
    establishedPartners(context.population, ENDPOINT),
    window.ordinal,
    "API_SpikeInPayload/response",
  );
  const client = partnerIdentity(partner, partner.ips[0] as string);
  const operation = operationFor(ENDPOINT);
  const shape = { statusCode: STATUS };
  const medianBytes = pairMedian(
    context,
    client,
    operation,
    shape,
    (request) => request.responseBytes,
  );
  for (const tick of spreadTicks(window, REQUESTS, 10)) {
    const responseBytes = Math.round(factor * medianBytes * random.uniform(1.2, 1.6));
    const attackShape = { ...shape, query: { pageSize: "5000" }, responseBytes };
    sink.add(
      composeRequest(context.composer, random, operation, client, tick, "attack", attackShape),
    );
  }
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, statusCode: STATUS },
    size: factor,
    sizeUnit: "times the pair's median response bytes",
    description: `${REQUESTS} order listings with pageSize=5000 from a partner's address each return at least ${factor}x that partner's median response size (${medianBytes} bytes).`,
    relatedDetections: [],
  };
};
