import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { odata, type TableClient } from "@azure/data-tables";
import { isWriteConflict } from "./tableErrors.js";
import {
  chunkRowKey,
  fitsOneTransaction,
  packEntities,
  type PackedEntity,
  rowKeyPrefixOf,
  unpackEntities,
  writePacked,
} from "./packedEntities.js";

/** A slice of one detector family's baselines with every entry decoded. */
export interface BaselineShard<T> {
  shardIndex: number;
  /** The newest window folded into this shard; -1 before the first. Makes folding idempotent. */
  foldedThroughWindow: number;
  entries: Map<string, T>;
}

/**
 * One shard as stored, for the evaluator: an entry is decoded only when its key is asked for, and
 * entries nobody asked for are written back as the text they were read as. A window therefore
 * pays JSON work for its active keys, not for every key the baselines remember.
 */
export class PackedShard<T> {
  /** JSON-encoded key → the entry to write, or null to drop the key. */
  private readonly changed = new Map<string, T | null>();

  constructor(
    readonly shardIndex: number,
    public foldedThroughWindow: number,
    /** The ETag of the shard's first chunk as loaded; null when the shard had never been saved. */
    readonly etag: string | null,
    /** JSON-encoded key → `writtenWindow\tentry JSON`, as stored. */
    private readonly stored: Map<string, string>,
    /** The stored gzip bytes when new lines may be appended to them; null to rewrite. */
    private readonly storedBytes: Buffer | null = null,
    /** Lines in `storedBytes`, superseded ones included. */
    private readonly storedLines = 0,
  ) {}

  /**
   * The shard's bytes with this window's changes. Changed entries are appended as a new gzip
   * member, later lines superseding earlier ones, so a save compresses the window's keys rather
   * than the whole shard. Once superseded lines would outnumber live ones, the shard is rewritten
   * (see encodeLines), which is when entries a lookback old are revisited.
   */
  encode(writtenWindow: number, revisit: ShardRevisit<T>): Buffer {
    const appended: string[] = [];
    let added = 0;
    for (const [encodedKey, entry] of this.changed) {
      if (!this.stored.has(encodedKey)) added += 1;
      const text = entry === null ? TOMBSTONE : JSON.stringify(entry);
      appended.push(`${encodedKey}\t${writtenWindow}\t${text}`);
    }
    const live = this.stored.size + added;
    if (this.storedBytes && this.storedLines + appended.length <= 2 * live) {
      return appended.length > 0
        ? Buffer.concat([this.storedBytes, gzipLines(appended)])
        : this.storedBytes;
    }
    return gzipLines(this.encodeLines(writtenWindow, revisit));
  }

  /** The entry of `key`, decoded and passed through `view` (e.g. aged as of a window). */
  get(key: string, view: (entry: T) => T | null = (entry) => entry): T | undefined {
    const encodedKey = JSON.stringify(key);
    if (this.changed.has(encodedKey)) return this.changed.get(encodedKey) ?? undefined;
    const line = this.stored.get(encodedKey);
    if (line === undefined) return undefined;
    return view(JSON.parse(line.slice(line.indexOf("\t") + 1)) as T) ?? undefined;
  }

  /** Replaces (or with null, drops) the entry of `key`; written by the next save. */
  set(key: string, entry: T | null): void {
    this.changed.set(JSON.stringify(key), entry);
  }

