import { TICKS_PER_DAY } from "../ticks.js";
import { evaluationDay, type PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

/**
 * A campaign day: browser, mobile and partner traffic double for the whole UTC day, on every
 * endpoint and status, so population volume baselines see a spike everywhere at once.
 */
export function planMarketingDay(context: PlanningContext): ScenarioPart {
  const day = evaluationDay(context);
  return {
    label: {
      benign: true,
      scenario: "marketing-day",
      entity: {},
      startMs: context.timeline.msOf(day * TICKS_PER_DAY),
      endMs: context.timeline.msOf((day + 1) * TICKS_PER_DAY),
      description:
        "A marketing campaign doubles browser, mobile and partner traffic for the whole day; nightly batch jobs are unchanged.",
    },
    changes: { marketingDay: day },
  };
}
