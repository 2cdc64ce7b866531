import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALERT_COLUMNS } from "../../shared/alerts/alertRow.js";
import { loadSettings } from "../../shared/config/settings.js";
import { ALERT_SCHEMA_PATH, alertSchemaJson } from "../../tools/generateAlertSchema.js";

interface AlertSchema {
  tableName: string;
  streamName: string;
  columns: { name: string; type: string; description: string }[];
}

const committed = readFileSync(ALERT_SCHEMA_PATH, "utf8");
const schema = JSON.parse(committed) as AlertSchema;

/** Types that a Log Analytics table and a DCR stream declaration both accept (tables add guid). */
const STREAM_TYPES = ["string", "int", "long", "real", "boolean", "datetime", "dynamic"];

/** Column names Log Analytics reserves in custom tables. */
const RESERVED_NAMES = [
  "id",
  "_ResourceId",
  "_SubscriptionId",
  "TenantId",
  "Type",
  "UniqueId",
  "Title",
];

describe("infra/alert-schema.json", () => {
  it("is what tools/generateAlertSchema.ts writes from ALERT_COLUMNS (run it after changing them)", () => {
    expect(committed).toBe(alertSchemaJson());
  });

  it("lists the columns of ALERT_COLUMNS in order", () => {
    expect(schema.columns.map((column) => column.name)).toEqual(
      ALERT_COLUMNS.map((column) => column.name),
    );
  });

  it("uses only column types that tables and DCR streams both accept", () => {
    expect(schema.columns.filter((column) => !STREAM_TYPES.includes(column.type))).toEqual([]);
  });

  it("names columns as custom tables allow: a letter, then up to 44 letters, digits or underscores", () => {
    const badNames = schema.columns
      .map((column) => column.name)
      .filter(
        (name) => !/^[A-Za-z][A-Za-z0-9_]{0,44}$/.test(name) || RESERVED_NAMES.includes(name),
      );

    expect(badNames).toEqual([]);
  });

  it("starts with TimeGenerated as a datetime, which every Log Analytics table needs", () => {
    expect(schema.columns[0]).toMatchObject({ name: "TimeGenerated", type: "datetime" });
  });

  it("names a custom table and the stream that GATEWARDEN_LOGS_INGESTION_STREAM defaults to", () => {
    const settings = loadSettings({
      GATEWARDEN_LOGS_INGESTION_ENDPOINT:
        "https://dcr-example.westeurope-1.ingest.monitor.azure.com",
      GATEWARDEN_LOGS_INGESTION_RULE_ID: "dcr-00000000000000000000000000000000",
    });

    expect(schema.tableName).toMatch(/^[A-Za-z][A-Za-z0-9_]*_CL$/);
    expect(schema.streamName).toBe(settings.logsIngestion?.streamName);
  });
});
