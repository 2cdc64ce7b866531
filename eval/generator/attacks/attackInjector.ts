import type { DetectionId } from "../../../shared/alerts/alertCatalog.js";
import type { LabelEntity } from "../datasetLabel.js";
import type { RequestSink } from "../generatedRequest.js";
import type { SeededRandom } from "../seededRandom.js";
import type { SourceContext } from "../sources/trafficSource.js";

/** What an injector may read: the benign context plus the attack scale. */
export interface AttackContext extends SourceContext {
  /** Multiplies every attack's size; 1 gives the sizes in the README. */
  scale: number;
}

/** The 20-minute window an attack must stay inside, and the attack's own random stream. */
export interface AttackWindow {
  startTick: number;
  endTick: number;
  /** 0 for the first attack of this kind, 1 for the second, and so on. */
  ordinal: number;
  random: SeededRandom;
}

/** What an injector reports about the attack it injected; the caller completes the label. */
export interface AttackOutcome {
  entity: LabelEntity;
  size: number;
  sizeUnit: string;
  description: string;
  relatedDetections: DetectionId[];
}

/** Adds one attack's requests, all inside `window`, and describes it. */
export type AttackInjector = (
  context: AttackContext,
  window: AttackWindow,
  sink: RequestSink,
) => AttackOutcome;
