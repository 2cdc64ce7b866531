import { InvocationContext } from "@azure/functions";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";

/*
 * Gateway logs carry credentials and personal data in headers, query values and bodies. What
 * gatewarden logs is an allowlist of identifiers and counts: these tests feed it requests full of
 * canaries, good and malformed, and read every log line it writes.
 */

const CANARY = "CANARY7f3a9";

/** Every field name a gatewarden log line may carry: identifiers, counts and its own reasons. */
const ALLOWED_LOG_FIELDS = new Set([
  "partition",
  "events",
  "skippedEvents",
  "records",
  "rejected",
  "late",
  "windows",
  "clientKeysDropped",
  "populationKeysDropped",
  "distinctKeysDropped",
  "parameterLimitsHit",
  "parametersPerRequestHit",
  "parameterNameCharsHit",
  "parameterValueCharsHit",
  "parameterSourceCharsHit",
  "windowStart",
  "alerts",
  "partials",
  "ignoredPartials",
  "delivered",
  "remaining",
  "reasons",
  "reason",
  "list",
  "entries",
  "port",
  "first",
  "reorderMinutes",
]);

function canaryRecords(timeMs: number): unknown[] {
  const time = new Date(timeMs).toISOString();
  const withSecrets = gatewayLogRecord({
    time,
    url: `https://contoso.azure-api.net/orders?api_key=${CANARY}&email=${CANARY}%40example.com`,
  });
  const properties = withSecrets.properties as Record<string, unknown>;
  properties.requestHeaders = {
    "User-Agent": "okhttp/4.12.0",
    Authorization: `Bearer ${CANARY}`,
    "Ocp-Apim-Subscription-Key": CANARY,
    Cookie: `session=${CANARY}`,
  };
  properties.requestBody = `{"password":"${CANARY}"}`;
  const badUrl = gatewayLogRecord({
    time,
    url: `https://contoso.azure-api.net/orders?token=${CANARY} bad`,
  });
  const badHeaderMap = gatewayLogRecord({ time });
  (badHeaderMap.properties as Record<string, unknown>).requestHeaders =
    `{"Authorization":"Bearer ${CANARY}"`;
  const badHeaderValue = gatewayLogRecord({ time });
  (badHeaderValue.properties as Record<string, unknown>).requestHeaders = {
    "User-Agent": { token: CANARY },
  };
  return [withSecrets, badUrl, badHeaderMap, badHeaderValue];
}

describe("the ingest function's log lines", () => {
  beforeAll(() => {
    process.env.GATEWARDEN_STORAGE_CONNECTION_STRING = inject("azuriteConnectionString");
    process.env.GATEWARDEN_TABLE_PREFIX = `s${randomBytes(6).toString("hex")}`;
    process.env.GATEWARDEN_LOGS_INGESTION_ENDPOINT =
      "https://gatewarden-test.westeurope-1.ingest.monitor.azure.com";
    process.env.GATEWARDEN_LOGS_INGESTION_RULE_ID = "dcr-00112233445566778899aabbccddeeff";
  });

  it("carry only allowlisted fields and no header, query or body value", async () => {
    const { ingestGatewayLogs } = await import("../../functions/ingestGatewayLogs.js");
    const logs: unknown[][] = [];
    const context = new InvocationContext({
      invocationId: "security-test",
      functionName: "ingestGatewayLogs",
      triggerMetadata: { partitionContext: { partitionId: "0" }, sequenceNumberArray: [1, 2] },
      logHandler: (level, ...args) => logs.push([level, ...args]),
    });

    await ingestGatewayLogs(
      [envelope(canaryRecords(Date.now())), `{"records":"${CANARY}"}`],
      context,
    );

    expect(logs).toHaveLength(1);
    expect(logs[0]!.slice(0, 2)).toEqual(["warning", "batch ingested with dead letters"]);
    const fields = logs[0]![2] as Record<string, unknown>;
    expect(fields).toMatchObject({ records: 1, rejected: 4 });
    expect(Object.keys(fields).filter((key) => !ALLOWED_LOG_FIELDS.has(key))).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
  });
});

describe("the replay command's output", { timeout: 120_000 }, () => {
  it("names rejected fields without the secrets in their values", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-security-"));
    const input = join(folder, "canaries.json");
    await writeFile(
      input,
      `${JSON.stringify(envelope(canaryRecords(Date.parse("2024-05-02T10:00:00Z"))))}\n`,
    );

    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "shared/cli/main.ts", "replay", input, "--verbose"],
      { maxBuffer: 1 << 24 },
    );

    expect(stderr).toContain("rejected");
    expect(stderr).toContain("properties.url");
    expect(stderr).toContain("?token=…");
    expect(stderr).toContain("properties.requestHeaders");
    expect(`${stdout}${stderr}`).not.toContain(CANARY);
    const fieldNames = [...stderr.matchAll(/ ([A-Za-z]+)=/g)].map((match) => match[1]!);
    expect(fieldNames.filter((name) => !ALLOWED_LOG_FIELDS.has(name))).toEqual([]);
  });
});
