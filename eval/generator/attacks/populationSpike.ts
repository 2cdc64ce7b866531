import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { drawBrowserUserAgent } from "../userAgentPool.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "accounts-api;create-session";
const STATUS = 401;

/**
 * Credential stuffing: a botnet of fresh addresses sends failed logins, about ten each, so the
 * endpoint's 401 count jumps while no single client stands out much.
 */
export const injectPopulationSpike: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(600, context.scale, 20);
  const bots = Math.max(3, Math.round(requests / 10));
  const clients = Array.from({ length: bots }, (_, bot) =>
    attackerIdentity(
      random,
      context.reference,
      drawBrowserUserAgent(context.reference.userAgents, random, false),
      `stuffing-bot-${window.ordinal}-${bot}`,
    ),
  );
  const operation = operationFor(ENDPOINT);
  spreadTicks(window, requests).forEach((tick, index) => {
    const client = clients[index % bots] ?? clients[0];
    if (client === undefined) return;
    sink.add(
      composeRequest(context.composer, random, operation, client, tick, "attack", {
        statusCode: STATUS,
      }),
    );
  });
  return {
    entity: { endpoint: ENDPOINT, statusCode: STATUS },
    size: requests,
    sizeUnit: "requests",
    description: `Credential stuffing: ${bots} fresh addresses send ${requests} failed logins (401) in one window.`,
    // Bots own no values, so every login draws a fresh username and deviceId: ten distinct
    // values per bot where a benign client sends its own one, from many bots, none holding more
    // than a small share. That is a distributed username enumeration by construction, and from
    // 100 requests (the detector's minDistinctValues) API_DistributedParameterEnumeration is
    // right to report it.
    relatedDetections: ["API_SpikeInAPITraffic", "API_DistributedParameterEnumeration"],
  };
};
