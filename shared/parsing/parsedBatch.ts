import type { RequestRecord } from "../records/requestRecord.js";
import { type RecordRejection, toRejection } from "./recordRejection.js";

/** What a reader returns for a unit of input: the records it read and why it rejected the rest. */
export interface ParsedBatch {
  records: RequestRecord[];
  rejections: RecordRejection[];
}

/** A new batch with no records and no rejections, for the caller to fill. */
export function emptyBatch(): ParsedBatch {
  return { records: [], rejections: [] };
}

/** A batch holding one rejection, for input that failed before any record could be read. */
export function rejectedBatch(rejection: RecordRejection): ParsedBatch {
  return { records: [], rejections: [rejection] };
}

/** Appends `batch` to `into` in place and returns `into`. */
export function appendBatch(into: ParsedBatch, batch: ParsedBatch): ParsedBatch {
  for (const record of batch.records) into.records.push(record);
  for (const rejection of batch.rejections) into.rejections.push(rejection);
  return into;
}

/** Runs `read` on one raw input and turns a throw into a rejection, so one bad input stays one. */
export function readOne<T>(
  raw: T,
  source: string,
  read: (raw: T) => RequestRecord,
  into: ParsedBatch,
): void {
  try {
    into.records.push(read(raw));
  } catch (error) {
    into.rejections.push(toRejection(error, source, raw));
  }
}

/** Runs `read` on one raw input and returns a batch of its record or its rejection. */
export function readUnit<T>(raw: T, source: string, read: (raw: T) => RequestRecord): ParsedBatch {
  const batch = emptyBatch();
  readOne(raw, source, read, batch);
  return batch;
}
