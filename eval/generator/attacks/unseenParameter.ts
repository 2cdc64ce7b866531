import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { drawBrowserUserAgent } from "../userAgentPool.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "orders-api;get-order";
/** Switches attackers try in the hope that a backend honours them; none is in the catalog. */
const UNSEEN_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  ["debug", "true"],
  ["includeDeleted", "true"],
  ["internal", "1"],
  ["callback", "alert"],
];

/** Mass assignment probing: one fresh address adds a parameter the endpoint has never received. */
export const injectUnseenParameter: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(5, context.scale, 1);
  const [name, value] = UNSEEN_PARAMETERS[window.ordinal % UNSEEN_PARAMETERS.length] as readonly [
    string,
    string,
  ];
  const userAgent = drawBrowserUserAgent(context.reference.userAgents, random, false);
  const client = attackerIdentity(
    random,
    context.reference,
    userAgent,
    `param-prober-${window.ordinal}`,
  );
  const operation = operationFor(ENDPOINT);
  for (const tick of spreadTicks(window, requests, 10)) {
    sink.add(
      composeRequest(context.composer, random, operation, client, tick, "attack", {
        query: { [name]: value },
      }),
    );
  }
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, parameter: name },
    size: requests,
    sizeUnit: "requests",
    description: `One fresh address sends ${requests} calls to ${ENDPOINT} with the never-seen parameter ${name}=${value}.`,
    relatedDetections: [],
  };
};
