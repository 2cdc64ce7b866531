import { APIS } from "../apiCatalog.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_WINDOW } from "../ticks.js";
import { evaluationDay, type PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";

const SLOWDOWN_FACTOR = 3;
const SLOWDOWN_HOURS = 2;

/**
 * A deploy makes every operation of one API three times slower for every client for two hours.
 * Per-client latency baselines all deviate at once; nothing about it is an attack.
 */
export function planDeploySlowdown(context: PlanningContext): ScenarioPart {
  const { random, timeline } = context;
  const day = evaluationDay(context);
  const startTick = day * TICKS_PER_DAY + random.between(9, 15) * TICKS_PER_HOUR;
  const endTick = startTick + SLOWDOWN_HOURS * TICKS_PER_HOUR;
  const apiId = random.pick(APIS).apiId;
  for (
    let window = startTick / TICKS_PER_WINDOW;
    window < endTick / TICKS_PER_WINDOW;
    window += 1
  ) {
    context.windows.take(window);
  }
  return {
    label: {
      benign: true,
      scenario: "deploy-slowdown",
      entity: { apiId },
      startMs: timeline.msOf(startTick),
      endMs: timeline.msOf(endTick),
      description: `A backend deploy makes every ${apiId} operation about ${SLOWDOWN_FACTOR}x slower for every client for ${SLOWDOWN_HOURS} hours.`,
    },
    changes: { slowdown: { apiId, startTick, endTick, factor: SLOWDOWN_FACTOR } },
  };
}
