import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Alert } from "../alerts/alert.js";
import { windowIdOf, windowIndexFromId } from "../windows/window.js";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors.js";

const WINDOW_PARTITION = "window";

export type WindowStatus = "open" | "evaluating" | "evaluated";

export interface WindowEntry {
  windowIndex: number;
  status: WindowStatus;
  /** Wall-clock time until which an evaluator holds the window; 0 when nobody does. */
  leaseUntilMs: number;
  etag: string;
}

export interface WindowOutcome {
  records: number;
  alerts: number;
  partials: number;
  ignoredPartials: number;
  /** Keys past the per-window caps when the window's partials were merged. */
  clientKeysDropped: number;
  populationKeysDropped: number;
  distinctKeysDropped: number;
}

interface WindowEntity {
  partitionKey: string;
  rowKey: string;
  status: WindowStatus;
  /** Epoch ms as text: JSON integers past Int32 would be typed differently by the service. */
  leaseUntilMs: string;
  owner?: string;
  records?: number;
  alerts?: number;
  partials?: number;
  ignoredPartials?: number;
  lateRecords?: number;
}

/**
 * The state of every window that received records: open until an evaluator claims it,
 * evaluating while one holds its lease, evaluated for good after. Claims use the entity's ETag,
 * so when two timer runs overlap exactly one of them evaluates a window.
 */
export class WindowLedger {
  constructor(private readonly table: TableClient) {}

  /** Registers windows that received records; returns the ones already evaluated (late data). */
  async noteWindows(windowIndexes: Iterable<number>): Promise<Set<number>> {
    const evaluated = new Set<number>();
    for (const windowIndex of windowIndexes) {
      const entry = await this.get(windowIndex);
      if (entry?.status === "evaluated") evaluated.add(windowIndex);
      else if (!entry) await this.create(windowIndex);
    }
    return evaluated;
  }

