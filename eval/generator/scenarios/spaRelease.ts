import { type OperationSpec, operationFor } from "../apiCatalog.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE } from "../ticks.js";
import { evaluationDay, type PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

/** The 25 endpoints the new single-page app loads within a second of opening. */
export const NEW_SPA_STARTUP: readonly OperationSpec[] = [
  "content-api;get-config",
  "content-api;get-feature-flags",
  "content-api;get-translations",
  "accounts-api;get-me",
  "orders-api;get-cart",
  "catalog-api;list-categories",
  "content-api;list-banners",
  "accounts-api;get-preferences",
  "accounts-api;list-notifications",
  "accounts-api;list-addresses",
  "accounts-api;get-account",
  "catalog-api;list-brands",
  "catalog-api;list-products",
  "catalog-api;get-product",
  "catalog-api;get-product-reviews",
  "catalog-api;get-availability",
  "catalog-api;get-price",
  "orders-api;list-orders",
  "orders-api;get-order",
  "orders-api;list-returns",
  "payments-api;list-payment-methods",
  "payments-api;list-transactions",
  "search-api;suggest",
  "content-api;list-stores",
  "content-api;get-store",
].map(operationFor);

/**
 * A new release of the web shop loads 25 endpoints at start-up instead of 7. From then on every
 * browser session touches 25 distinct endpoints within a second, as a spray would.
 */
export function planSpaRelease(context: PlanningContext): ScenarioPart {
  const { random, timeline } = context;
  const day = evaluationDay(context);
  const releaseTick = day * TICKS_PER_DAY + 7 * TICKS_PER_HOUR + random.int(60) * TICKS_PER_MINUTE;
  return {
    label: {
      benign: true,
      scenario: "spa-startup",
      entity: {},
      startMs: timeline.msOf(releaseTick),
      endMs: timeline.msOf(timeline.endTick),
      description: `A new single-page app release loads ${NEW_SPA_STARTUP.length} distinct endpoints within a second of start-up in every browser session.`,
    },
    changes: { spaReleaseTick: releaseTick },
  };
}
