import type { BenignLabel } from "../datasetLabel.js";
import type { RequestSink } from "../generatedRequest.js";
import type { SourceContext } from "../sources/trafficSource.js";
import type { TrafficChanges } from "../trafficConditions.js";

/** One planned hard negative: its label, how it changes ordinary traffic, what it adds. */
export interface ScenarioPart {
  label: Omit<BenignLabel, "id">;
  changes?: Partial<TrafficChanges>;
  /** Adds the scenario's own requests; absent when the scenario only changes ordinary traffic. */
  inject?: (context: SourceContext, sink: RequestSink) => void;
}
