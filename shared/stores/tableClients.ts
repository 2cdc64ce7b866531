import { TableClient, type TableServiceClientOptions } from "@azure/data-tables";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { TableRequestCounter } from "./tableRequestCounter.js";

/** Where the tables live: a connection string (Azurite, local runs) or an account URL (managed identity). */
export type StorageTarget =
  | { kind: "connectionString"; connectionString: string; tablePrefix: string }
  | { kind: "accountUrl"; accountUrl: string; tablePrefix: string; credential?: TokenCredential };

export interface GatewardenTables {
  /** Per-batch partial aggregates, one partition key per window. */
  partials: TableClient;
  /** Window states, partition progress and batch commits. */
  ledger: TableClient;
  /** Packed baseline shards per detector family. */
  baselines: TableClient;
  /** Records that could not be used, with the reason. */
  deadLetters: TableClient;
  /** Alerts waiting to be accepted by Log Analytics. */
  outbox: TableClient;
  /** The latest fetched Tor exit lists and threat-intelligence feeds. */
  threatIntel: TableClient;
  counter: TableRequestCounter;
}

/**
 * Retries of one Table request: a 503 or 429 with `Retry-After` waits as told; 408, other 5xx and
 * dropped connections back off exponentially from 0.8 s up to 30 s. After the fourth retry the
 * request fails, and with it the batch, which the Functions host then runs again.
 */
export const TABLE_RETRY_OPTIONS = {
  maxRetries: 4,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 30_000,
} as const;

const TABLE_SUFFIXES = {
  partials: "Partials",
  ledger: "Ledger",
  baselines: "Baselines",
  deadLetters: "DeadLetters",
  outbox: "Outbox",
  threatIntel: "ThreatIntel",
} as const;

/**
 * Opens the tables, creating them when missing. `clientOptions` lets tests and the fault
 * benchmarks put policies or an HTTP client into the SDK pipeline.
 */
export async function openTables(
  target: StorageTarget,
  clientOptions: TableServiceClientOptions = {},
): Promise<GatewardenTables> {
  const counter = new TableRequestCounter();
  const options: TableServiceClientOptions = {
    ...clientOptions,
    retryOptions: { ...TABLE_RETRY_OPTIONS, ...clientOptions.retryOptions },
    additionalPolicies: [
      ...(clientOptions.additionalPolicies ?? []),
      { policy: counter.policy, position: "perRetry" },
    ],
  };
  const open = (suffix: string) =>
    tableClientFor(target, `${target.tablePrefix}${suffix}`, options);
  const tables: GatewardenTables = {
    partials: open(TABLE_SUFFIXES.partials),
    ledger: open(TABLE_SUFFIXES.ledger),
    baselines: open(TABLE_SUFFIXES.baselines),
    deadLetters: open(TABLE_SUFFIXES.deadLetters),
    outbox: open(TABLE_SUFFIXES.outbox),
    threatIntel: open(TABLE_SUFFIXES.threatIntel),
    counter,
  };
  await Promise.all([
    tables.partials.createTable(),
    tables.ledger.createTable(),
    tables.baselines.createTable(),
    tables.deadLetters.createTable(),
    tables.outbox.createTable(),
    tables.threatIntel.createTable(),
  ]);
  return tables;
}

function tableClientFor(
  target: StorageTarget,
  tableName: string,
  options: TableServiceClientOptions,
): TableClient {
  if (target.kind === "connectionString") {
    const allowInsecureConnection = /DefaultEndpointsProtocol=http;/i.test(target.connectionString);
    return TableClient.fromConnectionString(target.connectionString, tableName, {
      ...options,
      allowInsecureConnection,
    });
  }
  const credential = target.credential ?? new DefaultAzureCredential();
  return new TableClient(target.accountUrl, tableName, credential, options);
}
