import { InvocationContext } from "@azure/functions";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { gatewayLogRecord, envelope } from "../support/gatewayLogs.js";

// The entry point reads its settings from the environment once, as the Functions host gives them.
beforeAll(() => {
  process.env.GATEWARDEN_STORAGE_CONNECTION_STRING = inject("azuriteConnectionString");
  process.env.GATEWARDEN_TABLE_PREFIX = `f${randomBytes(6).toString("hex")}`;
  process.env.GATEWARDEN_LOGS_INGESTION_ENDPOINT =
    "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com";
  process.env.GATEWARDEN_LOGS_INGESTION_RULE_ID = "dcr-00112233445566778899aabbccddeeff";
});

function triggerContext(partitionId: string, sequenceNumbers: number[], logs: unknown[][]) {
  return new InvocationContext({
    invocationId: "test-invocation",
    functionName: "ingestGatewayLogs",
    triggerMetadata: {
      partitionContext: { partitionId },
      sequenceNumberArray: sequenceNumbers,
    },
    logHandler: (level, ...args) => logs.push([level, ...args]),
  });
}

describe("ingestGatewayLogs function", () => {
  it("ingests a batch from the trigger and logs one summary line with its counts", async () => {
    const { ingestGatewayLogs } = await import("../../functions/ingestGatewayLogs.js");
    const logs: unknown[][] = [];
    const record = gatewayLogRecord({ time: new Date().toISOString() });

    await ingestGatewayLogs(
      [envelope([record, record]), "not json"],
      triggerContext("3", [10, 11], logs),
    );

    expect(logs).toHaveLength(1);
    expect(logs[0]![0]).toBe("warning");
    expect(logs[0]![1]).toBe("batch ingested with dead letters");
    expect(logs[0]![2]).toMatchObject({
      partition: "3",
      events: 2,
      records: 2,
      rejected: 1,
      skippedEvents: 0,
    });
  });

  it("counts nothing twice when the host redelivers the same events", async () => {
    const { ingestGatewayLogs } = await import("../../functions/ingestGatewayLogs.js");
    const logs: unknown[][] = [];
    const body = envelope([gatewayLogRecord({ time: new Date().toISOString() })]);

    await ingestGatewayLogs([body], triggerContext("4", [7], logs));
    await ingestGatewayLogs([body], triggerContext("4", [7], logs));

    expect(
      logs.map((line) => (line[2] as { records: number; skippedEvents: number }).skippedEvents),
    ).toEqual([0, 1]);
  });

  it("fails with the metadata it expected when the trigger gives no sequence numbers", async () => {
    const { ingestGatewayLogs } = await import("../../functions/ingestGatewayLogs.js");
    const context = new InvocationContext({
      triggerMetadata: { partitionContext: { partitionId: "1" } },
    });

    await expect(ingestGatewayLogs([{}], context)).rejects.toThrow(
      "triggerMetadata: expected partitionContext.partitionId and one sequence number per message, got 1 message(s) and null sequence number(s)",
    );
  });
});
