import { createHash } from "node:crypto";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { RecordRejection } from "../parsing/recordRejection.js";

const MAX_TRANSACTION_ENTITIES = 100;
/** Table strings hold 64 KiB of UTF-16, so 32K characters at most. */
const MAX_STRING_CHARS = 32_000;

export type DeadLetterKind = "rejected" | "late";

export interface DeadLetter extends RecordRejection {
  kind: DeadLetterKind;
}

/**
 * Records that were not counted, with the reason, so nothing is dropped silently. The row key is
 * a hash of source and content: a redelivered batch rewrites its dead letters instead of adding
 * copies.
 */
export class DeadLetterStore {
  constructor(private readonly table: TableClient) {}

  /** Writes dead letters grouped under `partitionKey` (the Event Hubs partition or the replay). */
  async write(partitionKey: string, letters: readonly DeadLetter[]): Promise<void> {
    const safePartitionKey = toKeySafe(partitionKey);
    const unique = new Map<string, TransactionAction>();
    for (const letter of letters) {
      const rowKey = createHash("sha256")
        .update(`${letter.kind}\u001f${letter.source}\u001f${letter.raw}`)
        .digest("hex");
      unique.set(rowKey, [
        "upsert",
        {
          partitionKey: safePartitionKey,
          rowKey,
          kind: letter.kind,
          field: letter.field.slice(0, 1_000),
          reason: letter.reason.slice(0, 4_000),
          source: letter.source.slice(0, 1_000),
          raw: letter.raw.slice(0, MAX_STRING_CHARS),
        },
        "Replace",
      ]);
    }
    const actions = [...unique.values()];
    for (let start = 0; start < actions.length; start += MAX_TRANSACTION_ENTITIES) {
      await this.table.submitTransaction(actions.slice(start, start + MAX_TRANSACTION_ENTITIES));
    }
  }

  async list(partitionKey: string): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    for await (const letter of this.read(partitionKey)) letters.push(letter);
    return letters;
  }

  /**
   * Streams the dead letters under `partitionKey` as stored (texts cut as `write` cuts them), in
   * row-key order, a page at a time: a replay of a file in the wrong format has one per line.
   */
  async *read(partitionKey: string): AsyncGenerator<DeadLetter> {
    const entities = this.table.listEntities<DeadLetter>({
      queryOptions: { filter: `PartitionKey eq '${toKeySafe(partitionKey)}'` },
    });
    for await (const entity of entities) {
      yield {
        kind: entity.kind,
        field: entity.field,
        reason: entity.reason,
        source: entity.source,
        raw: entity.raw,
      };
    }
  }
}

/** Table keys may not hold `/ \ # ?` or control characters. */
function toKeySafe(key: string): string {
  // eslint-disable-next-line no-control-regex
  return key.replace(/[/\\#?\u0000-\u001f\u007f-\u009f']/g, "_");
}
