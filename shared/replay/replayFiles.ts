import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import type { Alert } from "../alerts/alert.js";
import type { Logger } from "../logging/logger.js";
import {
  addParameterLimitCounts,
  noParameterLimitsHit,
  parameterLimitFieldsOf,
  type ParameterLimitCounts,
} from "../parameters/parameterLimitCounts.js";
import { listLogFiles } from "../parsing/readLogFile.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { InputFormat, RequestRecord } from "../records/requestRecord.js";
import { REPLAY_REORDER_MS, timeOrderedRecords, type MergeTally } from "./timeOrderedRecords.js";
import { evaluateClosedWindows, type EvaluationSummary } from "../pipeline/evaluateWindows.js";
import { ingestRecords } from "../pipeline/ingestRecords.js";
import { raiseEarlyAlerts } from "../pipeline/raiseEarlyAlerts.js";
import type { Pipeline } from "../pipeline/openPipeline.js";
import { WINDOW_MS } from "../windows/window.js";

/** Records per replayed batch: the size of a large Event Hubs invocation. */
export const REPLAY_BATCH_RECORDS = 5_000;
/** Rejections with distinct reasons that the summary quotes; the dead letters hold them all. */
const REJECTION_SAMPLES = 5;
/** The evaluation timer's period in the Function app (functions/evaluateWindows.ts). */
export const TIMER_PERIOD_MS = 5 * 60_000;

/** Records replayed of those read so far: files are read as the replay goes, so total grows. */
export interface ReplayProgress {
  phase: "replaying";
  done: number;
  total: number;
  /** Time spent so far reading and parsing the files. */
  readMs: number;
}

export interface ReplaySummary {
  /** The replay's synthetic partition: the key of its ledger batches and its dead letters. */
  partitionId: string;
  files: number;
  records: number;
  rejected: number;
  /** The first rejections with distinct reasons, for the operator to read. */
  rejectionSamples: RecordRejection[];
  /** Distinct reasons among all rejections: more than the samples when some are left out. */
  rejectionReasons: number;
  late: number;
  /** Records further out of time order than the reorder buffer allows, replayed after later ones. */
  outOfOrder: number;
  /** Records an earlier replay of the same files into the same store already counted. */
  alreadyCounted: number;
  /** Counted records that reached a parameter limit, by limit: their excess was not examined. */
  parameterLimitsHit: ParameterLimitCounts;
  windows: number;
  alerts: Alert[];
  tableRequests: number;
  /** Time spent reading and parsing the files, part of elapsedMs. */
  readMs: number;
  elapsedMs: number;
  firstRecordMs: number | null;
  lastRecordMs: number | null;
}

export interface ReplayOptions {
  paths: readonly string[];
  format: InputFormat | "auto";
  pipeline: Pipeline;
  logger: Logger;
  /** Wall clock, read by the caller: leases and elapsed time only, never detection. */
  now: () => number;
  onProgress?: (progress: ReplayProgress) => void;
}

/**
 * Replays log files through the same ingest and evaluation code the Function app runs, in record
 * time order (streamed: see timeOrderedRecords), with record time as the evaluation clock. At the
 * end every window is closed and evaluated, so a replay of finished logs reports all their alerts.
 */
export async function replayFiles(options: ReplayOptions): Promise<ReplaySummary> {
  const startedMs = options.now();
  const files = await listLogFiles([...options.paths], (path, reason) =>
    options.logger.warn("skipped a folder entry that cannot be read", { path, reason }),
  );
  if (files.length === 0) throw new Error(`no log files found in ${options.paths.join(", ")}`);
  const partitionId = await replayPartitionOf(files);
  const committedThrough = await options.pipeline.ingest.batches.committedThrough(partitionId);
  const tally: MergeTally = { rejections: [], read: 0, outOfOrder: 0, readMs: 0 };
  const records = timeOrderedRecords(
    files,
    options.format,
    options.pipeline.parseOptions(options.now()),
    tally,
  );

  const summary: ReplaySummary = {
    partitionId,
    files: files.length,
    records: 0,
    rejected: 0,
    rejectionSamples: [],
    rejectionReasons: 0,
    late: 0,
    outOfOrder: 0,
    alreadyCounted: 0,
    parameterLimitsHit: noParameterLimitsHit(),
    windows: 0,
    alerts: [],
    tableRequests: 0,
    readMs: 0,
    elapsedMs: 0,
    firstRecordMs: null,
    lastRecordMs: null,
  };
  for await (const batch of replayBatches(records)) {
    summary.firstRecordMs ??= batch.records[0]!.timeMs;
    for (const record of batch.records) {
      summary.lastRecordMs = Math.max(summary.lastRecordMs ?? record.timeMs, record.timeMs);
    }
    if (batch.lastSeq <= committedThrough) {
      // A replay of the same files into the same store: these batches were counted before.
      summary.alreadyCounted += batch.lastSeq - batch.firstSeq + 1;
    } else {
      const identity = { partitionId, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq };
      const ingested = await ingestRecords(
        identity,
        batch.records,
        [],
        options.pipeline.inspect,
        options.pipeline.ingest,
      );
      summary.records += ingested.records;
      summary.late += ingested.late;
      addParameterLimitCounts(summary.parameterLimitsHit, ingested.parameterLimitsHit);
    }
    if (batch.endsTick) await runTimer(options, summary, batch.tickEndMs);
    options.onProgress?.({
      phase: "replaying",
      done: batch.lastSeq + 1,
      total: tally.read,
      readMs: tally.readMs,
    });
  }

  if (tally.rejections.length > 0) {
    const letters = tally.rejections.map((rejection) => ({
      kind: "rejected" as const,
      ...rejection,
    }));
    await options.pipeline.ingest.deadLetters.write(partitionId, letters);
  }
  summary.rejected = tally.rejections.length;
  summary.rejectionSamples = distinctReasons(tally.rejections, REJECTION_SAMPLES);
  summary.rejectionReasons = new Set(tally.rejections.map((rejection) => rejection.reason)).size;
  summary.outOfOrder = tally.outOfOrder;
  if (tally.outOfOrder > 0) {
    options.logger.warn("records out of time order beyond the replay's reorder buffer", {
      records: tally.outOfOrder,
      reorderMinutes: REPLAY_REORDER_MS / 60_000,
    });
  }
  if (summary.parameterLimitsHit.records > 0) {
    options.logger.warn(
      "records reached the parameter limits; the parameter detections did not see what was past them",
      parameterLimitFieldsOf(summary.parameterLimitsHit),
    );
  }
  if (summary.lastRecordMs !== null) {
    const closingTimeMs =
      summary.lastRecordMs + WINDOW_MS + options.pipeline.evaluation.allowedLatenessMs;
    await runTimer(options, summary, closingTimeMs);
  }
  summary.tableRequests = options.pipeline.tables.counter.requests;
  summary.readMs = tally.readMs;
  summary.elapsedMs = options.now() - startedMs;
  return summary;
}

