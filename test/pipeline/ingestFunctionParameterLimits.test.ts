import { InvocationContext } from "@azure/functions";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { envelope } from "../support/gatewayLogs.js";
import { MIXED_RECORDS_LIMITS_HIT, mixedRecords } from "../parameters/limitReachingRecords.js";

/** The batch log line's fields, in order, when a record reached a parameter limit. */
const FIELDS_WITH_LIMITS = [
  "partition",
  "records",
  "rejected",
  "late",
  "windows",
  "clientKeysDropped",
  "populationKeysDropped",
  "distinctKeysDropped",
  "events",
  "skippedEvents",
  "parameterLimitsHit",
  "parametersPerRequestHit",
  "parameterNameCharsHit",
  "parameterValueCharsHit",
  "parameterSourceCharsHit",
];

function invocation(logs: unknown[][], sequenceNumbers: number[]): InvocationContext {
  return new InvocationContext({
    invocationId: "parameter-limits-test",
    functionName: "ingestGatewayLogs",
    triggerMetadata: {
      partitionContext: { partitionId: "3" },
      sequenceNumberArray: sequenceNumbers,
    },
    logHandler: (level, ...args) => logs.push([level, ...args]),
  });
}

describe("the ingest function's batch log line", { timeout: 60_000 }, () => {
  beforeAll(() => {
    process.env.GATEWARDEN_STORAGE_CONNECTION_STRING = inject("azuriteConnectionString");
    process.env.GATEWARDEN_TABLE_PREFIX = `p${randomBytes(6).toString("hex")}`;
    process.env.GATEWARDEN_LOGS_INGESTION_ENDPOINT =
      "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com";
    process.env.GATEWARDEN_LOGS_INGESTION_RULE_ID = "dcr-00112233445566778899aabbccddeeff";
  });

  it("warns with the records that reached each parameter limit, and not again on redelivery", async () => {
    const { ingestGatewayLogs } = await import("../../functions/ingestGatewayLogs.js");
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const messages = [envelope(mixedRecords(startMs))];
    const logs: unknown[][] = [];

    await ingestGatewayLogs(messages, invocation(logs, [41]));
    await ingestGatewayLogs(messages, invocation(logs, [41]));

    expect(logs.map((line) => line.slice(0, 2))).toEqual([
      ["warning", "batch ingested past the parameter limits"],
      ["information", "batch ingested"],
    ]);
    const [first, again] = logs.map((line) => line[2] as Record<string, unknown>);
    expect(Object.keys(first!)).toEqual(FIELDS_WITH_LIMITS);
    expect(first).toMatchObject({
      records: 10,
      parameterLimitsHit: MIXED_RECORDS_LIMITS_HIT.records,
      parametersPerRequestHit: MIXED_RECORDS_LIMITS_HIT.parametersPerRequest,
      parameterNameCharsHit: MIXED_RECORDS_LIMITS_HIT.nameChars,
      parameterValueCharsHit: MIXED_RECORDS_LIMITS_HIT.valueChars,
      parameterSourceCharsHit: MIXED_RECORDS_LIMITS_HIT.sourceChars,
    });
    expect(again).toMatchObject({ skippedEvents: 1, records: 0 });
    expect(Object.keys(again!).filter((key) => key.startsWith("parameter"))).toEqual([]);
  });
});
