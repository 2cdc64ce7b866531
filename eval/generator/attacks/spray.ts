import { OPERATIONS } from "../apiCatalog.js";
import { composeRequest } from "../composeRequest.js";
import { composeUnmatchedRequest } from "../composeUnmatchedRequest.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";

const PROBE_PREFIXES = [
  "",
  "/api",
  "/api/v1",
  "/api/v2",
  "/v1",
  "/internal",
  "/orders/v1",
  "/catalog/v2",
  "/accounts/v1",
  "/payments/v1",
  "/content/v1",
  "/search/v1",
];

const PROBE_TARGETS = [
  ".env",
  ".git/config",
  "admin",
  "admin/users",
  "login",
  "swagger.json",
  "openapi.json",
  "swagger-ui.html",
  "actuator/health",
  "actuator/env",
  "debug",
  "graphql",
  "config.json",
  "backup.zip",
  "users",
  "metrics",
  "server-status",
  "phpinfo.php",
  "wp-login.php",
  "console",
  "export",
  "keys",
  "tokens",
  "settings",
  "upload",
  "trace.axd",
  "elmah.axd",
  "web.config",
  "api-docs",
  "management",
];

/** Every distinct endpoint a spray can reach: real operations, then probe paths. */
export const SPRAY_ENDPOINT_LIMIT =
  OPERATIONS.length + PROBE_PREFIXES.length * PROBE_TARGETS.length;

/**
 * Discovery: one fresh address calls real operations and probes for admin pages, config files and
 * API documentation, once or twice each, so it touches many distinct endpoints mostly with 404s.
 */
export const injectSpray: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const endpoints = Math.min(scaledCount(150, context.scale, 3), SPRAY_ENDPOINT_LIMIT);
  const client = attackerIdentity(
    random,
    context.reference,
    "Go-http-client/1.1",
    `sprayer-${window.ordinal}`,
  );
  const probes = PROBE_PREFIXES.flatMap((prefix) =>
    PROBE_TARGETS.map((target) => `${prefix}/${target}`),
  );
  const targets = [...random.shuffled(OPERATIONS), ...random.shuffled(probes)].slice(0, endpoints);
  const hits = random.shuffled(
    targets.flatMap((target) => (random.chance(0.4) ? [target, target] : [target])),
  );
  spreadTicks(window, hits.length, 12).forEach((tick, index) => {
    const target = hits[index];
    if (target === undefined) return;
    sink.add(
      typeof target === "string"
        ? composeUnmatchedRequest(random, client, tick, "GET", target, "attack")
        : composeRequest(context.composer, random, target, client, tick, "attack"),
    );
  });
  return {
    entity: { clientIp: client.callerIp },
    size: endpoints,
    sizeUnit: "distinct endpoints",
    description: `One fresh address calls ${endpoints} distinct endpoints in 12 minutes, mostly probe paths answered with 404.`,
    relatedDetections: [],
  };
};
