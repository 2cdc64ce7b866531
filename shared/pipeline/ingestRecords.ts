import { capKeys, DEFAULT_KEY_CAPS, noKeysDropped, type KeyCaps } from "../aggregation/keyCap.js";
import { addRecord, emptyAggregate, type WindowAggregate } from "../aggregation/windowAggregate.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { RequestRecord } from "../records/requestRecord.js";
import type { RecordInspector } from "../detectors/recordInspector.js";
import type { ParameterExtractor } from "../parameters/extractParameters.js";
import {
  addParameterLimitCounts,
  countParameterLimitsHit,
  noParameterLimitsHit,
  type ParameterLimitCounts,
} from "../parameters/parameterLimitCounts.js";
import type { BatchIdentity, BatchLedger } from "../stores/batchLedger.js";
import type { DeadLetter, DeadLetterStore } from "../stores/deadLetterStore.js";
import type { PartialStore } from "../stores/partialStore.js";
import type { WindowLedger } from "../stores/windowLedger.js";
import { windowIdOf, windowIndexOf } from "../windows/window.js";

export interface IngestStores {
  partials: PartialStore;
  batches: BatchLedger;
  windows: WindowLedger;
  deadLetters: DeadLetterStore;
  /** Reads each record's parameters (values hashed); without it records fold with none. */
  extractParameters?: ParameterExtractor;
  /** Keys one batch's partial of a window may hold; `DEFAULT_KEY_CAPS` when absent. */
  keyCaps?: Readonly<KeyCaps>;
}

export interface IngestSummary {
  records: number;
  rejected: number;
  /** Records whose window had already been evaluated: kept as dead letters, not counted. */
  late: number;
  windows: number;
  /** Keys past `keyCaps`, dropped from this batch's partials (`capKeys`). */
  clientKeysDropped: number;
  populationKeysDropped: number;
  distinctKeysDropped: number;
  /** Counted records that reached a parameter limit, by limit: their excess was not examined. */
  parameterLimitsHit: ParameterLimitCounts;
}

/**
 * Folds one batch of parsed records into per-window partials and commits the batch. Records for
 * windows that were already evaluated are dead-lettered as late, with the window named; rejected
 * records are dead-lettered with their reason. Throws only when storage fails, so the host retries
 * the whole batch, which is safe: every write is keyed by the batch.
 */
export async function ingestRecords(
  batch: BatchIdentity,
  records: readonly RequestRecord[],
  rejections: readonly RecordRejection[],
  inspect: RecordInspector,
  stores: IngestStores,
): Promise<IngestSummary> {
  const { aggregates, limitsHit } = foldByWindow(records, inspect, stores.extractParameters);
  const evaluated = await stores.windows.noteWindows(aggregates.keys());
  const late = records.filter((record) => evaluated.has(windowIndexOf(record.timeMs)));
  for (const windowIndex of evaluated) {
    aggregates.delete(windowIndex);
    limitsHit.delete(windowIndex);
  }
  const dropped = noKeysDropped();
  for (const aggregate of aggregates.values()) {
    capKeys(aggregate, stores.keyCaps ?? DEFAULT_KEY_CAPS, dropped);
  }

  for (const aggregate of aggregates.values()) await stores.partials.write(batch, aggregate);
  const letters = [...rejections.map(toRejectedLetter), ...late.map(toLateLetter)];
  if (letters.length > 0) await stores.deadLetters.write(batch.partitionId, letters);
  await stores.batches.commit(batch);

  return {
    records: records.length - late.length,
    rejected: rejections.length,
    late: late.length,
    windows: aggregates.size,
    clientKeysDropped: dropped.clientKeys,
    populationKeysDropped: dropped.populationKeys,
    distinctKeysDropped: dropped.distinctKeys,
    parameterLimitsHit: sumOf(limitsHit.values()),
  };
}

interface FoldedBatch {
  aggregates: Map<number, WindowAggregate>;
  /** Per window, like the aggregates, so a late record's limits are not counted either. */
  limitsHit: Map<number, ParameterLimitCounts>;
}

function foldByWindow(
  records: readonly RequestRecord[],
  inspect: RecordInspector,
  extractParameters: ParameterExtractor | undefined,
): FoldedBatch {
  const aggregates = new Map<number, WindowAggregate>();
  const limitsHit = new Map<number, ParameterLimitCounts>();
  for (const record of records) {
    const windowIndex = windowIndexOf(record.timeMs);
    let aggregate = aggregates.get(windowIndex);
    if (!aggregate) {
      aggregate = emptyAggregate(windowIndex);
      aggregates.set(windowIndex, aggregate);
      limitsHit.set(windowIndex, noParameterLimitsHit());
    }
    const extracted = extractParameters?.(record);
    if (extracted) countParameterLimitsHit(limitsHit.get(windowIndex)!, extracted.limitsHit);
    addRecord(aggregate, record, inspect(record), extracted?.parameters ?? []);
  }
  return { aggregates, limitsHit };
}

function sumOf(counts: Iterable<ParameterLimitCounts>): ParameterLimitCounts {
  const sum = noParameterLimitsHit();
  for (const windowCounts of counts) addParameterLimitCounts(sum, windowCounts);
  return sum;
}

function toRejectedLetter(rejection: RecordRejection): DeadLetter {
  return { kind: "rejected", ...rejection };
}

function toLateLetter(record: RequestRecord): DeadLetter {
  const windowId = windowIdOf(windowIndexOf(record.timeMs));
  return {
    kind: "late",
    field: "time",
    reason: `time: window ${windowId} was already evaluated when this record arrived; it is kept here, not counted`,
    source: record.correlationId || `${record.clientIp} ${new Date(record.timeMs).toISOString()}`,
    raw: JSON.stringify({ ...record, requestBody: record.requestBody ? "(redacted)" : "" }),
  };
}
