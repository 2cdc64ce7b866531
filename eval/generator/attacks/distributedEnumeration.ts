import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import type { SeededRandom } from "../seededRandom.js";
import { drawBrowserUserAgent } from "../userAgentPool.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const ENDPOINT = "payments-api;validate-voucher";
const PARAMETER = "code";
const CODE_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * Voucher brute force spread over a botnet: each fresh address guesses about ten random codes,
 * so no client stands out but the endpoint sees hundreds of new values.
 */
export const injectDistributedEnumeration: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const values = scaledCount(600, context.scale, 6);
  const bots = Math.max(3, Math.round(values / 10));
  const clients = Array.from({ length: bots }, (_, bot) =>
    attackerIdentity(
      random,
      context.reference,
      drawBrowserUserAgent(context.reference.userAgents, random, random.chance(0.5)),
      `voucher-bot-${window.ordinal}-${bot}`,
    ),
  );
  const operation = operationFor(ENDPOINT);
  const codes = distinctCodes(random, values);
  spreadTicks(window, values).forEach((tick, index) => {
    const client = clients[index % bots];
    if (client === undefined) return;
    const shape = {
      statusCode: random.chance(0.01) ? 200 : 404,
      query: { [PARAMETER]: codes[index] ?? "" },
    };
    sink.add(composeRequest(context.composer, random, operation, client, tick, "attack", shape));
  });
  return {
    entity: { endpoint: ENDPOINT, parameter: PARAMETER },
    size: values,
    sizeUnit: "distinct parameter values",
    description: `${bots} fresh addresses guess ${values} distinct voucher codes on ${ENDPOINT}, about ten each.`,
    relatedDetections: ["API_PopulationSpikeInAPITraffic"],
  };
};

function distinctCodes(random: SeededRandom, count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = "";
    for (let index = 0; index < 8; index += 1)
      code += CODE_CHARACTERS.charAt(random.int(CODE_CHARACTERS.length));
    codes.add(code);
  }
  return [...codes];
}
