import { gzipSync } from "node:zlib";
import { entityCountOf } from "./packedEntities.js";

/** How a save ages entries it did not otherwise touch. */
export interface ShardRevisit<T> {
  /** Entries last written at or before this window are decoded and pruned. */
  beforeWindow: number;
  prune: (entry: T) => T | null;
}

/**
 * How a shard's lines lie in its chunks: a base written by the last rewrite, then the chunks
 * appended since, one or more per save, each holding that save's changed lines.
 */
export interface ShardLog {
  /** Names the base; chunks of another generation are leftovers of earlier saves. */
  generation: string;
  /** Data chunks after the head: the base's, then the appended ones. */
  chunks: number;
  baseChunks: number;
  /** Lines in all the chunks, superseded ones included, and their characters. */
  lines: number;
  chars: number;
}

/** A shard's lines as stored; the store keeps them between saves, for one loaded shard at once. */
export interface StoredLines {
  /** JSON-encoded key → `writtenWindow\tentry JSON`. */
  lines: Map<string, string>;
  /** Characters of the live lines, keys and tabs included. */
  liveChars: number;
  /** Null until the shard is saved in the log layout (never saved, or by older code). */
  log: ShardLog | null;
}

/** What one save writes: `bytes` into the data chunks from `firstChunk` on, and the head. */
export interface ShardWrite {
  firstChunk: number;
  bytes: Buffer;
  /** The shard's log once the write is done. */
  log: ShardLog;
}

/**
 * Chunks appended after a base before the shard is rewritten: a reader that does not hold the
 * shard in memory reads them all.
 */
export const MAX_APPENDED_CHUNKS = 64;
/** The entry text of a line that drops its key; baseline entries are never null themselves. */
export const TOMBSTONE = "null";

/**
 * One shard as stored, for the evaluator: an entry is decoded only when its key is asked for, and
 * entries nobody asked for are written back as the text they were read as. A window therefore
 * pays JSON work for its active keys, not for every key the baselines remember.
 */
export class PackedShard<T> {
  /** JSON-encoded key → the entry to write, or null to drop the key. */
  private readonly changed = new Map<string, T | null>();
  private prepared: { write: ShardWrite; apply: () => void } | null = null;

  constructor(
    readonly shardIndex: number,
    public foldedThroughWindow: number,
    /** The ETag of the shard's head as loaded; null when the shard had never been saved. */
    readonly etag: string | null,
    private stored: StoredLines = { lines: new Map(), liveChars: 0, log: null },
  ) {}

  /** The entry of `key`, decoded and passed through `view` (e.g. aged as of a window). */
  get(key: string, view: (entry: T) => T | null = (entry) => entry): T | undefined {
    const encodedKey = JSON.stringify(key);
    if (this.changed.has(encodedKey)) return this.changed.get(encodedKey) ?? undefined;
    const line = this.stored.lines.get(encodedKey);
    if (line === undefined) return undefined;
    return view(JSON.parse(line.slice(line.indexOf("\t") + 1)) as T) ?? undefined;
  }

  /** The lines as loaded, when nothing has been set since: for the store to keep. */
  storedLines(): StoredLines | null {
    return this.changed.size === 0 && this.prepared === null ? this.stored : null;
  }

  /** Replaces (or with null, drops) the entry of `key`; written by the next save. */
  set(key: string, entry: T | null): void {
    this.changed.set(JSON.stringify(key), entry);
  }

  /**
   * What saving the changes writes. Changed entries are appended as new chunks, later lines
   * superseding earlier ones, so a save writes the window's keys rather than the whole shard.
   * Once superseded lines would outnumber live ones, by count or by size, or appended chunks pile
   * up, the shard is rewritten as a new `generation` (see encodeLines), which is when entries a
   * lookback old are revisited. Nothing changes until `saved` is called.
   */
  prepareSave(writtenWindow: number, revisit: ShardRevisit<T>, generation: string): ShardWrite {
    const appended = this.appendedLines(writtenWindow);
    const log = this.stored.log;
    const live = this.liveAfter(appended);
    const text = [...appended].map(([encodedKey, rest]) => `${encodedKey}\t${rest}`);
    const chars = text.reduce((total, line) => total + line.length, 0);
    const bytes = text.length > 0 ? gzipLines(text) : Buffer.alloc(0);
    const chunks = bytes.length > 0 ? entityCountOf(bytes.length) : 0;
    const appendable =
      log !== null &&
      log.lines + text.length <= 2 * live.lines &&
      log.chars + chars <= 2 * live.chars &&
      log.chunks + chunks <= log.baseChunks + MAX_APPENDED_CHUNKS;
    if (!appendable) return this.prepareRewrite(writtenWindow, revisit, generation);

    const write = {
      firstChunk: log.chunks + 1,
      bytes,
      log: {
        ...log,
        chunks: log.chunks + chunks,
        lines: log.lines + text.length,
        chars: log.chars + chars,
      },
    };
    const apply = () => {
      for (const [encodedKey, rest] of appended) {
        if (rest.endsWith(`\t${TOMBSTONE}`)) this.stored.lines.delete(encodedKey);
        else this.stored.lines.set(encodedKey, rest);
      }
      this.stored.liveChars = live.chars;
      this.stored.log = write.log;
    };
    this.prepared = { write, apply };
    return write;
  }

