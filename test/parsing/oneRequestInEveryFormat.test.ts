import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import type { InputFormat, RequestRecord } from "../../shared/records/requestRecord.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/one-request/", import.meta.url));
const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));

const EXPECTED: RequestRecord = {
  timeMs: Date.parse("2024-05-02T10:15:31.123Z"),
  clientIp: "203.0.113.24",
  callerIp: "203.0.113.24",
  method: "POST",
  path: "/orders/v1/orders/42",
  query: "debug=true&id=42",
  apiId: "orders-api",
  operationId: "create-order",
  endpoint: "orders-api;create-order",
  statusCode: 401,
  requestBytes: 812,
  responseBytes: 402,
  latencyMs: 3,
  userAgent: "sqlmap/1.7",
  subscriptionId: "starter-key",
  productId: "starter",
  userId: "1",
  requestBody: '{"item":"abc","qty":1}',
  correlationId: "9a1e0c2f-5b4d-4a8e-9c1f-0d2b3c4d5e6f",
  resourceId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.apimanagement/service/contoso",
};

async function readOnly(file: string, format: InputFormat | "auto"): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  for await (const chunk of readLogFile(FIXTURES + file, format, OPTIONS)) {
    expect(chunk.rejections).toEqual([]);
    records.push(...chunk.records);
  }
  return records;
}

describe("one request written in each input format", () => {
  it.each([
    ["eventhub.json", "eventhub"],
    ["PT1H.jsonl", "storage-archive"],
    ["log-analytics.json", "log-analytics-json"],
    ["log-analytics.csv", "log-analytics-csv"],
  ] as const)("normalises %s (%s) to the canonical record", async (file, format) => {
    expect(await readOnly(file, format)).toEqual([EXPECTED]);
    expect(await readOnly(file, "auto")).toEqual([EXPECTED]);
  });

  it("normalises the access-log line to the fields that format carries", async () => {
    const expected: RequestRecord = {
      ...EXPECTED,
      timeMs: Date.parse("2024-05-02T10:15:31Z"),
      apiId: "",
      operationId: "",
      endpoint: "POST /orders/v1/orders/{int}",
      requestBytes: 0,
      latencyMs: 0,
      subscriptionId: "",
      productId: "",
      userId: "",
      requestBody: "",
      correlationId: "",
      resourceId: "",
    };
    expect(await readOnly("access.log", "access-log")).toEqual([expected]);
    expect(await readOnly("access.log", "auto")).toEqual([expected]);
  });

  it("takes the client from X-Forwarded-For in every gateway format when forwarding is trusted", async () => {
    const trusting = createParseOptions(OPTIONS.nowMs, { trustForwardedFor: true });
    for (const file of ["eventhub.json", "PT1H.jsonl", "log-analytics.json", "log-analytics.csv"]) {
      const records: RequestRecord[] = [];
      for await (const chunk of readLogFile(FIXTURES + file, "auto", trusting)) {
        records.push(...chunk.records);
      }
      expect(records).toEqual([{ ...EXPECTED, clientIp: "198.51.100.7" }]);
    }
  });
});
