import type { Alert } from "../alerts/alert.js";
import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import type { DetectionSettings } from "../config/detectionSettings.js";
import type { WindowRange } from "../windows/window.js";

/** What a detector may read: one window's aggregate, the baselines, the settings. No I/O, no clock. */
export interface DetectionContext {
  window: WindowRange & { index: number };
  aggregate: WindowAggregate;
  /** Windows evaluated before this one within the lookback, ascending. */
  evaluatedWindows: readonly number[];
  /** Baseline entries per family, as loaded before this window was folded in. */
  baselines: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  settings: DetectionSettings;
  /** Event time of this detection pass: the window end when it closes, earlier for a fast pass. */
  nowMs: number;
}

/** An alert and, for baseline detectors, the baseline key (and aspect) that should not learn from it. */
export interface Detection {
  alert: Alert;
  baselineKey?: { family: string; key: string; aspect: string };
}

export interface Detector {
  readonly name: string;
  /** True for detectors that need no baseline and may run on a window still open. */
  readonly early?: boolean;
  detect(context: DetectionContext): Detection[];
}
