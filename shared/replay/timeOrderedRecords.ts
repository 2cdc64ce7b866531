import { readLogFile } from "../parsing/readLogFile.js";
import type { ParsedBatch } from "../parsing/parsedBatch.js";
import type { ParseOptions } from "../parsing/parseOptions.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { InputFormat, RequestRecord } from "../records/requestRecord.js";

/**
 * How far back in time a record may sit behind a later record of the same file and still be
 * replayed in its place. Logs are written roughly in time order (a slow request is logged when it
 * ends, stamped when it began); fifteen minutes covers that with room to spare.
 */
export const REPLAY_REORDER_MS = 15 * 60_000;

/** What the merge saw besides records, filled in while records are read. */
export interface MergeTally {
  rejections: RecordRejection[];
  /** Records read so far, replayed or still buffered. */
  read: number;
  /** Records further out of order than REPLAY_REORDER_MS: replayed late, after later ones. */
  outOfOrder: number;
  /** Time spent reading and parsing files, in milliseconds. */
  readMs: number;
}

interface Source {
  path: string;
  fileIndex: number;
  chunks: AsyncIterator<ParsedBatch>;
  done: boolean;
  /** No record still to come from this file is expected before this time. */
  frontierMs: number;
  nextSeq: number;
}

interface Pending {
  record: RequestRecord;
  fileIndex: number;
  seq: number;
}

/**
 * Streams the records of several log files in time order without holding them all: each file is
 * read a chunk at a time, always the file that holds the merge back, and a record is released
 * once every file that is still open has read past its time plus REPLAY_REORDER_MS. Records with
 * equal times keep file order, then line order, so the result equals a stable sort of all
 * records as long as no file is more than REPLAY_REORDER_MS out of order; memory holds about one
 * chunk per file plus that much traffic. An unreadable file becomes one rejection.
 */
export async function* timeOrderedRecords(
  paths: readonly string[],
  format: InputFormat | "auto",
  options: ParseOptions,
  tally: MergeTally,
  reorderMs = REPLAY_REORDER_MS,
): AsyncGenerator<RequestRecord> {
  const sources: Source[] = paths.map((path, fileIndex) => ({
    path,
    fileIndex,
    chunks: readLogFile(path, format, options)[Symbol.asyncIterator](),
    done: false,
    frontierMs: -Infinity,
    nextSeq: 0,
  }));
  const heap = new PendingHeap();
  let releasedThroughMs = -Infinity;

  for (;;) {
    const open = sources.filter((source) => !source.done);
    const thresholdMs = Math.min(...open.map((source) => source.frontierMs), Infinity);
    while (heap.size > 0 && heap.peek()!.record.timeMs < thresholdMs) {
      const { record } = heap.pop()!;
      releasedThroughMs = Math.max(releasedThroughMs, record.timeMs);
      yield record;
    }
    const behind = open.reduce<Source | undefined>(
      (slowest, source) => (!slowest || source.frontierMs < slowest.frontierMs ? source : slowest),
      undefined,
    );
    if (!behind) return;
    const chunk = await readChunk(behind, tally);
    if (!chunk) continue;
    for (const record of chunk.records) {
      if (record.timeMs < releasedThroughMs) tally.outOfOrder += 1;
      heap.push({ record, fileIndex: behind.fileIndex, seq: behind.nextSeq++ });
      behind.frontierMs = Math.max(behind.frontierMs, record.timeMs - reorderMs);
    }
    tally.read += chunk.records.length;
    tally.rejections.push(...chunk.rejections);
  }
}

async function readChunk(source: Source, tally: MergeTally): Promise<ParsedBatch | null> {
  const startedMs = performance.now();
  try {
    const next = await source.chunks.next();
    if (next.done) source.done = true;
    return next.done ? null : next.value;
  } catch (error) {
    // An unreadable file (unknown format, broken gzip) is one rejection; the others go on.
    source.done = true;
    const reason = error instanceof Error ? error.message : String(error);
    tally.rejections.push({ field: "(file)", reason, source: source.path, raw: "" });
    return null;
  } finally {
    tally.readMs += performance.now() - startedMs;
  }
}

function before(a: Pending, b: Pending): boolean {
  return (
    a.record.timeMs < b.record.timeMs ||
    (a.record.timeMs === b.record.timeMs &&
      (a.fileIndex < b.fileIndex || (a.fileIndex === b.fileIndex && a.seq < b.seq)))
  );
}

/** A binary min-heap of buffered records in replay order. */
class PendingHeap {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Pending | undefined {
    return this.items[0];
  }

  push(item: Pending): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  pop(): Pending | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === index) return top;
      [items[index], items[smallest]] = [items[smallest]!, items[index]!];
      index = smallest;
    }
  }
}
