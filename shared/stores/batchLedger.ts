import { odata, type TableClient } from "@azure/data-tables";
import { isNotFound } from "./tableErrors.js";

/**
 * One Event Hubs batch as ingest saw it: the partition and the sequence numbers of its first and
 * last event. Replays use a synthetic partition and record positions.
 */
export interface BatchIdentity {
  partitionId: string;
  firstSeq: number;
  lastSeq: number;
}

const PROGRESS_PARTITION = "progress";
const SEQ_DIGITS = 20;

/**
 * Remembers which batches were counted. Event Hubs redelivers after a crash, possibly with other
 * batch boundaries; ingest skips events at or below a partition's committed sequence number, and
 * the evaluator uses a partial only when a commit with the same first and last sequence number
 * exists, so a partial left behind by an interrupted batch is never counted.
 */
export class BatchLedger {
  constructor(private readonly table: TableClient) {}

  /** The last sequence number counted on the partition, or -1 when nothing was. */
  async committedThrough(partitionId: string): Promise<number> {
    try {
      const entity = await this.table.getEntity<{ lastSeq: string }>(
        PROGRESS_PARTITION,
        partitionId,
      );
      return Number(entity.lastSeq);
    } catch (error) {
      if (isNotFound(error)) return -1;
      throw error;
    }
  }

  /** Records the batch as counted; call only after all its partials are written. */
  async commit(batch: BatchIdentity): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: commitPartitionOf(batch.partitionId),
        rowKey: seqKey(batch.firstSeq),
        lastSeq: String(batch.lastSeq),
      },
      "Replace",
    );
    await this.table.upsertEntity(
      {
        partitionKey: PROGRESS_PARTITION,
        rowKey: batch.partitionId,
        lastSeq: String(batch.lastSeq),
      },
      "Replace",
    );
  }

  /** Committed batches of a partition whose first sequence number lies in the range, first → last. */
  async commitsBetween(
    partitionId: string,
    fromSeq: number,
    toSeq: number,
  ): Promise<Map<number, number>> {
    const commits = new Map<number, number>();
    const filter = odata`PartitionKey eq ${commitPartitionOf(partitionId)} and RowKey ge ${seqKey(fromSeq)} and RowKey le ${seqKey(toSeq)}`;
    const entities = this.table.listEntities<{ lastSeq: string }>({
      queryOptions: { filter, select: ["RowKey", "lastSeq"] },
    });
    for await (const entity of entities) commits.set(Number(entity.rowKey), Number(entity.lastSeq));
    return commits;
  }
}

export function seqKey(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, "0");
}

function commitPartitionOf(partitionId: string): string {
  return `commit-${partitionId}`;
}
