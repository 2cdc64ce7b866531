import { operationFor } from "../apiCatalog.js";
import { composeRequest, MAX_LOGGED_BODY_BYTES } from "../composeRequest.js";
import { establishedPartners, nthCandidate } from "../establishedClients.js";
import type { SeededRandom } from "../seededRandom.js";
import { partnerIdentity } from "../sources/partnerTraffic.js";
import type { AttackInjector } from "./attackInjector.js";
import { scaledFactor, spreadTicks } from "./attackTiming.js";
import { pairMedian } from "./pairMedian.js";

const ENDPOINT = "orders-api;create-order";
const STATUS = 201;
const REQUESTS = 15;
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Upload abuse with a partner's stolen key: orders carrying a large encoded attachment, many times
 * the pair's usual request size. APIM logs only the first 8,192 body bytes; requestSize is whole.
 */
export const injectRequestPayloadSpike: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const factor = scaledFactor(30, context.scale, 1.5);
  const partner = nthCandidate(
    establishedPartners(context.population, ENDPOINT),
    window.ordinal,
    "API_SpikeInPayload/request",
  );
  const client = partnerIdentity(partner, partner.ips[0] as string);
  const operation = operationFor(ENDPOINT);
  const shape = { statusCode: STATUS };
  const medianBytes = pairMedian(
    context,
    client,
    operation,
    shape,
    (request) => request.requestBytes,
  );
  for (const tick of spreadTicks(window, REQUESTS, 10)) {
    const requestBytes = Math.round(factor * medianBytes * random.uniform(1.2, 1.6));
    const body = JSON.stringify({
      customerId: random.between(10_000, 99_999),
      attachment: encodedBlob(random),
    });
    sink.add(
      composeRequest(context.composer, random, operation, client, tick, "attack", {
        ...shape,
        body,
        requestBytes,
      }),
    );
  }
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, statusCode: STATUS },
    size: factor,
    sizeUnit: "times the pair's median request bytes",
    description: `${REQUESTS} orders from a partner's address each carry a body of at least ${factor}x that partner's median request size (${medianBytes} bytes).`,
    relatedDetections: [],
  };
};

// Only what APIM would log is built; the rest of the attachment exists only in requestSize.
function encodedBlob(random: SeededRandom): string {
  let blob = "";
  while (blob.length < MAX_LOGGED_BODY_BYTES) blob += BASE64.charAt(random.int(64));
  return blob;
}
