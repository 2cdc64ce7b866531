import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readEventHubPayload } from "../../shared/parsing/readEventHubPayload.js";
import { MAX_KEPT_RAW_CHARS } from "../../shared/parsing/recordRejection.js";
import { SHARED_DATA } from "../support/sharedData.js";

const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));
const DOC_SAMPLE = `${SHARED_DATA}/apim-gatewaylogs-doc-sample/gatewaylogs-sample-record.json`;

function gatewayRecord(overrides: Record<string, unknown> = {}, properties = {}) {
  return {
    time: "2024-05-02T10:15:31.123Z",
    category: "GatewayLogs",
    durationMs: 12,
    callerIpAddress: "203.0.113.24",
    correlationId: "c-1",
    properties: {
      method: "GET",
      url: "https://contoso.azure-api.net/orders/v1/orders/42",
      responseCode: 200,
      requestSize: 100,
      responseSize: 2000,
      apiId: "orders-api",
      operationId: "get-order",
      ...properties,
    },
    ...overrides,
  };
}

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

describe("readEventHubPayload", () => {
  it("rejects the published doc sample for its redacted time, naming the field and the value", () => {
    const sample: unknown = JSON.parse(readFileSync(DOC_SAMPLE, "utf8"));
    const result = readEventHubPayload({ records: [sample] }, "doc", OPTIONS);
    expect(result.records).toEqual([]);
    expect(
      result.rejections.map(({ field, reason, source }) => ({ field, reason, source })),
    ).toEqual([
      {
        field: "time",
        reason:
          'time: expected a UTC timestamp like 2024-05-02T10:15:31.123Z or 5/2/2024, 10:15:31.123 AM, got "2020-10-14T17:xx:xx.xx"',
        source: "doc record 1",
      },
    ]);
  });

  it("reads the valid records of a mixed batch and gives one exact rejection per broken one", () => {
    const hugeUrl = `https://contoso.azure-api.net/${"a".repeat(1_048_576 - 30)}`;
    const brokenJson = '{"records": [';
    const events: [string, unknown][] = [
      [
        "hub/0",
        {
          records: [
            gatewayRecord(),
            gatewayRecord({ time: undefined }),
            gatewayRecord({}, { responseCode: "abc" }),
            gatewayRecord({}, { responseSize: -5 }),
            gatewayRecord({ callerIpAddress: "999.1.1.1" }),
            gatewayRecord({ callerIpAddress: undefined }),
            gatewayRecord({ time: "2031-01-01T00:00:00Z" }),
            gatewayRecord({ time: "1999-12-31T23:59:59Z" }),
            gatewayRecord({}, { url: hugeUrl }),
            gatewayRecord({ properties: "oops" }),
            42,
            null,
            gatewayRecord({ category: "WebSocketConnectionLogs" }),
            gatewayRecord({}, { method: "GE T" }),
            gatewayRecord({ correlationId: "c-2" }, { responseCode: "404" }),
          ],
        },
      ],
      ["hub/1", brokenJson],
      ["hub/2", { records: [] }],
      ["hub/3", { records: "nope" }],
      ["hub/4", 7],
      [
        "hub/5",
        Buffer.from(JSON.stringify({ records: [gatewayRecord({ correlationId: "c-3" })] })),
      ],
    ];

    const results = events.map(([source, payload]) =>
      readEventHubPayload(payload, source, OPTIONS),
    );
    const records = results.flatMap((result) => result.records);
    const rejections = results.flatMap((result) => result.rejections);

    expect(records.map((record) => [record.correlationId, record.statusCode])).toEqual([
      ["c-1", 200],
      ["c-2", 404],
      ["c-3", 200],
    ]);
    expect(rejections.map(({ source, field, reason }) => [source, field, reason])).toEqual([
      ["hub/0 record 2", "time", "time: missing; expected a UTC timestamp"],
      [
        "hub/0 record 3",
        "properties.responseCode",
        'properties.responseCode: expected an HTTP status code 100-599, got "abc"',
      ],
      [
        "hub/0 record 4",
        "properties.responseSize",
        "properties.responseSize: expected a non-negative number of bytes, got -5",
      ],
      [
        "hub/0 record 5",
        "callerIpAddress",
        'callerIpAddress: expected an IP address, got "999.1.1.1"',
      ],
      [
        "hub/0 record 6",
        "callerIpAddress",
        "callerIpAddress: missing; APIM omits the caller address when the diagnostic's logClientIp setting is off, and detections need it",
      ],
      [
        "hub/0 record 7",
        "time",
        'time: expected a time no later than 2024-05-04T00:00:00.000Z, got "2031-01-01T00:00:00Z"',
      ],
      [
        "hub/0 record 8",
        "time",
        'time: expected a time on or after 2000-01-01, got "1999-12-31T23:59:59Z"',
      ],
      [
        "hub/0 record 9",
        "properties.url",
        "properties.url: expected a URL of at most 16384 characters, got one of 1048576 characters",
      ],
      ["hub/0 record 10", "properties", 'properties: expected an object, got "oops"'],
      ["hub/0 record 11", "(record)", "(record): expected a GatewayLogs record object, got 42"],
      ["hub/0 record 12", "(record)", "(record): expected a GatewayLogs record object, got null"],
      [
        "hub/0 record 13",
        "category",
        'category: expected "GatewayLogs", got "WebSocketConnectionLogs"; this reader only reads gateway request logs',
      ],
      [
        "hub/0 record 14",
        "properties.method",
        'properties.method: expected an HTTP method token, got "GE T"',
      ],
      [
        "hub/1",
        "(envelope)",
        `(envelope): expected JSON, got "{\\"records\\": [" (${jsonErrorOf(brokenJson)})`,
      ],
      ["hub/2", "records", "records: envelope holds no records"],
      ["hub/3", "records", 'records: expected an array of log records, got "nope"'],
      ["hub/4", "(envelope)", "(envelope): expected an object with a records array, got 7"],
    ]);
  });

  it("keeps at most MAX_KEPT_RAW_CHARS of a rejected record's raw text", () => {
    const record = gatewayRecord({}, { url: `https://x/${"a".repeat(20_000)}` });
    const [rejection] = readEventHubPayload({ records: [record] }, "hub", OPTIONS).rejections;
    expect(rejection?.raw.length).toBe(MAX_KEPT_RAW_CHARS);
  });

  it("reads an envelope given as JSON text or as UTF-8 bytes the same as an object", () => {
    const envelope = { records: [gatewayRecord()] };
    const fromObject = readEventHubPayload(envelope, "hub", OPTIONS);
    expect(readEventHubPayload(JSON.stringify(envelope), "hub", OPTIONS)).toEqual(fromObject);
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    expect(readEventHubPayload(bytes, "hub", OPTIONS)).toEqual(fromObject);
    expect(fromObject.records).toHaveLength(1);
  });

  it("rejects undefined and array payloads as envelopes without throwing", () => {
    expect(readEventHubPayload(undefined, "hub", OPTIONS).rejections[0]?.reason).toBe(
      "(envelope): expected an object with a records array, got undefined",
    );
    expect(readEventHubPayload([gatewayRecord()], "hub", OPTIONS).rejections[0]?.field).toBe(
      "(envelope)",
    );
  });
});
