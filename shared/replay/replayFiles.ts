import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import type { Alert } from "../alerts/alert.js";
import type { Logger } from "../logging/logger.js";
import { listLogFiles, readLogFile } from "../parsing/readLogFile.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { InputFormat, RequestRecord } from "../records/requestRecord.js";
import { evaluateClosedWindows, type EvaluationSummary } from "../pipeline/evaluateWindows.js";
import { ingestRecords } from "../pipeline/ingestRecords.js";
import { raiseEarlyAlerts } from "../pipeline/raiseEarlyAlerts.js";
import type { Pipeline } from "../pipeline/openPipeline.js";
import { WINDOW_MS } from "../windows/window.js";

/** Records per replayed batch: the size of a large Event Hubs invocation. */
export const REPLAY_BATCH_RECORDS = 5_000;
/** The evaluation timer's period in the Function app (functions/evaluateWindows.ts). */
export const TIMER_PERIOD_MS = 5 * 60_000;

export interface ReplayProgress {
  phase: "reading" | "replaying";
  done: number;
  total: number;
}

export interface ReplaySummary {
  files: number;
  records: number;
  rejected: number;
  /** The first rejections with distinct reasons, for the operator to read. */
  rejectionSamples: RecordRejection[];
  late: number;
  /** Records an earlier replay of the same files into the same store already counted. */
  alreadyCounted: number;
  windows: number;
  alerts: Alert[];
  tableRequests: number;
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
 * time order, with record time as the evaluation clock. At the end every window is closed and
 * evaluated, so a replay of finished logs reports all their alerts.
 */
export async function replayFiles(options: ReplayOptions): Promise<ReplaySummary> {
  const startedMs = options.now();
  const files = await listLogFiles([...options.paths]);
  if (files.length === 0) throw new Error(`no log files found in ${options.paths.join(", ")}`);
  const { records, rejections } = await readAll(files, options);
  const partitionId = await replayPartitionOf(files);
  if (rejections.length > 0) {
    const letters = rejections.map((rejection) => ({ kind: "rejected" as const, ...rejection }));
    await options.pipeline.ingest.deadLetters.write(partitionId, letters);
  }
  const committedThrough = await options.pipeline.ingest.batches.committedThrough(partitionId);

  const summary: ReplaySummary = {
    files: files.length,
    records: 0,
    rejected: rejections.length,
    rejectionSamples: distinctReasons(rejections, 5),
    late: 0,
    alreadyCounted: 0,
    windows: 0,
    alerts: [],
    tableRequests: 0,
    elapsedMs: 0,
    firstRecordMs: records[0]?.timeMs ?? null,
    lastRecordMs: records.at(-1)?.timeMs ?? null,
  };
  for (const batch of replayBatches(records)) {
    if (batch.lastSeq <= committedThrough) {
      // A replay of the same files into the same store: these batches were counted before.
      summary.alreadyCounted += batch.lastSeq - batch.firstSeq + 1;
      continue;
    }
    const batchRecords = records.slice(batch.firstSeq, batch.lastSeq + 1);
    const identity = { partitionId, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq };
    const ingested = await ingestRecords(
      identity,
      batchRecords,
      [],
      options.pipeline.inspect,
      options.pipeline.ingest,
    );
    summary.records += ingested.records;
    summary.late += ingested.late;
    if (batch.endsTick) await runTimer(options, summary, batch.tickEndMs);
    options.onProgress?.({ phase: "replaying", done: batch.lastSeq + 1, total: records.length });
  }

  if (summary.lastRecordMs !== null) {
    const closingTimeMs =
      summary.lastRecordMs + WINDOW_MS + options.pipeline.evaluation.allowedLatenessMs;
    await runTimer(options, summary, closingTimeMs);
  }
  summary.tableRequests = options.pipeline.tables.counter.requests;
  summary.elapsedMs = options.now() - startedMs;
  return summary;
}

async function readAll(
  files: string[],
  options: ReplayOptions,
): Promise<{ records: RequestRecord[]; rejections: RecordRejection[] }> {
  const records: RequestRecord[] = [];
  const rejections: RecordRejection[] = [];
  const parseOptions = options.pipeline.parseOptions(options.now());
  for (const [index, file] of files.entries()) {
    try {
      for await (const chunk of readLogFile(file, options.format, parseOptions)) {
        for (const record of chunk.records) records.push(record);
        for (const rejection of chunk.rejections) rejections.push(rejection);
      }
    } catch (error) {
      // An unreadable file (unknown format, broken gzip) is one rejection; the others go on.
      const reason = error instanceof Error ? error.message : String(error);
      rejections.push({ field: "(file)", reason, source: file, raw: "" });
    }
    options.onProgress?.({ phase: "reading", done: index + 1, total: files.length });
  }
  // Stable: records with equal times keep file order.
  records.sort((a, b) => a.timeMs - b.timeMs);
  return { records, rejections };
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
  firstSeq: number;
  lastSeq: number;
  /** True for the last batch before the event clock crosses a timer tick. */
  endsTick: boolean;
  tickEndMs: number;
}

/**
 * Cuts the time-ordered records into batches at most `REPLAY_BATCH_RECORDS` long that never
 * straddle a timer tick, so the replay runs the timer at the same event times the Function app
 * would: every five minutes of event time that has records.
 */
function* replayBatches(records: readonly RequestRecord[]): Generator<ReplayBatch> {
  let first = 0;
  while (first < records.length) {
    const tick = Math.floor(records[first]!.timeMs / TIMER_PERIOD_MS);
    let last = first;
    const limit = Math.min(records.length, first + REPLAY_BATCH_RECORDS) - 1;
    while (last < limit && Math.floor(records[last + 1]!.timeMs / TIMER_PERIOD_MS) === tick) last++;
    const next = records[last + 1];
    const endsTick = next === undefined || Math.floor(next.timeMs / TIMER_PERIOD_MS) !== tick;
    yield { firstSeq: first, lastSeq: last, endsTick, tickEndMs: (tick + 1) * TIMER_PERIOD_MS };
    first = last + 1;
  }
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
