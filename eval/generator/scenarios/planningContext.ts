import type { ClientPopulation } from "../clientPopulation.js";
import type { DatasetTimeline } from "../datasetTimeline.js";
import type { SeededRandom } from "../seededRandom.js";
import type { WindowChoice } from "../windowChoice.js";

/** What planning a scenario or an attack may read, and the windows still free. */
export interface PlanningContext {
  random: SeededRandom;
  timeline: DatasetTimeline;
  windows: WindowChoice;
  population: ClientPopulation;
}

/** A random day after the warm-up. */
export function evaluationDay(context: PlanningContext): number {
  return context.random.between(context.timeline.warmupDays, context.timeline.days - 1);
}
