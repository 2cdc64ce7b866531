import type { Alert } from "../alerts/alert.js";
import type { KeysDropped } from "../aggregation/keyCap.js";
import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "../baselines/baselineFamily.js";
import { LOOKBACK_WINDOWS } from "../baselines/countSeries.js";
import type { DetectionSettings } from "../config/detectionSettings.js";
import type { Detection, Detector } from "../detectors/detector.js";
import type { AlertSink } from "../sinks/alertSink.js";
import {
  BaselineConflictError,
  type BaselineStore,
  type ShardHeads,
} from "../stores/baselineStore.js";
import type { PartialStore } from "../stores/partialStore.js";
import type { WindowEntry, WindowLedger, WindowOutcome } from "../stores/windowLedger.js";
import { isWindowClosed, windowIdOf, windowRangeOf } from "../windows/window.js";

export interface EvaluationDependencies {
  partials: PartialStore;
  windows: WindowLedger;
  baselines: BaselineStore;
  families: readonly BaselineFamily<unknown, unknown>[];
  detectors: readonly Detector[];
  sink: AlertSink;
  detection: DetectionSettings;
  allowedLatenessMs: number;
  leaseMs: number;
  /** Names this evaluator in window leases, for diagnosis. */
  owner: string;
}

/** Two clocks: event time decides which windows are closed, wall time runs the leases. */
export interface EvaluationClock {
  eventTimeMs: number;
  wallTimeMs: number;
}

export interface WindowEvaluation {
  windowIndex: number;
  records: number;
  alerts: Alert[];
  partials: number;
  ignoredPartials: number;
  /** Keys past the per-window caps, left out of this window's detection and baselines. */
  keysDropped: KeysDropped;
}

export interface EvaluationSummary {
  evaluated: WindowEvaluation[];
  /** Set when evaluation stopped early: a window held by another evaluator, or alerts not sent. */
  stoppedBecause: string | null;
}

/**
 * Evaluates every closed window that is not yet evaluated, oldest first, each exactly once: a
 * window is claimed through its ledger entry's ETag, its alerts are sent, the baselines learn
 * from it, and only then is it marked evaluated. Windows are taken strictly in order, because
 * each one's baseline includes the windows before it. An evaluator that lost a window's lease
 * stops there without saving baselines, so it never overwrites what its successor folded.
 */
export async function evaluateClosedWindows(
  clock: EvaluationClock,
  dependencies: EvaluationDependencies,
): Promise<EvaluationSummary> {
  const pending = await dependencies.windows.unevaluated();
  const evaluated: WindowEvaluation[] = [];
  let history: number[] | null = null;

  for (const entry of pending) {
    if (!isWindowClosed(entry.windowIndex, clock.eventTimeMs, dependencies.allowedLatenessMs))
      break;
    const claimed = await dependencies.windows.claim(
      entry,
      dependencies.owner,
      clock.wallTimeMs,
      dependencies.leaseMs,
    );
    if (!claimed) {
      return {
        evaluated,
        stoppedBecause: `window ${windowIdOf(entry.windowIndex)} is held by another evaluator`,
      };
    }
    history ??= await dependencies.windows.evaluatedSince(entry.windowIndex - LOOKBACK_WINDOWS);
    const outcome = await evaluateWindow(claimed, history, dependencies);
    // Evaluated or stopped, the merged window is not read again soon; a retry merges it anew.
    dependencies.partials.forgetWindow(entry.windowIndex);
    if (outcome.stoppedBecause !== null) {
      return { evaluated, stoppedBecause: outcome.stoppedBecause };
    }
    evaluated.push(outcome.evaluation);
    history.push(entry.windowIndex);
  }
  return { evaluated, stoppedBecause: null };
}

