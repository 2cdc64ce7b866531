import { composeRequest } from "../composeRequest.js";
import type { AttackInjector } from "./attackInjector.js";
import { listedAttackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";
import { GET_OPERATIONS } from "./getOperations.js";

/** Tor Browser sends the Firefox ESR string it is built on, the same for every user. */
const TOR_BROWSER_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0";

/** Ordinary-looking browsing from a Tor exit relay listed in the bulk exit list. */
export const injectTorExitAccess: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(20, context.scale, 1);
  const exitIp = random.pick(context.reference.torExitIps);
  const client = listedAttackerIdentity(exitIp, TOR_BROWSER_USER_AGENT, `tor-${window.ordinal}`);
  for (const tick of spreadTicks(window, requests, 10)) {
    sink.add(
      composeRequest(context.composer, random, random.pick(GET_OPERATIONS), client, tick, "attack"),
    );
  }
  return {
    entity: { clientIp: exitIp },
    size: requests,
    sizeUnit: "requests",
    description: `${requests} ordinary calls from the Tor exit relay ${exitIp}.`,
    relatedDetections: [],
  };
};
