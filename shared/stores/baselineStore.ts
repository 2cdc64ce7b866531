import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { odata, type TableClient } from "@azure/data-tables";
import {
  fitsOneTransaction,
  packEntities,
  rowKeyPrefixOf,
  unpackEntities,
  writePacked,
} from "./packedEntities.js";

/** A slice of one detector family's baselines: many keys packed into a few entities. */
export interface BaselineShard<T> {
  shardIndex: number;
  /** The newest window folded into this shard; -1 before the first. Makes folding idempotent. */
  foldedThroughWindow: number;
  entries: Map<string, T>;
}

/**
 * Baselines packed many keys per entity: Table operations per window grow with the size of the
 * baselines (about one per 900 KiB compressed), not with the number of keys or events.
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

  /** Every shard of the family; shards never written come back empty. */
  async load<T>(family: string): Promise<BaselineShard<T>[]> {
    const groups = new Map<string, Record<string, unknown>[]>();
    const entities = this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${family}` },
    });
    for await (const entity of entities) {
      const prefix = rowKeyPrefixOf(entity.rowKey as string);
      groups.set(prefix, [...(groups.get(prefix) ?? []), entity]);
    }

    const shards: BaselineShard<T>[] = [];
    for (let shardIndex = 0; shardIndex < this.shardCount; shardIndex++) {
      shards.push(decodeShard<T>(shardIndex, groups.get(shardPrefixOf(shardIndex)) ?? []));
    }
    return shards;
  }

  async save<T>(family: string, shard: BaselineShard<T>): Promise<void> {
    await this.saveAll(family, [shard]);
  }

  /**
   * Saves shards of one family. They share a partition key, so while they are small they go in
   * one transaction: a small deployment pays one write per window, not one per shard.
   */
  async saveAll<T>(family: string, shards: readonly BaselineShard<T>[]): Promise<void> {
    if (shards.length === 0) return;
    const packed = shards.map((shard) => {
      const bytes = gzipSync(JSON.stringify([...shard.entries]));
      const entities = packEntities(family, shardPrefixOf(shard.shardIndex), bytes, {
        foldedThroughWindow: String(shard.foldedThroughWindow),
      });
      return { entities, byteLength: bytes.length };
    });
    const entities = packed.flatMap((shard) => shard.entities);
    const byteLength = packed.reduce((total, shard) => total + shard.byteLength, 0);
    if (fitsOneTransaction(entities.length, byteLength)) {
      await writePacked(this.table, entities, byteLength);
      return;
    }
    for (const shard of packed) await writePacked(this.table, shard.entities, shard.byteLength);
  }
}

function decodeShard<T>(shardIndex: number, chunks: Record<string, unknown>[]): BaselineShard<T> {
  const first = chunks.find((chunk) => chunk.chunkIndex === 0);
  const foldedThroughWindow = first ? Number(first.foldedThroughWindow) : -1;
  // Chunks of one save share foldedThroughWindow; a mix means a save was interrupted.
  const bytes = unpackEntities(
    chunks,
    (chunk) => Number(chunk.foldedThroughWindow) === foldedThroughWindow,
  );
  if (!bytes) return { shardIndex, foldedThroughWindow: -1, entries: new Map() };
  const entries = JSON.parse(gunzipSync(bytes).toString("utf8")) as [string, T][];
  return { shardIndex, foldedThroughWindow, entries: new Map(entries) };
}

function shardPrefixOf(shardIndex: number): string {
  return `shard-${String(shardIndex).padStart(4, "0")}`;
}

/** A stable spread of keys over shards; md5 is used for distribution only, not security. */
function shardHash(text: string): number {
  return createHash("md5").update(text).digest().readUInt32BE(0);
}
