import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { odata, type TableClient } from "@azure/data-tables";
import {
  packEntities,
  rowKeyPrefixOf,
  unpackEntities,
  writePacked,
} from "../stores/packedEntities.js";
import type { ThreatFeedOptions } from "./parseThreatFeed.js";

const LIST_PARTITION = "list";

/** One fetched list as stored: its text and where and when it came from. */
export interface StoredList extends ThreatFeedOptions {
  name: string;
  role: "tor" | "suspicious";
  source: string;
  fetchedAtMs: number;
  text: string;
}

/**
 * The latest good copy of every Tor exit list and feed, written by the refresh timer and read by
 * every ingest instance, so instances agree on what is listed and a failed download keeps the
 * previous copy in force.
 */
export class ThreatIntelStore {
  constructor(private readonly table: TableClient) {}

  async save(list: StoredList): Promise<void> {
    const bytes = gzipSync(list.text);
    const metadata: Record<string, string | number> = {
      name: list.name,
      role: list.role,
      source: list.source,
      fetchedAtMs: String(list.fetchedAtMs),
      format: list.format ?? "auto",
    };
    if (list.minScore !== undefined) metadata.minScore = list.minScore;
    const entities = packEntities(LIST_PARTITION, rowKeyOf(list.name), bytes, metadata);
    await writePacked(this.table, entities, bytes.length);
  }

  async loadAll(): Promise<StoredList[]> {
    const groups = new Map<string, Record<string, unknown>[]>();
    const entities = this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${LIST_PARTITION}` },
    });
    for await (const entity of entities) {
      const prefix = rowKeyPrefixOf(entity.rowKey as string);
      groups.set(prefix, [...(groups.get(prefix) ?? []), entity]);
    }
    const lists: StoredList[] = [];
    for (const chunks of groups.values()) {
      const first = chunks.find((chunk) => chunk.chunkIndex === 0);
      const bytes = unpackEntities(chunks, (chunk) => chunk.fetchedAtMs === first?.fetchedAtMs);
      if (!first || !bytes) continue;
      lists.push(toStoredList(first, gunzipSync(bytes).toString("utf8")));
    }
    return lists.sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}

function toStoredList(first: Record<string, unknown>, text: string): StoredList {
  const list: StoredList = {
    name: String(first.name),
    role: first.role === "tor" ? "tor" : "suspicious",
    source: String(first.source),
    fetchedAtMs: Number(first.fetchedAtMs),
    format: first.format as StoredList["format"],
    text,
  };
  if (first.minScore !== undefined) list.minScore = Number(first.minScore);
  return list;
}

/** Feed names are free text; row keys may not hold `/ \\ # ?`, so they are hashed. */
function rowKeyOf(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 32);
}