  async get(windowIndex: number): Promise<WindowEntry | null> {
    try {
      const entity = await this.table.getEntity<WindowEntity>(
        WINDOW_PARTITION,
        windowIdOf(windowIndex),
      );
      return toEntry(entity);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Windows not yet evaluated, oldest first. */
  async unevaluated(): Promise<WindowEntry[]> {
    const entries: WindowEntry[] = [];
    const entities = this.table.listEntities<WindowEntity>({
      queryOptions: {
        filter: odata`PartitionKey eq ${WINDOW_PARTITION} and status ne 'evaluated'`,
      },
    });
    for await (const entity of entities) entries.push(toEntry(entity));
    return entries.sort((a, b) => a.windowIndex - b.windowIndex);
  }

  /** Evaluated windows from `fromWindowIndex` on, ascending: the history baselines may use. */
  async evaluatedSince(fromWindowIndex: number): Promise<number[]> {
    const indexes: number[] = [];
    const entities = this.table.listEntities<WindowEntity>({
      queryOptions: {
        filter: odata`PartitionKey eq ${WINDOW_PARTITION} and RowKey ge ${windowIdOf(fromWindowIndex)} and status eq 'evaluated'`,
        select: ["RowKey"],
      },
    });
    for await (const entity of entities) indexes.push(windowIndexFromId(entity.rowKey));
    return indexes.sort((a, b) => a - b);
  }

  /**
   * Takes the window for evaluation until `nowMs + leaseMs`. Returns null when another evaluator
   * holds a live lease or changed the entry first.
   */
  async claim(
    entry: WindowEntry,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<WindowEntry | null> {
    if (entry.status === "evaluated") return null;
    if (entry.status === "evaluating" && entry.leaseUntilMs > nowMs) return null;
    const leaseUntilMs = nowMs + leaseMs;
    try {
      const response = await this.table.updateEntity(
        {
          partitionKey: WINDOW_PARTITION,
          rowKey: windowIdOf(entry.windowIndex),
          status: "evaluating",
          leaseUntilMs: String(leaseUntilMs),
          owner,
        },
        "Merge",
        { etag: entry.etag },
      );
      return { ...entry, status: "evaluating", leaseUntilMs, etag: response.etag ?? "" };
    } catch (error) {
      if (isPreconditionFailed(error)) return null;
      throw error;
    }
  }

  /**
   * Checks that a claimed window is still held under `entry`'s ETag, by rewriting its owner
   * under that ETag. Returns the entry with its new ETag, or null when another evaluator has
   * claimed or completed the window since.
   */
  async confirm(entry: WindowEntry, owner: string): Promise<WindowEntry | null> {
    try {
      const response = await this.table.updateEntity(
        { partitionKey: WINDOW_PARTITION, rowKey: windowIdOf(entry.windowIndex), owner },
        "Merge",
        { etag: entry.etag },
      );
      return { ...entry, etag: response.etag ?? "" };
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      return this.stillHeld(entry);
    }
  }

  /**
   * After a refused confirm: a retry of a confirm whose answer was lost is refused by the
   * confirm's own write. A claim always ends its lease later than the lease it took over, so an
   * entry still evaluating with the same lease end was not claimed since: it is still held.
   */
  private async stillHeld(entry: WindowEntry): Promise<WindowEntry | null> {
    const stored = await this.get(entry.windowIndex);
    const held = stored?.status === "evaluating" && stored.leaseUntilMs === entry.leaseUntilMs;
    return held ? stored : null;
  }

  /** Marks a claimed window evaluated; false when the lease was lost to another evaluator. */
  async complete(entry: WindowEntry, outcome: WindowOutcome): Promise<boolean> {
    try {
      await this.table.updateEntity(
        {
          partitionKey: WINDOW_PARTITION,
          rowKey: windowIdOf(entry.windowIndex),
          status: "evaluated",
          leaseUntilMs: "0",
          ...outcome,
        },
        "Merge",
        { etag: entry.etag },
      );
      return true;
    } catch (error) {
      if (isPreconditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Alerts a fast pass already raised for the window, with the value each reported, so the
   * window's evaluation repeats only those whose value has grown since.
   */
  async earlyAlerts(windowIndex: number): Promise<Map<string, number>> {
    const raised = new Map<string, number>();
    const entities = this.table.listEntities<{ observedValue: number }>({
      queryOptions: { filter: odata`PartitionKey eq ${earlyPartitionOf(windowIndex)}` },
    });
    for await (const entity of entities)
      raised.set(entity.rowKey ?? "", Number(entity.observedValue));
    return raised;
  }

  async noteEarlyAlerts(windowIndex: number, alerts: readonly Alert[]): Promise<void> {
    const actions: TransactionAction[] = alerts.map((alert) => [
      "upsert",
      {
        partitionKey: earlyPartitionOf(windowIndex),
        rowKey: alert.alertId,
        observedValue: alert.observedValue,
      },
      "Replace",
    ]);
    for (let start = 0; start < actions.length; start += 100) {
      await this.table.submitTransaction(actions.slice(start, start + 100));
    }
  }

  private async create(windowIndex: number): Promise<void> {
    try {
      await this.table.createEntity<WindowEntity>({
        partitionKey: WINDOW_PARTITION,
        rowKey: windowIdOf(windowIndex),
        status: "open",
        leaseUntilMs: "0",
      });
    } catch (error) {
      // Another batch registered the window first; that is the same outcome.
      if (!isConflict(error)) throw error;
    }
  }
}

function earlyPartitionOf(windowIndex: number): string {
  return `early-${windowIdOf(windowIndex)}`;
}

function toEntry(entity: WindowEntity & { etag?: string }): WindowEntry {
  return {
    windowIndex: windowIndexFromId(entity.rowKey),
    status: entity.status,
    leaseUntilMs: Number(entity.leaseUntilMs ?? 0),
    etag: entity.etag ?? "",
  };
}
