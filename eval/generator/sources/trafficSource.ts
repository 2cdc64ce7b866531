import type { ClientPopulation } from "../clientPopulation.js";
import type { Composer } from "../composeRequest.js";
import type { DatasetTimeline } from "../datasetTimeline.js";
import type { RequestSink } from "../generatedRequest.js";
import type { ReferenceData } from "../referenceData.js";

/** What the benign traffic sources read: the shared composer, the clients, the calendar. */
export interface SourceContext {
  composer: Composer;
  population: ClientPopulation;
  reference: ReferenceData;
  timeline: DatasetTimeline;
  requestsPerDay: number;
}

/**
 * A kind of benign traffic. `emitHour` adds every request that starts in `hour` (dataset-relative)
 * and may add later ones of the same session, never earlier ones.
 */
export interface TrafficSource {
  emitHour(hour: number, sink: RequestSink): void;
}