  /**
   * Applies the prepared save once it is written, and returns the shard's lines as they now are
   * stored, for the store to keep.
   */
  saved(): StoredLines {
    if (!this.prepared) throw new Error(`shard ${this.shardIndex} was marked saved unprepared`);
    this.prepared.apply();
    this.prepared = null;
    this.changed.clear();
    return this.stored;
  }

  /**
   * The shard as lines, in the order keys were first stored. Unchanged entries are
   * copied as stored, except those last written at or before `revisit.beforeWindow`: those are
   * decoded and passed through `revisit.prune`, so keys that fell out of the lookback leave
   * storage even when they never come back.
   */
  encodeLines(writtenWindow: number, revisit: ShardRevisit<T>): string[] {
    const lines = this.rewrittenLines(writtenWindow, revisit);
    return [...lines.keys()].map((encodedKey) => `${encodedKey}\t${lines.get(encodedKey)}`);
  }

  private prepareRewrite(
    writtenWindow: number,
    revisit: ShardRevisit<T>,
    generation: string,
  ): ShardWrite {
    const lines = this.rewrittenLines(writtenWindow, revisit);
    const text = [...lines].map(([encodedKey, rest]) => `${encodedKey}\t${rest}`);
    const chars = text.reduce((total, line) => total + line.length, 0);
    const bytes = gzipLines(text);
    const chunks = entityCountOf(bytes.length);
    const log = { generation, chunks, baseChunks: chunks, lines: text.length, chars };
    const apply = () => {
      this.stored = { lines, liveChars: chars, log };
    };
    const write = { firstChunk: 1, bytes, log };
    this.prepared = { write, apply };
    return write;
  }

  private rewrittenLines(writtenWindow: number, revisit: ShardRevisit<T>): Map<string, string> {
    const lines = new Map<string, string>(this.stored.lines);
    for (const [encodedKey, line] of this.stored.lines) {
      if (this.changed.has(encodedKey)) continue;
      const tab = line.indexOf("\t");
      if (Number(line.slice(0, tab)) > revisit.beforeWindow) continue;
      const kept = revisit.prune(JSON.parse(line.slice(tab + 1)) as T);
      if (kept === null) lines.delete(encodedKey);
      else lines.set(encodedKey, `${writtenWindow}\t${JSON.stringify(kept)}`);
    }
    for (const [encodedKey, entry] of this.changed) {
      if (entry === null) lines.delete(encodedKey);
      else lines.set(encodedKey, `${writtenWindow}\t${JSON.stringify(entry)}`);
    }
    return lines;
  }

  /** JSON-encoded key → `writtenWindow\tentry JSON` of each change, a tombstone for a drop. */
  private appendedLines(writtenWindow: number): Map<string, string> {
    const appended = new Map<string, string>();
    for (const [encodedKey, entry] of this.changed) {
      const text = entry === null ? TOMBSTONE : JSON.stringify(entry);
      appended.set(encodedKey, `${writtenWindow}\t${text}`);
    }
    return appended;
  }

  /** Live lines and their characters once `appended` is applied. */
  private liveAfter(appended: ReadonlyMap<string, string>): { lines: number; chars: number } {
    let lines = this.stored.lines.size;
    let chars = this.stored.liveChars;
    for (const [encodedKey, rest] of appended) {
      const before = this.stored.lines.get(encodedKey);
      if (before !== undefined) {
        lines -= 1;
        chars -= lineLength(encodedKey, before);
      }
      if (rest.endsWith(`\t${TOMBSTONE}`)) continue;
      lines += 1;
      chars += lineLength(encodedKey, rest);
    }
    return { lines, chars };
  }
}

/** Characters of the stored line `encodedKey\trest`. */
export function lineLength(encodedKey: string, rest: string): number {
  return encodedKey.length + 1 + rest.length;
}

/** Text is gzipped in slices so that no single string has to hold a whole shard. */
const LINES_PER_GZIP_MEMBER = 20_000;

/** Concatenated gzip members, one per slice of lines; gunzip reads them as one stream. */
export function gzipLines(lines: readonly string[]): Buffer {
  const members: Buffer[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_GZIP_MEMBER) {
    const text = lines.slice(start, start + LINES_PER_GZIP_MEMBER).join("\n") + "\n";
    // Level 1: baselines are rewritten often, and compressing was most of a window's cost.
    members.push(gzipSync(text, { level: 1 }));
  }
  // An empty shard is still a gzip stream, so that it reads back as no lines.
  return members.length > 0 ? Buffer.concat(members) : gzipSync("");
}
