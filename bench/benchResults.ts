/** What each benchmark child reports to `bench/main.ts`. */
import type { KeysDropped } from "../shared/aggregation/keyCap.js";
import type { RunTimings } from "./medianTiming.js";
import type { MemoryPeak } from "./memoryWatch.js";

export interface IngestStage extends RunTimings {
  /** `a` … `d` as in the report, primed for the Buffer variants. */
  name: string;
  label: string;
  recordsPerSecond: number;
}

export interface IngestResult {
  records: number;
  envelopes: number;
  payloadBytes: number;
  eventsPerInvocation: number;
  stages: IngestStage[];
}

/** Time spent in one kind of call, summed over the benchmark. */
export interface PhaseTiming {
  name: string;
  calls: number;
  totalMs: number;
  /** Table HTTP requests made inside these calls. */
  tableRequests: number;
}

export interface ReplayFilesResult {
  files: number;
  records: number;
  bytes: number;
  elapsedMs: number;
}

export interface ReplayResult {
  /** False when the replay hit its deadline: `records` then counts those replayed so far. */
  completed: boolean;
  files: number;
  records: number;
  rejected: number;
  late: number;
  windows: number;
  alerts: number;
  tableRequests: number;
  elapsedMs: number;
  /** RSS when the replay started, after imports and Azurite: the floor under the peak. */
  startRssMb: number;
  memory: MemoryPeak;
  phases: PhaseTiming[];
  /** CPU time of the process over the same span (user + system, all threads, GC included). */
  cpuMs: number;
  /** What timing one call adds, ns; see overheadNsPerCall. */
  timerOverheadNsPerCall: number;
}

export interface EvaluationPreparation {
  records: number;
  partials: number;
  partialBytes: number;
  baselineJsonBytes: number;
  elapsedMs: number;
}

export interface EvaluationResult {
  /** False when the evaluation hit its deadline; phases then include the calls under way. */
  completed: boolean;
  keys: number;
  records: number;
  partials: number;
  windowsEvaluated: number;
  alerts: number;
  /** Keys the per-window caps left out of the evaluation (`capKeys` when merging partials). */
  keysDropped: KeysDropped;
  elapsedMs: number;
  tableRequests: number;
  startRssMb: number;
  memory: MemoryPeak;
  phases: PhaseTiming[];
  /** CPU time of the process over the same span (user + system, all threads, GC included). */
  cpuMs: number;
  /** What timing one call adds, ns; see overheadNsPerCall. */
  timerOverheadNsPerCall: number;
}

export interface MemoryResult {
  keys: number;
  recordsPerKey: number;
  heapDeltaMb: number;
  rssDeltaMb: number;
  heapBytesPerKey: number;
  rssBytesPerKey: number;
  jsonBytes: number;
  encodedBytes: number;
  encodeMs: number;
  decodeMs: number;
  /** Entries in each of the aggregate's maps (population, samples, …), whatever the shape. */
  entriesByMap: Record<string, number>;
  /** JSON characters of each map as encodeAggregate writes it, before gzip. */
  jsonCharsByMap: Record<string, number>;
  /** Keys of this shape past which encodeAggregate's JSON text exceeds V8's longest string. */
  maxKeysPerPartial: number;
}
