import { randomUUID } from "node:crypto";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { isNotFound, isWriteConflict } from "./tableErrors.js";

/**
 * Packs a byte string into Table entities. A Binary property holds at most 64 KiB and an entity
 * at most 1 MiB, so bytes go into properties of 63 KiB, and into as many entities as needed, each
 * RowKey suffixed with its chunk number. Ten properties per entity, not fifteen: Azurite measures
 * the 1 MiB limit on the base64 request body, which is a third larger than the bytes.
 */
export const BYTES_PER_PROPERTY = 63 * 1024;
export const PROPERTIES_PER_ENTITY = 10;
export const BYTES_PER_ENTITY = BYTES_PER_PROPERTY * PROPERTIES_PER_ENTITY;

export interface PackedEntity {
  partitionKey: string;
  rowKey: string;
  chunkIndex: number;
  chunkCount: number;
  [property: string]: unknown;
}

/** Splits `bytes` into entities `${rowKeyPrefix}~${n}`; `metadata` is copied onto every chunk. */
export function packEntities(
  partitionKey: string,
  rowKeyPrefix: string,
  bytes: Uint8Array,
  metadata: Record<string, string | number | boolean>,
): PackedEntity[] {
  const data = dataPropertiesOf(bytes);
  return data.map((properties, chunkIndex) => ({
    partitionKey,
    rowKey: chunkRowKey(rowKeyPrefix, chunkIndex),
    chunkIndex,
    chunkCount: data.length,
    ...metadata,
    ...properties,
  }));
}

/**
 * The data properties (`data0`, `data1`, …) of as many entities as `bytes` needs, at least one.
 * The parts are views of `bytes`, not copies.
 */
export function dataPropertiesOf(bytes: Uint8Array): Record<string, Uint8Array>[] {
  const entityCount = entityCountOf(bytes.length);
  const entities: Record<string, Uint8Array>[] = [];
  for (let entityIndex = 0; entityIndex < entityCount; entityIndex++) {
    const chunk = bytes.subarray(
      entityIndex * BYTES_PER_ENTITY,
      (entityIndex + 1) * BYTES_PER_ENTITY,
    );
    const properties: Record<string, Uint8Array> = {};
    for (let part = 0; part * BYTES_PER_PROPERTY < chunk.length; part++) {
      properties[`data${part}`] = chunk.subarray(
        part * BYTES_PER_PROPERTY,
        (part + 1) * BYTES_PER_PROPERTY,
      );
    }
    entities.push(properties);
  }
  return entities;
}

/** Entities `dataPropertiesOf` fills with `byteLength` bytes. */
export function entityCountOf(byteLength: number): number {
  return Math.max(1, Math.ceil(byteLength / BYTES_PER_ENTITY));
}

/** The data parts of one entity written with `dataPropertiesOf`, in order. */
export function dataPartsOf(entity: Record<string, unknown>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let part = 0; entity[`data${part}`] !== undefined; part++) {
    parts.push(entity[`data${part}`] as Uint8Array);
  }
  return parts;
}

export function chunkRowKey(rowKeyPrefix: string, chunkIndex: number): string {
  return `${rowKeyPrefix}~${String(chunkIndex).padStart(4, "0")}`;
}

export function rowKeyPrefixOf(rowKey: string): string {
  return rowKey.slice(0, rowKey.lastIndexOf("~"));
}

/**
 * Reassembles the bytes of one packed value from its chunk entities, or returns null when the
 * chunks do not form a complete set (a write was interrupted or a newer, shorter value replaced
 * the first chunks): `accept` decides whether a chunk belongs to the current value.
 */
export function unpackEntities(
  chunks: readonly Record<string, unknown>[],
  accept: (chunk: Record<string, unknown>) => boolean = () => true,
): Uint8Array | null {
  const first = chunks.find((chunk) => chunk.chunkIndex === 0);
  if (!first || !accept(first)) return null;
  const chunkCount = Number(first.chunkCount);
  const parts: Uint8Array[] = [];
  for (let chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
    const chunk = chunks.find((candidate) => candidate.chunkIndex === chunkIndex);
    if (!chunk || !accept(chunk) || Number(chunk.chunkCount) !== chunkCount) return null;
    parts.push(...dataPartsOf(chunk));
  }
  return Buffer.concat(parts);
}

