import type { ClientPopulation } from "../clientPopulation.js";
import type { BenignLabel, BenignScenarioName } from "../datasetLabel.js";
import type { DatasetTimeline } from "../datasetTimeline.js";
import type { RequestSink } from "../generatedRequest.js";
import { SeededRandom } from "../seededRandom.js";
import type { SourceContext } from "../sources/trafficSource.js";
import type { TrafficChanges } from "../trafficConditions.js";
import type { WindowChoice } from "../windowChoice.js";
import { planDeploySlowdown } from "./deploySlowdown.js";
import { planMarketingDay } from "./marketingDay.js";
import { planNewApiVersion } from "./newApiVersion.js";
import { planPaginationRun } from "./paginationRun.js";
import type { PlanningContext } from "./planningContext.js";
import type { ScenarioPart } from "./scenarioPart.js";
import { planSearchLongTail } from "./searchLongTail.js";
import { planSpaRelease } from "./spaRelease.js";

/** The hard negatives of one dataset: labels, changes to ordinary traffic, injected requests. */
export interface ScenarioPlan {
  labels: BenignLabel[];
  changes: TrafficChanges;
  inject: (context: SourceContext, sink: RequestSink) => void;
}

// Planned in this order; scenarios that take windows come after the one that takes a range.
const PLANNERS: ReadonlyArray<
  readonly [BenignScenarioName, (context: PlanningContext) => ScenarioPart]
> = [
  ["deploy-slowdown", planDeploySlowdown],
  ["marketing-day", planMarketingDay],
  ["new-api-version", planNewApiVersion],
  ["spa-startup", planSpaRelease],
  ["pagination-run", planPaginationRun],
  ["search-long-tail", planSearchLongTail],
];

/**
 * Plans the selected scenarios after the warm-up. Each draws from its own stream, so selecting
 * fewer scenarios leaves the others where they were.
 */
export function planScenarios(
  selected: readonly BenignScenarioName[],
  seed: number,
  timeline: DatasetTimeline,
  windows: WindowChoice,
  population: ClientPopulation,
): ScenarioPlan {
  const parts = PLANNERS.filter(([name]) => selected.includes(name)).map(([name, plan]) =>
    plan({ random: SeededRandom.stream(seed, `scenario:${name}`), timeline, windows, population }),
  );
  return {
    labels: parts.map((part, index) => ({
      id: `benign-${String(index + 1).padStart(2, "0")}`,
      ...part.label,
    })),
    changes: Object.assign({}, ...parts.map((part) => part.changes ?? {})) as TrafficChanges,
    inject: (context, sink) => {
      for (const part of parts) part.inject?.(context, sink);
    },
  };
}