function distinctReasons(rejections: readonly RecordRejection[], limit: number): RecordRejection[] {
  const byReason = new Map<string, RecordRejection>();
  for (const rejection of rejections) {
    if (byReason.size >= limit) break;
    if (!byReason.has(rejection.reason)) byReason.set(rejection.reason, rejection);
  }
  return [...byReason.values()];
}

interface ReplayBatch {
  records: RequestRecord[];
  firstSeq: number;
  lastSeq: number;
  /** True for the last batch before the event clock crosses a timer tick. */
  endsTick: boolean;
  tickEndMs: number;
}

/**
 * Cuts the time-ordered records into batches at most `REPLAY_BATCH_RECORDS` long that never
 * straddle a timer tick, so the replay runs the timer at the same event times the Function app
 * would: every five minutes of event time that has records. A record's sequence number is its
 * place in the replay order.
 */
async function* replayBatches(records: AsyncIterable<RequestRecord>): AsyncGenerator<ReplayBatch> {
  let batch: RequestRecord[] = [];
  let firstSeq = 0;
  const cut = (endsTick: boolean): ReplayBatch => {
    const tick = Math.floor(batch[0]!.timeMs / TIMER_PERIOD_MS);
    const done = { records: batch, firstSeq, lastSeq: firstSeq + batch.length - 1, endsTick };
    firstSeq += batch.length;
    batch = [];
    return { ...done, tickEndMs: (tick + 1) * TIMER_PERIOD_MS };
  };
  for await (const record of records) {
    const tick = batch[0] && Math.floor(batch[0].timeMs / TIMER_PERIOD_MS);
    if (batch.length > 0 && Math.floor(record.timeMs / TIMER_PERIOD_MS) !== tick) yield cut(true);
    else if (batch.length >= REPLAY_BATCH_RECORDS) yield cut(false);
    batch.push(record);
  }
  if (batch.length > 0) yield cut(true);
}

/** What the timer function does: the fast indicator pass, then closed windows. */
async function runTimer(options: ReplayOptions, summary: ReplaySummary, eventTimeMs: number) {
  const clock = { eventTimeMs, wallTimeMs: options.now() };
  const early = await raiseEarlyAlerts(clock, options.pipeline.evaluation);
  summary.alerts.push(...early.alerts);
  absorb(summary, await evaluate(options, eventTimeMs));
}

async function evaluate(options: ReplayOptions, eventTimeMs: number): Promise<EvaluationSummary> {
  const evaluation = await evaluateClosedWindows(
    { eventTimeMs, wallTimeMs: options.now() },
    options.pipeline.evaluation,
  );
  if (evaluation.stoppedBecause) {
    const leaseMinutes = options.pipeline.evaluation.leaseMs / 60_000;
    throw new Error(
      `evaluation stopped: ${evaluation.stoppedBecause}. If an earlier replay into this store was interrupted, its lease runs out within ${leaseMinutes} minute(s) (GATEWARDEN_EVALUATION_LEASE_MINUTES); run the replay again then.`,
    );
  }
  for (const window of evaluation.evaluated) {
    options.logger.debug("window evaluated", {
      windowStart: new Date(window.windowIndex * WINDOW_MS).toISOString(),
      records: window.records,
      alerts: window.alerts.length,
    });
  }
  return evaluation;
}

function absorb(summary: ReplaySummary, evaluation: EvaluationSummary): void {
  for (const window of evaluation.evaluated) {
    summary.windows += 1;
    summary.alerts.push(...window.alerts);
  }
}

/**
 * The replay's synthetic partition is named after its input files, so replaying the same files
 * into the same store again is recognised as a redelivery and not counted twice.
 */
async function replayPartitionOf(files: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) {
    const info = await stat(file);
    hash.update(`${file}\u001f${info.size}\u001f${info.mtimeMs}\n`);
  }
  return `replay-${hash.digest("hex").slice(0, 16)}`;
}
