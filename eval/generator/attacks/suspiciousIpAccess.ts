import { operationFor } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import type { AttackInjector } from "./attackInjector.js";
import { listedAttackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const TARGETS = [
  "accounts-api;create-session",
  "accounts-api;get-me",
  "accounts-api;get-account",
].map(operationFor);

/** Login and account probing from a host on the Emerging Threats compromised-hosts list. */
export const injectSuspiciousIpAccess: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(20, context.scale, 1);
  const hostileIp = random.pick(context.reference.suspiciousIps);
  const client = listedAttackerIdentity(
    hostileIp,
    "python-requests/2.31.0",
    `listed-${window.ordinal}`,
  );
  for (const tick of spreadTicks(window, requests, 10)) {
    sink.add(
      composeRequest(context.composer, random, random.pick(TARGETS), client, tick, "attack"),
    );
  }
  return {
    entity: { clientIp: hostileIp },
    size: requests,
    sizeUnit: "requests",
    description: `${requests} login and account calls from ${hostileIp}, listed as compromised by Emerging Threats.`,
    relatedDetections: [],
  };
};