/** Entity group transactions take at most 100 entities and 4 MiB of request, base64 included. */
const MAX_TRANSACTION_ENTITIES = 100;
const MAX_TRANSACTION_BYTES = 2.5 * 1024 * 1024;

/**
 * Conditions on some chunks of a write, by RowKey: the ETag the chunk was read with, or null when
 * it did not exist then. Such a chunk is written only if nobody else has written it since.
 */
export type ChunkEtags = ReadonlyMap<string, string | null>;

/**
 * Writes the chunks of one packed value, in one transaction when they fit so that readers see
 * all of them or none; larger values are written chunk by chunk, and readers detect a mix. A
 * chunk named in `etags` is written conditionally and fails the write with a 412 or 409 when
 * another writer got there first; as a chunk is written before the ones after it, put a
 * conditioned chunk first to write nothing in that case. Returns the `writeId` stamped on the
 * conditioned chunks, which tells a later reader whether they still hold this write.
 */
export async function writePacked(
  table: TableClient,
  entities: readonly PackedEntity[],
  byteLength: number,
  etags: ChunkEtags = new Map(),
): Promise<string> {
  const writeId = randomUUID();
  const stamped = entities.map((entity) =>
    etags.has(entity.rowKey) ? { ...entity, writeId } : entity,
  );
  if (fitsOneTransaction(stamped.length, byteLength)) {
    const actions = stamped.map((entity) => transactionActionOf(entity, etags.get(entity.rowKey)));
    const guarded = stamped.filter((entity) => etags.has(entity.rowKey));
    await writeRecognisingRetries(table, guarded, () => table.submitTransaction(actions));
    return writeId;
  }
  for (const entity of stamped) {
    const etag = etags.get(entity.rowKey);
    const guarded = etags.has(entity.rowKey) ? [entity] : [];
    await writeRecognisingRetries(table, guarded, () => writeEntity(table, entity, etag));
  }
  return writeId;
}

function transactionActionOf(
  entity: PackedEntity,
  etag: string | null | undefined,
): TransactionAction {
  if (etag === undefined) return ["upsert", entity, "Replace"];
  if (etag === null) return ["create", entity];
  return ["update", entity, "Replace", { etag }];
}

async function writeEntity(
  table: TableClient,
  entity: PackedEntity,
  etag: string | null | undefined,
): Promise<void> {
  if (etag === undefined) await table.upsertEntity(entity, "Replace");
  else if (etag === null) await table.createEntity(entity);
  else await table.updateEntity(entity, "Replace", { etag });
}

/**
 * Runs a write whose `guarded` chunks are conditional. When the service applied the write but
 * its answer was lost, the SDK's retry fails the condition against the write's own result; the
 * chunks then carry this write's `writeId`, and the write stands. Any other conflict is thrown.
 */
async function writeRecognisingRetries(
  table: TableClient,
  guarded: readonly PackedEntity[],
  write: () => Promise<unknown>,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isWriteConflict(error) || guarded.length === 0) throw error;
    const stored = await Promise.all(guarded.map((entity) => storedWriteIdOf(table, entity)));
    if (!stored.every((writeId, index) => writeId === guarded[index]!.writeId)) throw error;
  }
}

async function storedWriteIdOf(table: TableClient, entity: PackedEntity): Promise<unknown> {
  try {
    const stored = await table.getEntity(entity.partitionKey, entity.rowKey, {
      queryOptions: { select: ["writeId"] },
    });
    return stored.writeId;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function fitsOneTransaction(entityCount: number, byteLength: number): boolean {
  return entityCount <= MAX_TRANSACTION_ENTITIES && byteLength <= MAX_TRANSACTION_BYTES;
}
