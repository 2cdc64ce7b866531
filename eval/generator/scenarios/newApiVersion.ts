import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE } from "../ticks.js";
import { evaluationDay, type PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

export const NEW_VERSION_ENDPOINT = "catalog-api;list-products";
export const NEW_VERSION_PARAMETER = "includeVariants";

/**
 * A new API version adds `includeVariants` to product listings, and from its release every
 * client sends it: a parameter never seen before, from thousands of clients at once. The label
 * allows the one `API_UnseenParam` alert on the endpoint and parameter that the detection's
 * specification asks for; a second one, or one per client, stays false.
 */
export function planNewApiVersion(context: PlanningContext): ScenarioPart {
  const { random, timeline } = context;
  const day = evaluationDay(context);
  const fromTick = day * TICKS_PER_DAY + 10 * TICKS_PER_HOUR + random.int(120) * TICKS_PER_MINUTE;
  return {
    label: {
      benign: true,
      scenario: "new-api-version",
      entity: { endpoint: NEW_VERSION_ENDPOINT, parameter: NEW_VERSION_PARAMETER },
      startMs: timeline.msOf(fromTick),
      endMs: timeline.msOf(timeline.endTick),
      description: `A new API version adds the ${NEW_VERSION_PARAMETER} query parameter to ${NEW_VERSION_ENDPOINT}; every client sends it from the release on.`,
      expectedAlerts: [
        {
          detectionId: "API_UnseenParam",
          entity: { endpoint: NEW_VERSION_ENDPOINT, parameter: NEW_VERSION_PARAMETER },
          maxAlerts: 1,
          reason:
            "API_UnseenParam's specification: a rollout that adds a parameter for every client yields one alert per endpoint and parameter, not one per client.",
        },
      ],
    },
    changes: {
      addedParameter: {
        endpoint: NEW_VERSION_ENDPOINT,
        name: NEW_VERSION_PARAMETER,
        values: ["true", "false"],
        fromTick,
      },
    },
  };
}
