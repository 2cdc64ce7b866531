import { createHash, randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { odata, type TableClient } from "@azure/data-tables";
import { isWriteConflict } from "./tableErrors.js";
import {
  chunkRowKey,
  dataPartsOf,
  dataPropertiesOf,
  fitsOneTransaction,
  type PackedEntity,
  rowKeyPrefixOf,
  unpackEntities,
  writePacked,
} from "./packedEntities.js";
import {
  lineLength,
  PackedShard,
  type ShardRevisit,
  type ShardWrite,
  type StoredLines,
  TOMBSTONE,
} from "./packedShard.js";

/** A slice of one detector family's baselines with every entry decoded. */
export interface BaselineShard<T> {
  shardIndex: number;
  /** The newest window folded into this shard; -1 before the first. Makes folding idempotent. */
  foldedThroughWindow: number;
  entries: Map<string, T>;
}

/**
 * Baselines packed many keys per entity. A shard is gzip-compressed text, one line per key:
 * `JSON key \t window last written \t JSON entry`; a later line of a key supersedes an earlier
 * one, and an entry `null` drops the key. Its head entity names the data chunks after it: a base,
 * then the chunks each save appended (see PackedShard.prepareSave).
 *
 * A window's keys reach nearly every shard, so the store keeps the shards it saved in memory and
 * reads a shard again only when its head shows another writer saved it since. A window then reads
 * the heads and writes its changed lines: Table operations and bytes grow with the window's keys,
 * not with every key the baselines remember or with how long they have been kept.
 */
/**
 * Characters of saved baseline lines kept between windows: about 128 MB of strings. Past it the
 * least recently saved shards are dropped and read again in full when next loaded, so memory
 * stays bounded however many keys the baselines remember; the soak benchmark passed 1 GB at
 * ten times normal volume with every shard kept.
 */
export const MAX_KEPT_CHARS = 64 * 1024 * 1024;

/** Saved shards by key, least recently saved or viewed first, within a budget of characters. */
class KeptShards {
  private readonly shards = new Map<string, KeptShard>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): KeptShard | undefined {
    return this.shards.get(key);
  }

  /**
   * Marks the shard as the most recently used: a window's detection touches the shards it is about
   * to fold, so that saving one family pushes out shards no key of the window is in before those
   * the next family will load.
   */
  touch(key: string): void {
    const kept = this.shards.get(key);
    if (!kept) return;
    this.shards.delete(key);
    this.shards.set(key, kept);
  }

  set(key: string, shard: Omit<KeptShard, "chars">): void {
    this.delete(key);
    const chars = shard.stored.liveChars;
    this.shards.set(key, { ...shard, chars });
    this.chars += chars;
    for (const oldest of this.shards.keys()) {
      if (this.chars <= this.maxChars || oldest === key) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const kept = this.shards.get(key);
    if (!kept) return;
    this.shards.delete(key);
    this.chars -= kept.chars;
  }
}

/**
 * Shards read for detection, kept until the fold takes them: decoded while their lines fit a
 * budget of characters, then as their compressed chunks, which gzip makes several times smaller,
 * within a budget of bytes, the oldest dropped first. Past both, the fold reads them again.
 */
class ViewedShards {
  private readonly lines = new Map<string, { etag: string; stored: StoredLines }>();
  private linesChars = 0;
  private readonly chunks = new Map<string, { etag: string; chunks: Chunk[]; bytes: number }>();
  private chunksBytes = 0;

  constructor(
    private readonly maxChars: number,
    private readonly maxBytes: number,
  ) {}

  set(key: string, etag: string, stored: StoredLines | null, chunks: Chunk[]): void {
    this.drop(key);
    if (stored && this.linesChars + stored.liveChars <= this.maxChars) {
      this.lines.set(key, { etag, stored });
      this.linesChars += stored.liveChars;
      return;
    }
    const bytes = chunks.reduce((total, chunk) => total + dataBytesOf(chunk), 0);
    this.chunks.set(key, { etag, chunks, bytes });
    this.chunksBytes += bytes;
    for (const oldest of this.chunks.keys()) {
      if (this.chunksBytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** What was kept of `key` when it is of the version `etag`; either way it is let go. */
  take(key: string, etag: string): { stored: StoredLines } | { chunks: Chunk[] } | undefined {
    const viewed = this.lines.get(key) ?? this.chunks.get(key);
    this.drop(key);
    return viewed?.etag === etag ? viewed : undefined;
  }

  private drop(key: string): void {
    const lines = this.lines.get(key);
    if (lines) {
      this.lines.delete(key);
      this.linesChars -= lines.stored.liveChars;
    }
    const chunks = this.chunks.get(key);
    if (chunks) {
      this.chunks.delete(key);
      this.chunksBytes -= chunks.bytes;
    }
  }
}

type Chunk = Record<string, unknown>;

function dataBytesOf(chunk: Chunk): number {
  return dataPartsOf(chunk).reduce((total, part) => total + part.length, 0);
}

interface KeptShard {
  writeId: string;
  stored: StoredLines;
  /** `stored.liveChars` when it was kept: the budget's own count, whatever happens to `stored`. */
  chars: number;
}

export class BaselineStore {
  /** Shards this store saved last, by `familyShardKey`, with the writeId of that save. */
  private readonly kept: KeptShards;
  /** Shards `viewPacked` read from Table, by `familyShardKey`, until `loadPacked` takes them. */
  private readonly viewed: ViewedShards;
  /**
   * Characters of stored lines in one group of `groupsOf`: half the budget of kept lines. A
   * window's keys reach nearly every shard, so an evaluator holding a whole family, or every
   * family from load to save, would hold every baseline the deployment remembers.
   */
  readonly maxHeldChars: number;

  constructor(
    private readonly table: TableClient,
    readonly shardCount: number,
    maxKeptChars = MAX_KEPT_CHARS,
  ) {
    if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > 1024) {
      throw new Error(`baseline shard count must be an integer from 1 to 1024, got ${shardCount}`);
    }
    this.kept = new KeptShards(maxKeptChars);
    this.viewed = new ViewedShards(maxKeptChars / 2, maxKeptChars / 2);
    this.maxHeldChars = maxKeptChars / 2;
  }

  shardOf(key: string): number {
    return shardHash(key) % this.shardCount;
  }

  /** Every shard of the family, decoded; shards never written come back empty. */
  async load<T>(family: string): Promise<BaselineShard<T>[]> {
    const shardIndexes = Array.from({ length: this.shardCount }, (_, index) => index);
    const packed = await this.readShards<T>(
      family,
      shardIndexes,
      await this.loadHeads(family),
      "load",
    );
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
   * The head of every saved shard of the family: one query, no data. Pass it to `viewPacked` and
   * `loadPacked` to read the shards as they were when it was taken.
   */
  async readHeads(family: string): Promise<ShardHeads> {
    return { family, heads: await this.loadHeads(family) };
  }

  /**
   * The named shards, in groups of at most `maxHeldChars` stored characters, superseded lines
   * included (a bigger shard is a group of its own), so that a caller holding one group at a time
   * holds a bounded share of the family however many keys it remembers. A shard last saved by
   * code that did not record its size counts as empty until its next save.
   */
  groupsOf(heads: ShardHeads, shardIndexes: Iterable<number>): number[][] {
    const maxChars = this.maxHeldChars;
    const groups: number[][] = [];
    let group: number[] = [];
    let chars = 0;
    for (const shardIndex of this.wantedOf(shardIndexes)) {
      const shardChars = heads.heads.get(shardIndex)?.storedChars ?? 0;
      if (group.length > 0 && chars + shardChars > maxChars) {
        groups.push(group);
        group = [];
        chars = 0;
      }
      group.push(shardIndex);
      chars += shardChars;
    }
    if (group.length > 0) groups.push(group);
    return groups;
  }

  /**
   * The named shards as of `heads`, to read and never to save: the saved lines this store keeps
   * stay kept, and a shard read from Table is held apart from them, within budgets, for
   * `loadPacked` to take without reading or decoding it again. Keeping it with the saved lines
   * would push out shards saved earlier in the same window, which the next window wants.
   */
  async viewPacked<T>(
    family: string,
    shardIndexes: Iterable<number>,
    heads: ShardHeads,
  ): Promise<PackedShard<T>[]> {
    const wanted = this.wantedOf(shardIndexes);
    return this.readShards<T>(family, wanted, this.headsOf(family, heads), "view");
  }

  /**
   * The named shards of the family, entries still encoded, for the caller to change and save.
   * Given `heads`, the shards are those versions: a shard saved by another writer since is
   * refused with BaselineConflictError, as saving over it would be.
   */
  async loadPacked<T>(
    family: string,
    shardIndexes: Iterable<number>,
    heads?: ShardHeads,
  ): Promise<PackedShard<T>[]> {
    const wanted = this.wantedOf(shardIndexes);
    const known = heads ? this.headsOf(family, heads) : await this.loadHeads(family);
    const shards = await this.readShards<T>(family, wanted, known, heads ? "expect" : "load");
    // The lines are the caller's until it saves them: a shard it never saves is read again.
    for (const shardIndex of wanted) this.kept.delete(familyShardKey(family, shardIndex));
    return shards;
  }

  async save<T>(family: string, shard: BaselineShard<T>): Promise<void> {
    await this.saveAll(family, [shard]);
  }

  /**
   * Saves fully decoded shards of one family, each entry marked as written at its fold, over
   * whatever is stored: for seeding and tools. Evaluators save with `savePacked`.
   */
  async saveAll<T>(family: string, shards: readonly BaselineShard<T>[]): Promise<void> {
    const writes = shards.map((decoded) => {
      this.kept.delete(familyShardKey(family, decoded.shardIndex));
      const shard = new PackedShard<T>(decoded.shardIndex, decoded.foldedThroughWindow, null);
      for (const [key, entry] of decoded.entries) shard.set(key, entry);
      const write = shard.prepareSave(shard.foldedThroughWindow, keepAll<T>(), randomUUID());
      return toShardEntities(family, shard, write, undefined);
    });
    await this.writeShards(family, writes, () => {});
  }

  /**
   * Saves packed shards: changed entries are appended, or the shard is rewritten with revisited
   * entries re-encoded and the rest copied. A shard is saved only if nobody has saved it since it
   * was loaded; otherwise the save throws BaselineConflictError, and the shards of the refused
   * transaction are left as they were.
   */
  async savePacked<T>(
    family: string,
    shards: readonly PackedShard<T>[],
    revisit: ShardRevisit<T>,
  ): Promise<void> {
    const writes = shards.map((shard) => {
      const write = shard.prepareSave(shard.foldedThroughWindow, revisit, randomUUID());
      return toShardEntities(family, shard, write, shard.etag);
    });
    await this.writeShards(family, writes, (write, writeId) => {
      const stored = write.shard.saved();
      this.kept.set(familyShardKey(family, write.shard.shardIndex), { writeId, stored });
    });
  }

  /**
   * The named shards, in order. A shard whose head still carries the writeId of this store's last
   * save of it is built from the kept lines; the others are read, a few with one range query
   * each, many with one query of the range they span. `view` holds what it read for the load
   * that follows; `expect` refuses a shard whose head changed since
   * `heads` was read.
   */
  private async readShards<T>(
    family: string,
    wanted: number[],
    heads: ReadonlyMap<number, ShardHead>,
    mode: "load" | "view" | "expect",
  ): Promise<PackedShard<T>[]> {
    if (wanted.length === 0) return [];
    const shards = new Map<number, PackedShard<T>>();
    const unread: number[] = [];
    for (const shardIndex of wanted) {
      const head = heads.get(shardIndex);
      const key = familyShardKey(family, shardIndex);
      const kept = this.kept.get(key);
      const viewed = head && mode !== "view" ? this.viewed.take(key, head.etag) : undefined;
      if (!head) shards.set(shardIndex, new PackedShard<T>(shardIndex, -1, null));
      else if (kept && kept.writeId === head.writeId) {
        if (mode === "view") this.kept.touch(key);
        shards.set(
          shardIndex,
          new PackedShard<T>(shardIndex, head.foldedThroughWindow, head.etag, kept.stored),
        );
      } else if (viewed && "stored" in viewed) {
        shards.set(
          shardIndex,
          new PackedShard<T>(shardIndex, head.foldedThroughWindow, head.etag, viewed.stored),
        );
      } else if (viewed) shards.set(shardIndex, decodeShard<T>(shardIndex, viewed.chunks));
      else unread.push(shardIndex);
    }
    const chunksOf = await this.loadChunks(family, unread);
    for (const shardIndex of unread) {
      const chunks = chunksOf.get(shardPrefixOf(shardIndex));
      const shard = decodeShard<T>(shardIndex, chunks);
      const head = heads.get(shardIndex)!;
      if (mode === "expect" && shard.etag !== head.etag) {
        throw new BaselineConflictError(family, [shardIndex], null);
      }
      if (mode === "view" && chunks && shard.etag === head.etag) {
        this.viewed.set(familyShardKey(family, shardIndex), head.etag, shard.storedLines(), chunks);
      }
      shards.set(shardIndex, shard);
    }
    return wanted.map((shardIndex) => shards.get(shardIndex)!);
  }

  private wantedOf(shardIndexes: Iterable<number>): number[] {
    const wanted = [...new Set(shardIndexes)].sort((a, b) => a - b);
    for (const shardIndex of wanted) this.checkShardIndex(shardIndex);
    return wanted;
  }

  private headsOf(family: string, heads: ShardHeads): ReadonlyMap<number, ShardHead> {
    if (heads.family !== family) {
      throw new Error(`shard heads of family ${heads.family} were given to read family ${family}`);
    }
    return heads.heads;
  }

  /** The head of every saved shard of the family, without data. */
  private async loadHeads(family: string): Promise<Map<number, ShardHead>> {
    const heads = new Map<number, ShardHead>();
    const entities = this.table.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: odata`PartitionKey eq ${family} and chunkIndex eq 0`,
        select: ["RowKey", "foldedThroughWindow", "writeId", "storedChars"],
      },
    });
    for await (const entity of entities) {
      const shardIndex = shardIndexOf(rowKeyPrefixOf(entity.rowKey as string));
      if (shardIndex === null) continue;
      heads.set(shardIndex, {
        etag: String(entity.etag),
        foldedThroughWindow: Number(entity.foldedThroughWindow),
        writeId: typeof entity.writeId === "string" ? entity.writeId : null,
        storedChars: Number(entity.storedChars ?? 0) || 0,
      });
    }
    return heads;
  }

  /** Every chunk of the named shards, by shard prefix. */
  private async loadChunks(
    family: string,
    shardIndexes: readonly number[],
  ): Promise<Map<string, Record<string, unknown>[]>> {
    const groups = new Map<string, Record<string, unknown>[]>();
    if (shardIndexes.length === 0) return groups;
    const first = Math.min(...shardIndexes);
    const last = Math.max(...shardIndexes);
    const filters =
      shardIndexes.length * 4 > last - first + 1 || shardIndexes.length > 8
        ? [shardsRangeFilter(family, first, last)]
        : shardIndexes.map((shardIndex) => shardsRangeFilter(family, shardIndex, shardIndex));
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
    return groups;
  }

  /**
   * Shards share a partition key, so while they are small they go in one transaction: a small
   * deployment pays one write per window, not one per shard. `onWritten` sees each shard once
   * its transaction is written, with the writeId its head now carries.
   */
  private async writeShards<T>(
    family: string,
    writes: readonly EncodedShard<T>[],
    onWritten: (write: EncodedShard<T>, writeId: string) => void,
  ): Promise<void> {
    let pending: EncodedShard<T>[] = [];
    const flush = async () => {
      const written = pending;
      pending = [];
      if (written.length === 0) return;
      const writeId = await this.writeConditionally(family, written);
      for (const write of written) onWritten(write, writeId);
    };
    for (const next of writes) {
      const together = [...pending, next];
      const entities = together.reduce((total, { entities }) => total + entities.length, 0);
      if (!fitsOneTransaction(entities, byteLengthOf(together))) await flush();
      pending.push(next);
    }
    await flush();
  }

  /**
   * Writes shards whose head is conditioned on the ETag it was loaded with: every save rewrites
   * a shard's head, and writes it first, so a stale writer fails there, before it wrote anything.
   */
  private async writeConditionally<T>(
    family: string,
    written: readonly EncodedShard<T>[],
  ): Promise<string> {
    const etags = new Map<string, string | null>();
    for (const { shard, etag } of written) {
      if (etag !== undefined) etags.set(chunkRowKey(shardPrefixOf(shard.shardIndex), 0), etag);
    }
    const entities = written.flatMap(({ entities }) => entities);
    try {
      return await writePacked(this.table, entities, byteLengthOf(written), etags);
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

/** A family's shard heads at one moment; see BaselineStore.readHeads. */
export interface ShardHeads {
  readonly family: string;
  readonly heads: ReadonlyMap<number, ShardHead>;
}

interface ShardHead {
  etag: string;
  foldedThroughWindow: number;
  /** The writeId of the conditional save that wrote the head; null when none did. */
  writeId: string | null;
  /** Characters of the shard's lines, superseded ones included; 0 when the head does not say. */
  storedChars: number;
}

interface EncodedShard<T> {
  shard: PackedShard<T>;
  entities: PackedEntity[];
  byteLength: number;
  /** The head's ETag when loaded, null when it did not exist; undefined to save regardless. */
  etag: string | null | undefined;
}

function byteLengthOf<T>(writes: readonly EncodedShard<T>[]): number {
  return writes.reduce((total, { byteLength }) => total + byteLength, 0);
}

/** The head, which every save rewrites, then the data chunks the save fills. */
function toShardEntities<T>(
  family: string,
  shard: PackedShard<T>,
  write: ShardWrite,
  etag: string | null | undefined,
): EncodedShard<T> {
  const prefix = shardPrefixOf(shard.shardIndex);
  const { log } = write;
  const common = { partitionKey: family, chunkCount: 1 + log.chunks, generation: log.generation };
  const head: PackedEntity = {
    ...common,
    rowKey: chunkRowKey(prefix, 0),
    chunkIndex: 0,
    format: LOG_FORMAT,
    foldedThroughWindow: String(shard.foldedThroughWindow),
    baseChunks: log.baseChunks,
    storedChars: log.chars,
  };
  const data = write.bytes.length > 0 ? dataPropertiesOf(write.bytes) : [];
  const chunks = data.map((properties, offset) => ({
    ...common,
    rowKey: chunkRowKey(prefix, write.firstChunk + offset),
    chunkIndex: write.firstChunk + offset,
    ...properties,
  }));
  return { shard, entities: [head, ...chunks], byteLength: write.bytes.length, etag };
}

/** Heads name their data chunks and their generation; chunks hold gzip members in order. */
const LOG_FORMAT = "lines-2";
/** Every chunk, the head included, written by one save: read only, saved again as LOG_FORMAT. */
const LINES_FORMAT = "lines-1";

function keepAll<T>(): ShardRevisit<T> {
  return { beforeWindow: -Infinity, prune: (entry) => entry };
}

function parseLine<T>(line: string): { key: string; entry: T } {
  const firstTab = line.indexOf("\t");
  const secondTab = line.indexOf("\t", firstTab + 1);
  return {
    key: JSON.parse(line.slice(0, firstTab)) as string,
    entry: JSON.parse(line.slice(secondTab + 1)) as T,
  };
}

/** A shard from its chunks; a shard never saved, or cut short by an interrupted save, is empty. */
function decodeShard<T>(
  shardIndex: number,
  chunks: readonly Record<string, unknown>[] = [],
): PackedShard<T> {
  const head = chunks.find((chunk) => chunk.chunkIndex === 0);
  const etag = head ? String(head.etag) : null;
  const stored = head ? storedLinesOf(head, chunks) : null;
  if (!head || !stored) return new PackedShard<T>(shardIndex, -1, etag);
  return new PackedShard<T>(shardIndex, Number(head.foldedThroughWindow), etag, stored);
}

function storedLinesOf(
  head: Record<string, unknown>,
  chunks: readonly Record<string, unknown>[],
): StoredLines | null {
  if (head.format === LOG_FORMAT) return logLinesOf(head, chunks);
  // Chunks of one save share foldedThroughWindow; a mix means a save was interrupted.
  const bytes = unpackEntities(
    chunks,
    (chunk) => chunk.foldedThroughWindow === head.foldedThroughWindow,
  );
  if (!bytes) return null;
  if (head.format === LINES_FORMAT) return { ...readLines(gunzipSync(bytes)), log: null };
  // Shards saved before the line format: one JSON array of [key, entry] pairs.
  const lines = new Map<string, string>();
  const entries = JSON.parse(gunzipSync(bytes).toString("utf8")) as [string, unknown][];
  for (const [key, entry] of entries) {
    lines.set(JSON.stringify(key), `${String(head.foldedThroughWindow)}\t${JSON.stringify(entry)}`);
  }
  return { lines, liveChars: liveCharsOf(lines), log: null };
}

/** The lines of a LOG_FORMAT shard; null when a chunk is missing or from another save. */
function logLinesOf(
  head: Record<string, unknown>,
  chunks: readonly Record<string, unknown>[],
): StoredLines | null {
  const generation = String(head.generation);
  const chunkCount = Number(head.chunkCount);
  const byIndex = new Map(chunks.map((chunk) => [Number(chunk.chunkIndex), chunk]));
  const parts: Uint8Array[] = [];
  for (let chunkIndex = 1; chunkIndex < chunkCount; chunkIndex++) {
    const chunk = byIndex.get(chunkIndex);
    if (chunk?.generation !== generation) return null;
    parts.push(...dataPartsOf(chunk));
  }
  const bytes = Buffer.concat(parts);
  const { lines, liveChars, lineCount, chars } = readLines(
    bytes.length > 0 ? gunzipSync(bytes) : bytes,
  );
  const baseChunks = Number(head.baseChunks);
  const log = { generation, chunks: chunkCount - 1, baseChunks, lines: lineCount, chars };
  return { lines, liveChars, log };
}

/** Lines applied in order, each superseding the key's earlier one, with what they cost. */
function readLines(bytes: Buffer): Omit<StoredLines, "log"> & { lineCount: number; chars: number } {
  const lines = new Map<string, string>();
  let lineCount = 0;
  let chars = 0;
  forEachLine(bytes, (encodedKey, rest) => {
    lineCount += 1;
    chars += lineLength(encodedKey, rest);
    if (rest.endsWith(`\t${TOMBSTONE}`)) lines.delete(encodedKey);
    else lines.set(encodedKey, rest);
  });
  return { lines, liveChars: liveCharsOf(lines), lineCount, chars };
}

function liveCharsOf(lines: ReadonlyMap<string, string>): number {
  let chars = 0;
  for (const [encodedKey, rest] of lines) chars += lineLength(encodedKey, rest);
  return chars;
}

/**
 * Calls `visit` with the key and the rest of each non-empty line, up to and after its first tab.
 * Each is decoded from the bytes on its own: V8 makes a substring of a longer string a view that
 * keeps the whole of it alive, so lines cut from a decoded slice of the shard kept that slice,
 * superseded lines included, for as long as the store kept any line of it.
 */
function forEachLine(bytes: Buffer, visit: (encodedKey: string, rest: string) => void): void {
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      const tab = bytes.indexOf(0x09, start);
      if (tab < 0 || tab > end) {
        throw new Error(
          `baseline shard line at byte ${start} has no tab after its key; expected "key\twindow\tentry"`,
        );
      }
      visit(bytes.toString("utf8", start, tab), bytes.toString("utf8", tab + 1, end));
    }
    start = end + 1;
  }
}

function familyShardKey(family: string, shardIndex: number): string {
  return `${family}\u0000${shardIndex}`;
}

function shardPrefixOf(shardIndex: number): string {
  return `shard-${String(shardIndex).padStart(4, "0")}`;
}

function shardIndexOf(prefix: string): number | null {
  const match = /^shard-(\d{4})$/.exec(prefix);
  return match ? Number(match[1]) : null;
}

/** The chunk entities of shards `first` to `last`: RowKeys `shard-NNNN~0000` and up. */
function shardsRangeFilter(family: string, first: number, last: number): string {
  const from = `${shardPrefixOf(first)}~`;
  const to = `${shardPrefixOf(last)}~~`;
  return odata`PartitionKey eq ${family} and RowKey ge ${from} and RowKey lt ${to}`;
}

/** A stable spread of keys over shards; md5 is used for distribution only, not security. */
function shardHash(text: string): number {
  return createHash("md5").update(text).digest().readUInt32BE(0);
}