  /**
   * The shard as lines, in the order keys were first stored. Unchanged entries are
   * copied as stored, except those last written at or before `revisit.beforeWindow`: those are
   * decoded and passed through `revisit.prune`, so keys that fell out of the lookback leave
   * storage even when they never come back.
   */
  encodeLines(writtenWindow: number, revisit: ShardRevisit<T>): string[] {
    const lines = new Map<string, string>(this.stored);
    for (const [encodedKey, line] of this.stored) {
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
    return [...lines.keys()].map((encodedKey) => `${encodedKey}\t${lines.get(encodedKey)}`);
  }
}

/** How a save ages entries it did not otherwise touch. */
export interface ShardRevisit<T> {
  /** Entries last written at or before this window are decoded and pruned. */
  beforeWindow: number;
  prune: (entry: T) => T | null;
}

/**
 * Baselines packed many keys per entity: Table operations per window grow with the size of the
 * shards that hold the window's keys (about one per 600 KiB compressed), not with the number of
 * keys or events. A shard is gzip-compressed text, one line per key:
 * `JSON key \t window last written \t JSON entry`; a later line of a key supersedes an earlier
 * one, and an entry `null` drops the key.
 */
export class BaselineStore {
  constructor(
    private readonly table: TableClient,
    readonly shardCount: number,
  ) {
    if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > 1024) {
      throw new Error(`baseline shard count must be an integer from 1 to 1024, got ${shardCount}`);
    }
  }

  shardOf(key: string): number {
    return shardHash(key) % this.shardCount;
  }

  /** Every shard of the family, decoded; shards never written come back empty. */
  async load<T>(family: string): Promise<BaselineShard<T>[]> {
    const shardIndexes = Array.from({ length: this.shardCount }, (_, index) => index);
    const packed = await this.loadPacked<T>(family, shardIndexes);
    return packed.map((shard) => {
      const entries = new Map<string, T>();
      for (const line of shard.encodeLines(shard.foldedThroughWindow, keepAll<T>())) {
        const { key, entry } = parseLine<T>(line);
        entries.set(key, entry);
      }
      return {
        shardIndex: shard.shardIndex,
        foldedThroughWindow: shard.foldedThroughWindow,
        entries,
      };
    });
  }

