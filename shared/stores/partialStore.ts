import { odata, type TableClient } from "@azure/data-tables";
import { decodeAggregate, encodeAggregate } from "../aggregation/aggregateCodec.js";
import {
  emptyAggregate,
  mergeAggregates,
  type WindowAggregate,
} from "../aggregation/windowAggregate.js";
import { windowIdOf } from "../windows/window.js";
import { seqKey, type BatchIdentity, type BatchLedger } from "./batchLedger.js";
import { packEntities, rowKeyPrefixOf, unpackEntities, writePacked } from "./packedEntities.js";

export interface MergedWindow {
  aggregate: WindowAggregate;
  /** Partials that were merged. */
  partials: number;
  /** Partials left behind by interrupted batches, ignored. */
  ignoredPartials: number;
}

/**
 * Partial aggregates: what one batch saw of one window. Each partial is keyed by its batch
 * (partition and first sequence number), so a redelivered batch overwrites its own partial
 * instead of adding a second one.
 */
export class PartialStore {
  constructor(
    private readonly table: TableClient,
    private readonly ledger: BatchLedger,
  ) {}

  async write(batch: BatchIdentity, aggregate: WindowAggregate): Promise<void> {
    const bytes = encodeAggregate(aggregate);
    const entities = packEntities(
      windowIdOf(aggregate.windowIndex),
      partialPrefixOf(batch),
      bytes,
      {
        lastSeq: String(batch.lastSeq),
      },
    );
    await writePacked(this.table, entities, bytes.length);
  }

  /** Merges every committed partial of the window; uncommitted leftovers are counted and skipped. */
  async readWindow(windowIndex: number): Promise<MergedWindow> {
    const groups = await this.loadChunkGroups(windowIndex);
    const merged: MergedWindow = {
      aggregate: emptyAggregate(windowIndex),
      partials: 0,
      ignoredPartials: 0,
    };
    const commits = await this.commitsFor(groups);

    for (const [prefix, chunks] of groups) {
      const { partitionId, firstSeq } = parsePartialPrefix(prefix);
      const committedLastSeq = commits.get(partitionId)?.get(firstSeq);
      const bytes = unpackEntities(chunks, (chunk) => Number(chunk.lastSeq) === committedLastSeq);
      if (!bytes) {
        merged.ignoredPartials += 1;
        continue;
      }
      mergeAggregates(merged.aggregate, decodeAggregate(bytes));
      merged.partials += 1;
    }
    return merged;
  }

  private async loadChunkGroups(
    windowIndex: number,
  ): Promise<Map<string, Record<string, unknown>[]>> {
    const groups = new Map<string, Record<string, unknown>[]>();
    const entities = this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${windowIdOf(windowIndex)}` },
    });
    for await (const entity of entities) {
      const prefix = rowKeyPrefixOf(entity.rowKey as string);
      const group = groups.get(prefix) ?? [];
      group.push(entity);
      groups.set(prefix, group);
    }
    return groups;
  }

  private async commitsFor(
    groups: Map<string, unknown>,
  ): Promise<Map<string, Map<number, number>>> {
    const ranges = new Map<string, { min: number; max: number }>();
    for (const prefix of groups.keys()) {
      const { partitionId, firstSeq } = parsePartialPrefix(prefix);
      const range = ranges.get(partitionId) ?? { min: firstSeq, max: firstSeq };
      ranges.set(partitionId, {
        min: Math.min(range.min, firstSeq),
        max: Math.max(range.max, firstSeq),
      });
    }
    const commits = new Map<string, Map<number, number>>();
    for (const [partitionId, range] of ranges) {
      commits.set(partitionId, await this.ledger.commitsBetween(partitionId, range.min, range.max));
    }
    return commits;
  }
}

function partialPrefixOf(batch: BatchIdentity): string {
  return `${batch.partitionId}|${seqKey(batch.firstSeq)}`;
}

function parsePartialPrefix(prefix: string): { partitionId: string; firstSeq: number } {
  const cut = prefix.lastIndexOf("|");
  return { partitionId: prefix.slice(0, cut), firstSeq: Number(prefix.slice(cut + 1)) };
}
