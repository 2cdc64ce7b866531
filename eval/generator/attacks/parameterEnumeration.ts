import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { drawBrowserUserAgent } from "../userAgentPool.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "orders-api;list-orders";
const PARAMETER = "customerId";

/**
 * Insecure direct object reference: one fresh address walks `customerId` through consecutive
 * values to list other customers' orders; most calls are refused with 403.
 */
export const injectParameterEnumeration: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const values = scaledCount(300, context.scale, 3);
  const userAgent = drawBrowserUserAgent(context.reference.userAgents, random, false);
  const client = attackerIdentity(
    random,
    context.reference,
    userAgent,
    `enumerator-${window.ordinal}`,
  );
  const operation = operationFor(ENDPOINT);
  const first = random.between(10_000, 99_999 - values);
  spreadTicks(window, values, 8).forEach((tick, index) => {
    const shape = {
      statusCode: random.chance(0.06) ? 200 : 403,
      omitQuery: operation.query.map((spec) => spec.name),
      query: { [PARAMETER]: String(first + index) },
    };
    sink.add(composeRequest(context.composer, random, operation, client, tick, "attack", shape));
  });
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, parameter: PARAMETER },
    size: values,
    sizeUnit: "distinct parameter values",
    description: `One fresh address tries ${values} consecutive ${PARAMETER} values on ${ENDPOINT} in 8 minutes.`,
    // Nearly every guess is refused (403) on an endpoint that rarely answers 403, so the
    // endpoint's 403 count is itself a population spike, by construction.
    relatedDetections: [
      "API_SpikeInAPITraffic",
      "API_DistributedParameterEnumeration",
      "API_PopulationSpikeInAPITraffic",
    ],
  };
};
