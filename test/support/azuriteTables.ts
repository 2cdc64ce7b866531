import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openTables, type GatewardenTables } from "../../shared/stores/tableClients.js";
import type { TableServiceClientOptions } from "@azure/data-tables";
import type { StorageTarget } from "../../shared/stores/tableClients.js";

/** A storage target on the test run's Azurite, with table names no other test uses. */
export function freshStorage(): StorageTarget {
  return {
    kind: "connectionString",
    connectionString: inject("azuriteConnectionString"),
    tablePrefix: `t${randomBytes(6).toString("hex")}`,
  };
}

export function openFreshTables(
  options: TableServiceClientOptions = {},
): Promise<GatewardenTables> {
  return openTables(freshStorage(), options);
}
