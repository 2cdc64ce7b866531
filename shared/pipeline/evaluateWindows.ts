import type { Alert } from "../alerts/alert.js";
import type { WindowAggregate } from "../aggregation/windowAggregate.js";
import type { BaselineFamily } from "../baselines/baselineFamily.js";
import { LOOKBACK_WINDOWS } from "../baselines/countSeries.js";
import type { DetectionSettings } from "../config/detectionSettings.js";
import type { Detection, Detector } from "../detectors/detector.js";
import type { AlertSink } from "../sinks/alertSink.js";
import type { BaselineShard, BaselineStore } from "../stores/baselineStore.js";
import type { PartialStore } from "../stores/partialStore.js";
import type { WindowEntry, WindowLedger } from "../stores/windowLedger.js";
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
 * each one's baseline includes the windows before it.
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
    if (outcome.unsent > 0) {
      return {
        evaluated,
        stoppedBecause: `${outcome.unsent} alert(s) of window ${windowIdOf(entry.windowIndex)} were not accepted by ${dependencies.sink.name}; the window will be evaluated again after its lease ends`,
      };
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
): Promise<{ evaluation: WindowEvaluation; unsent: number }> {
  const windowIndex = entry.windowIndex;
  const merged = await dependencies.partials.readWindow(windowIndex);
  const shardsByFamily = new Map<string, BaselineShard<unknown>[]>();
  for (const family of dependencies.families) {
    shardsByFamily.set(family.name, await dependencies.baselines.load(family.name));
  }

  const window = windowRangeOf(windowIndex);
  const detections = dependencies.detectors.flatMap((detector) =>
    detector.detect({
      window: { ...window, index: windowIndex },
      aggregate: merged.aggregate,
      evaluatedWindows: history,
      baselines: entriesByFamily(shardsByFamily),
      settings: dependencies.detection,
      nowMs: window.endMs,
    }),
  );
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
  };
  if (sent.failed.length > 0) return { evaluation, unsent: sent.failed.length };

  await foldIntoBaselines(windowIndex, merged.aggregate, detections, shardsByFamily, dependencies);
  await dependencies.windows.complete(entry, {
    records: merged.aggregate.records,
    alerts: alerts.length,
    partials: merged.partials,
    ignoredPartials: merged.ignoredPartials,
  });
  return { evaluation, unsent: 0 };
}

function entriesByFamily(
  shardsByFamily: Map<string, BaselineShard<unknown>[]>,
): Map<string, Map<string, unknown>> {
  const entries = new Map<string, Map<string, unknown>>();
  for (const [family, shards] of shardsByFamily) {
    const combined = new Map<string, unknown>();
    for (const shard of shards) for (const [key, value] of shard.entries) combined.set(key, value);
    entries.set(family, combined);
  }
  return entries;
}

type AnyFamily = BaselineFamily<unknown, unknown>;

const NOTHING_ALERTED: ReadonlySet<string> = new Set();

/** Folds the window into every shard that has not seen it yet; alerted aspects stay out. */
async function foldIntoBaselines(
  windowIndex: number,
  aggregate: WindowAggregate,
  detections: readonly Detection[],
  shardsByFamily: Map<string, BaselineShard<unknown>[]>,
  dependencies: EvaluationDependencies,
): Promise<void> {
  for (const family of dependencies.families) {
    const alerted = alertedAspects(detections, family.name);
    const observationsByShard = groupByShard(
      family.observations(aggregate),
      dependencies.baselines,
    );
    const unfolded = (shardsByFamily.get(family.name) ?? []).filter(
      (shard) => shard.foldedThroughWindow < windowIndex,
    );
    for (const shard of unfolded) {
      const observations = observationsByShard.get(shard.shardIndex) ?? new Map<string, unknown>();
      foldShard(family, shard, windowIndex, observations, alerted);
    }
    await dependencies.baselines.saveAll(family.name, unfolded);
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

function groupByShard(
  observations: ReadonlyMap<string, unknown>,
  store: BaselineStore,
): Map<number, Map<string, unknown>> {
  const byShard = new Map<number, Map<string, unknown>>();
  for (const [key, value] of observations) {
    const shardIndex = store.shardOf(key);
    const shard = byShard.get(shardIndex) ?? new Map<string, unknown>();
    shard.set(key, value);
    byShard.set(shardIndex, shard);
  }
  return byShard;
}

function foldShard(
  family: AnyFamily,
  shard: BaselineShard<unknown>,
  windowIndex: number,
  observations: Map<string, unknown>,
  alerted: Map<string, Set<string>>,
): void {
  for (const [key, observed] of observations) {
    const aspects = alerted.get(key) ?? NOTHING_ALERTED;
    shard.entries.set(key, family.fold(shard.entries.get(key), windowIndex, observed, aspects));
  }
  for (const [key, entry] of shard.entries) {
    const kept = family.prune(entry, windowIndex);
    if (kept === null) shard.entries.delete(key);
    else shard.entries.set(key, kept);
  }
  shard.foldedThroughWindow = windowIndex;
}