async function evaluateWindow(
  entry: WindowEntry,
  history: readonly number[],
  dependencies: EvaluationDependencies,
): Promise<{ evaluation: WindowEvaluation; stoppedBecause: string | null }> {
  const windowIndex = entry.windowIndex;
  const merged = await dependencies.partials.readWindow(windowIndex);
  const families = await loadActiveBaselines(windowIndex, merged.aggregate, dependencies);
  const detections = detectIn(windowIndex, merged.aggregate, history, families, dependencies);
  // A fast pass's alert is raised again only when the window added to it; the same AlertId lets
  // Log Analytics keep the newest, most complete row.
  const raisedEarly = await dependencies.windows.earlyAlerts(windowIndex);
  const alerts = detections
    .map((detection) => detection.alert)
    .filter((alert) => raisedEarly.get(alert.alertId) !== alert.observedValue);
  const sent = alerts.length > 0 ? await dependencies.sink.send(alerts) : { sent: 0, failed: [] };
  const evaluation = {
    windowIndex,
    records: merged.aggregate.records,
    alerts,
    partials: merged.partials,
    ignoredPartials: merged.ignoredPartials,
    keysDropped: merged.keysDropped,
  };
  if (sent.failed.length > 0) {
    const stoppedBecause = `${sent.failed.length} alert(s) of window ${windowIdOf(windowIndex)} were not accepted by ${dependencies.sink.name}; the window will be evaluated again after its lease ends`;
    return { evaluation, stoppedBecause };
  }

  const outcome = {
    records: merged.aggregate.records,
    alerts: alerts.length,
    partials: merged.partials,
    ignoredPartials: merged.ignoredPartials,
    clientKeysDropped: merged.keysDropped.clientKeys,
    populationKeysDropped: merged.keysDropped.populationKeys,
    distinctKeysDropped: merged.keysDropped.distinctKeys,
  };
  const stoppedBecause = await learnAndComplete(entry, detections, families, outcome, dependencies);
  return { evaluation, stoppedBecause };
}

function detectIn(
  windowIndex: number,
  aggregate: WindowAggregate,
  history: readonly number[],
  families: readonly ActiveBaselines[],
  dependencies: EvaluationDependencies,
): Detection[] {
  const window = windowRangeOf(windowIndex);
  const baselines = new Map(families.map((family) => [family.family.name, family.entries]));
  return dependencies.detectors.flatMap((detector) =>
    detector.detect({
      window: { ...window, index: windowIndex },
      aggregate,
      evaluatedWindows: history,
      baselines,
      settings: dependencies.detection,
      nowMs: window.endMs,
    }),
  );
}

/**
 * Folds the window into the baselines and marks it evaluated, unless another evaluator took the
 * window over (its lease ran out, e.g. while the sink was slow): the lease is confirmed first,
 * and each shard is saved only over the version this evaluator loaded. Baselines are saved before
 * the window is marked evaluated, so a crash in between leaves it to be evaluated again, and
 * `foldedThroughWindow` keeps it from being folded twice. Returns why it stopped, or null.
 */
async function learnAndComplete(
  entry: WindowEntry,
  detections: readonly Detection[],
  families: readonly ActiveBaselines[],
  outcome: WindowOutcome,
  dependencies: EvaluationDependencies,
): Promise<string | null> {
  const windowId = windowIdOf(entry.windowIndex);
  const held = await dependencies.windows.confirm(entry, dependencies.owner);
  if (!held) {
    return `window ${windowId} is held by another evaluator: this one lost its lease before saving baselines and saved nothing`;
  }

  try {
    await foldIntoBaselines(entry.windowIndex, detections, families, dependencies.baselines);
  } catch (error) {
    if (!(error instanceof BaselineConflictError)) throw error;
    return `window ${windowId} is held by another evaluator: ${error.message}`;
  }

  if (!(await dependencies.windows.complete(held, outcome))) {
    return `window ${windowId} is held by another evaluator: marking it evaluated failed the ETag check of this one's lease`;
  }
  return null;
}

type AnyFamily = BaselineFamily<unknown, unknown>;

/** One family's baselines for one window: its keys' decoded entries, and the shards they are in. */
interface ActiveBaselines {
  family: AnyFamily;
  observations: ReadonlyMap<string, unknown>;
  /** The window's keys by the shard that holds them. */
  keysOfShard: ReadonlyMap<number, readonly string[]>;
  /** The shard heads the entries were read from; folding saves over these versions only. */
  heads: ShardHeads;
  /** The window's shards, in groups read and saved one at a time. */
  groups: number[][];
  /** The window's keys that have a baseline, aged to the window: what detectors read. */
  entries: Map<string, unknown>;
}