  /**
   * The named shards of the family, entries still encoded. Few shards are read with one range
   * query each; many with one query of the whole family.
   */
  async loadPacked<T>(family: string, shardIndexes: Iterable<number>): Promise<PackedShard<T>[]> {
    const wanted = [...new Set(shardIndexes)].sort((a, b) => a - b);
    for (const shardIndex of wanted) this.checkShardIndex(shardIndex);
    const groups = new Map<string, Record<string, unknown>[]>();
    const filters =
      wanted.length * 4 > this.shardCount
        ? [odata`PartitionKey eq ${family}`]
        : wanted.map((shardIndex) => shardRangeFilter(family, shardIndex));
    for (const filter of filters) {
      for await (const entity of this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
      })) {
        const prefix = rowKeyPrefixOf(entity.rowKey as string);
        const group = groups.get(prefix) ?? [];
        group.push(entity);
        groups.set(prefix, group);
      }
    }
    return wanted.map((shardIndex) =>
      decodeShard<T>(shardIndex, groups.get(shardPrefixOf(shardIndex)) ?? []),
    );
  }

  async save<T>(family: string, shard: BaselineShard<T>): Promise<void> {
    await this.saveAll(family, [shard]);
  }

  /**
   * Saves fully decoded shards of one family, each entry marked as written at its fold, over
   * whatever is stored: for seeding and tools. Evaluators save with `savePacked`.
   */
  async saveAll<T>(family: string, shards: readonly BaselineShard<T>[]): Promise<void> {
    await this.writeShards(
      family,
      shards.map((shard) => ({
        shardIndex: shard.shardIndex,
        foldedThroughWindow: shard.foldedThroughWindow,
        bytes: gzipLines(
          [...shard.entries].map(
            ([key, entry]) =>
              `${JSON.stringify(key)}\t${shard.foldedThroughWindow}\t${JSON.stringify(entry)}`,
          ),
        ),
      })),
    );
  }

  /**
   * Saves packed shards: changed entries and revisited ones are re-encoded, the rest copied. A
   * shard is saved only if nobody has saved it since it was loaded; otherwise the save throws
   * BaselineConflictError, and the shards of the refused transaction are left as they were.
   */
  async savePacked<T>(
    family: string,
    shards: readonly PackedShard<T>[],
    revisit: ShardRevisit<T>,
  ): Promise<void> {
    await this.writeShards(
      family,
      shards.map((shard) => ({
        shardIndex: shard.shardIndex,
        foldedThroughWindow: shard.foldedThroughWindow,
        bytes: shard.encode(shard.foldedThroughWindow, revisit),
        etag: shard.etag,
      })),
    );
  }

  /**
   * Shards share a partition key, so while they are small they go in one transaction: a small
   * deployment pays one write per window, not one per shard.
   */
  private async writeShards(family: string, shards: readonly EncodedShard[]): Promise<void> {
    if (shards.length === 0) return;
    const packed = shards.map((shard) => ({
      shard,
      entities: packEntities(family, shardPrefixOf(shard.shardIndex), shard.bytes, {
        foldedThroughWindow: String(shard.foldedThroughWindow),
        format: LINES_FORMAT,
      }),
    }));
    let pending: typeof packed = [];
    const flush = async () => {
      const written = pending;
      pending = [];
      if (written.length > 0) await this.writeConditionally(family, written);
    };
    for (const next of packed) {
      const together = [...pending, next];
      const entities = together.reduce((total, { entities }) => total + entities.length, 0);
      if (!fitsOneTransaction(entities, byteLengthOf(together))) await flush();
      pending.push(next);
    }
    await flush();
  }

  /**
   * Writes shards whose first chunk is conditioned on the ETag it was loaded with: every save
   * rewrites a shard's first chunk, so a stale writer fails there, before it wrote anything.
   */
  private async writeConditionally(
    family: string,
    written: readonly { shard: EncodedShard; entities: PackedEntity[] }[],
  ): Promise<void> {
    const etags = new Map<string, string | null>();
    for (const { shard } of written) {
      if (shard.etag !== undefined) etags.set(firstChunkRowKey(shard.shardIndex), shard.etag);
    }
    const entities = written.flatMap(({ entities }) => entities);
    try {
      await writePacked(this.table, entities, byteLengthOf(written), etags);
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      const shardIndexes = written.map(({ shard }) => shard.shardIndex);
      throw new BaselineConflictError(family, shardIndexes, error);
    }
  }

  private checkShardIndex(shardIndex: number): void {
    if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= this.shardCount) {
      throw new Error(
        `baseline shard index must be an integer from 0 to ${this.shardCount - 1}, got ${shardIndex}`,
      );
    }
  }
}

/**
 * A baseline save refused because another writer saved one of its shards after they were
 * loaded: the saver's view of the baselines is stale. None of the named shards was written.
 */
export class BaselineConflictError extends Error {
  constructor(
    readonly family: string,
    readonly shardIndexes: readonly number[],
    cause: unknown,
  ) {
    const which =
      shardIndexes.length === 1
        ? `shard ${shardIndexes[0]} was saved by another writer after it was loaded (expected the ETag it was loaded with); it was not written`
        : `of shards ${shardIndexes.join(", ")}, saved together, another writer saved one after it was loaded (expected the ETags they were loaded with); none was written`;
    super(`save of baseline family ${family} refused: ${which}`, { cause });
    this.name = "BaselineConflictError";
  }
}

interface EncodedShard {
  shardIndex: number;
  foldedThroughWindow: number;
  bytes: Buffer;
  /** The first chunk's ETag when loaded, null when it did not exist; absent to save regardless. */
  etag?: string | null;
}

function byteLengthOf(shards: readonly { shard: EncodedShard }[]): number {
  return shards.reduce((total, { shard }) => total + shard.bytes.length, 0);
}

const LINES_FORMAT = "lines-1";
/** The entry text of a line that drops its key; baseline entries are never null themselves. */
const TOMBSTONE = "null";
function keepAll<T>(): ShardRevisit<T> {
  return { beforeWindow: -Infinity, prune: (entry) => entry };
}

/** Text is gzipped in slices so that no single string has to hold a whole shard. */
const LINES_PER_GZIP_MEMBER = 20_000;

