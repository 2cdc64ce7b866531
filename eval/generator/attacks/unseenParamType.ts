import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { drawBrowserUserAgent } from "../userAgentPool.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "catalog-api;list-products";
const PARAMETER = "page";
/** SQL injection where the endpoint has only ever received integers. */
const INJECTIONS = [
  "1' OR '1'='1",
  "1 UNION SELECT username,password FROM users--",
  "1;DROP TABLE products--",
  "1' AND SLEEP(5)--",
  "-1' OR 1=1#",
  "1) OR (1=1",
];

/** SQL injection: one fresh address sends text where `page` has always been an integer. */
export const injectUnseenParamType: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(6, context.scale, 1);
  const userAgent = drawBrowserUserAgent(context.reference.userAgents, random, false);
  const client = attackerIdentity(
    random,
    context.reference,
    userAgent,
    `injector-${window.ordinal}`,
  );
  const operation = operationFor(ENDPOINT);
  spreadTicks(window, requests, 10).forEach((tick, index) => {
    const shape = {
      statusCode: random.chance(0.7) ? 400 : 500,
      query: { [PARAMETER]: INJECTIONS[index % INJECTIONS.length] as string },
    };
    sink.add(composeRequest(context.composer, random, operation, client, tick, "attack", shape));
  });
  return {
    entity: { clientIp: client.callerIp, endpoint: ENDPOINT, parameter: PARAMETER },
    size: requests,
    sizeUnit: "requests",
    description: `One fresh address sends ${requests} SQL injection strings in the integer parameter ${PARAMETER} of ${ENDPOINT}.`,
    relatedDetections: [],
  };
};
