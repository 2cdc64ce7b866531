import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DeadLetter, DeadLetterKind, DeadLetterStore } from "../stores/deadLetterStore.js";

/** A dead-letter file line: a row of the dead-letter table, and the window a late record missed. */
export interface DeadLetterLine {
  /** The table's partition key: the replay's synthetic partition or the Event Hubs partition. */
  partition: string;
  kind: DeadLetterKind;
  /** Where the record came from: file and line, or partition and sequence number. */
  source: string;
  field: string;
  /** Why it was set aside, with the offending value quoted as stored. */
  reason: string;
  /** The window a late record missed (`2024-05-02T10:00Z`); null for a rejected record. */
  window: string | null;
  /** The record's text as the table keeps it, cut as the store cuts it. */
  raw: string;
}

export interface DeadLetterCounts {
  rejected: number;
  late: number;
}

// The late letter names its window only in its reason (ingestRecords' toLateLetter); the table has
// no column for it.
const MISSED_WINDOW = /^time: window (\S+) was already evaluated/;

export function toDeadLetterLine(partition: string, letter: DeadLetter): DeadLetterLine {
  const missed = letter.kind === "late" ? MISSED_WINDOW.exec(letter.reason) : null;
  return {
    partition,
    kind: letter.kind,
    source: letter.source,
    field: letter.field,
    reason: letter.reason,
    window: missed?.[1] ?? null,
    raw: letter.raw,
  };
}

/**
 * Writes every dead letter the store holds under `partition` as NDJSON, one per line in the
 * table's row-key order, to `target`: `-` for stdout (left open), or a file, replaced. Streams from
 * the table, so the letters are never all in memory.
 */
export async function writeDeadLetters(
  store: DeadLetterStore,
  partition: string,
  target: string,
): Promise<DeadLetterCounts> {
  const counts: DeadLetterCounts = { rejected: 0, late: 0 };
  async function* lines(): AsyncGenerator<string> {
    for await (const letter of store.read(partition)) {
      counts[letter.kind] += 1;
      yield `${JSON.stringify(toDeadLetterLine(partition, letter))}\n`;
    }
  }

  if (target === "-") await pipeline(Readable.from(lines()), process.stdout, { end: false });
  else await pipeline(Readable.from(lines()), createWriteStream(target));
  return counts;
}