/** Concatenated gzip members, one per slice of lines; gunzip reads them as one stream. */
function gzipLines(lines: readonly string[]): Buffer {
  const members: Buffer[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_GZIP_MEMBER) {
    const text = lines.slice(start, start + LINES_PER_GZIP_MEMBER).join("\n") + "\n";
    // Level 1: baselines are rewritten often, and compressing was most of a window's cost.
    members.push(gzipSync(text, { level: 1 }));
  }
  // An empty shard is still a gzip stream, so that it reads back as no lines.
  return members.length > 0 ? Buffer.concat(members) : gzipSync("");
}

function parseLine<T>(line: string): { key: string; entry: T } {
  const firstTab = line.indexOf("\t");
  const secondTab = line.indexOf("\t", firstTab + 1);
  return {
    key: JSON.parse(line.slice(0, firstTab)) as string,
    entry: JSON.parse(line.slice(secondTab + 1)) as T,
  };
}

function decodeShard<T>(shardIndex: number, chunks: Record<string, unknown>[]): PackedShard<T> {
  const first = chunks.find((chunk) => chunk.chunkIndex === 0);
  const foldedThroughWindow = first ? Number(first.foldedThroughWindow) : -1;
  const etag = first ? String(first.etag) : null;
  // Chunks of one save share foldedThroughWindow; a mix means a save was interrupted.
  const bytes = unpackEntities(
    chunks,
    (chunk) => Number(chunk.foldedThroughWindow) === foldedThroughWindow,
  );
  if (!bytes) return new PackedShard<T>(shardIndex, -1, etag, new Map());
  const stored = new Map<string, string>();
  if (first?.format === LINES_FORMAT) {
    let lines = 0;
    forEachLine(gunzipSync(bytes), (line) => {
      lines += 1;
      const firstTab = line.indexOf("\t");
      const encodedKey = line.slice(0, firstTab);
      const rest = line.slice(firstTab + 1);
      if (rest.endsWith(`\t${TOMBSTONE}`)) stored.delete(encodedKey);
      else stored.set(encodedKey, rest);
    });
    return new PackedShard<T>(
      shardIndex,
      foldedThroughWindow,
      etag,
      stored,
      Buffer.from(bytes),
      lines,
    );
  } else {
    // Shards saved before the line format: one JSON array of [key, entry] pairs.
    const entries = JSON.parse(gunzipSync(bytes).toString("utf8")) as [string, T][];
    for (const [key, entry] of entries) {
      stored.set(JSON.stringify(key), `${foldedThroughWindow}\t${JSON.stringify(entry)}`);
    }
  }
  return new PackedShard<T>(shardIndex, foldedThroughWindow, etag, stored);
}

/** Calls `visit` for each non-empty line, decoding the bytes a slice at a time. */
function forEachLine(bytes: Buffer, visit: (line: string) => void): void {
  const SLICE_BYTES = 8 * 1024 * 1024;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, Math.min(start + SLICE_BYTES, bytes.length - 1));
    if (end < 0) end = bytes.length;
    for (const line of bytes.toString("utf8", start, end).split("\n")) if (line) visit(line);
    start = end + 1;
  }
}

function shardPrefixOf(shardIndex: number): string {
  return `shard-${String(shardIndex).padStart(4, "0")}`;
}

function firstChunkRowKey(shardIndex: number): string {
  return chunkRowKey(shardPrefixOf(shardIndex), 0);
}

/** The chunk entities of one shard: RowKeys `shard-NNNN~0000` and up. */
function shardRangeFilter(family: string, shardIndex: number): string {
  const prefix = shardPrefixOf(shardIndex);
  return odata`PartitionKey eq ${family} and RowKey ge ${`${prefix}~`} and RowKey lt ${`${prefix}~~`}`;
}

/** A stable spread of keys over shards; md5 is used for distribution only, not security. */
function shardHash(text: string): number {
  return createHash("md5").update(text).digest().readUInt32BE(0);
}
