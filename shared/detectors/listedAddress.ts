import type { IndicatorHit } from "../aggregation/windowAggregate.js";
import { createIndicatorDetector } from "./indicatorDetector.js";

/** API_AccessFromTorExitNode: the client address is a Tor exit relay on a loaded exit list. */
export const torExitNodeDetector = createIndicatorDetector(
  "API_AccessFromTorExitNode",
  (hits) =>
    `The address is listed as a Tor exit relay by ${listsOf(hits)} (${hits[0]?.indicator ?? ""}). ` +
    "Tor hides who the caller really is; that has legitimate uses, but it also hides attackers.",
  (context) => context.settings.torExitNode.enabled,
);

/** API_AccessFromSuspiciousIP: the client address is listed by a configured threat feed. */
export const suspiciousIpDetector = createIndicatorDetector(
  "API_AccessFromSuspiciousIP",
  (hits) =>
    `The address is listed by the threat-intelligence feed ${listsOf(hits)} as ${hits[0]?.indicator ?? ""}. ` +
    "Feeds list addresses seen attacking other targets; treat the calls as hostile until shown otherwise.",
  (context) => context.settings.suspiciousIp.enabled,
);

function listsOf(hits: readonly IndicatorHit[]): string {
  return [...new Set(hits.map((hit) => hit.category))].join(", ");
}