/**
 * Reads, per family, the shards that hold this window's keys, a group at a time, and decodes only
 * those keys. An entry is aged (`prune`) as of the window before this one when it is read, so a
 * key with nothing left in the lookback is absent, exactly as if every shard were pruned every
 * window. Detectors therefore see the baselines of the window's own keys, and only those; the
 * shards themselves are let go, or kept by the store within its budget, until the fold.
 */
async function loadActiveBaselines(
  windowIndex: number,
  aggregate: WindowAggregate,
  dependencies: EvaluationDependencies,
): Promise<ActiveBaselines[]> {
  const store = dependencies.baselines;
  const loaded: ActiveBaselines[] = [];
  for (const family of dependencies.families) {
    const observations = family.observations(aggregate);
    const keysOfShard = keysByShard(observations.keys(), store);
    const heads = await store.readHeads(family.name);
    const groups = store.groupsOf(heads, keysOfShard.keys());
    const entries = new Map<string, unknown>();
    const agedToPrevious = (entry: unknown) => family.prune(entry, windowIndex - 1);
    for (const group of groups) {
      for (const shard of await store.viewPacked<unknown>(family.name, group, heads)) {
        for (const key of keysOfShard.get(shard.shardIndex)!) {
          const entry = shard.get(key, agedToPrevious);
          if (entry !== undefined) entries.set(key, entry);
        }
      }
    }
    loaded.push({ family, observations, keysOfShard, heads, groups, entries });
  }
  return loaded;
}

function keysByShard(keys: Iterable<string>, store: BaselineStore): Map<number, string[]> {
  const keysOfShard = new Map<number, string[]>();
  for (const key of keys) {
    const shardIndex = store.shardOf(key);
    const shardKeys = keysOfShard.get(shardIndex);
    if (shardKeys) shardKeys.push(key);
    else keysOfShard.set(shardIndex, [key]);
  }
  return keysOfShard;
}

const NOTHING_ALERTED: ReadonlySet<string> = new Set();

/**
 * Folds the window into every shard of its keys that has not seen it yet (a window evaluated
 * again after a crash is not folded twice); alerted aspects stay out. Shards are loaded, folded
 * and saved a group at a time, as of the heads detection read: a shard another writer saved since
 * is refused, at load or at save. Saving ages the shard's other entries only when they were last
 * written a lookback ago, so that dead keys leave storage.
 */
async function foldIntoBaselines(
  windowIndex: number,
  detections: readonly Detection[],
  families: readonly ActiveBaselines[],
  store: BaselineStore,
): Promise<void> {
  for (const { family, observations, keysOfShard, heads, groups, entries } of families) {
    const alerted = alertedAspects(detections, family.name);
    for (const group of groups) {
      const shards = await store.loadPacked<unknown>(family.name, group, heads);
      const unfolded = shards.filter((shard) => shard.foldedThroughWindow < windowIndex);
      for (const shard of unfolded) {
        for (const key of keysOfShard.get(shard.shardIndex)!) {
          const aspects = alerted.get(key) ?? NOTHING_ALERTED;
          const folded = family.fold(entries.get(key), windowIndex, observations.get(key), aspects);
          shard.set(key, family.prune(folded, windowIndex));
        }
        shard.foldedThroughWindow = windowIndex;
      }
      await store.savePacked(family.name, unfolded, {
        beforeWindow: windowIndex - LOOKBACK_WINDOWS,
        prune: (entry) => family.prune(entry, windowIndex),
      });
    }
  }
}

/** Per key of the family, the aspects that alerted in this window. */
function alertedAspects(
  detections: readonly Detection[],
  familyName: string,
): Map<string, Set<string>> {
  const alerted = new Map<string, Set<string>>();
  for (const { baselineKey } of detections) {
    if (baselineKey?.family !== familyName) continue;
    const aspects = alerted.get(baselineKey.key) ?? new Set<string>();
    aspects.add(baselineKey.aspect);
    alerted.set(baselineKey.key, aspects);
  }
  return alerted;
}
