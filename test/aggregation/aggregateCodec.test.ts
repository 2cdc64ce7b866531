import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeAggregate, encodeAggregate } from "../../shared/aggregation/aggregateCodec.js";
import {
  addRecord,
  clientKeyOf,
  emptyAggregate,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { requestRecord } from "../support/records.js";

const WINDOW = 1_425_000;
const WINDOW_START_MS = WINDOW * 20 * 60_000;

function aggregateOf(records: readonly RequestRecord[]): WindowAggregate {
  const aggregate = emptyAggregate(WINDOW);
  for (const record of records) {
    const findings =
      record.userAgent === "sqlmap/1.7"
        ? [
            {
              detectionId: "API_AccessFromSuspiciousUserAgent" as const,
              category: "scanner",
              indicator: "sqlmap",
            },
          ]
        : [];
    addRecord(aggregate, record, findings);
  }
  return aggregate;
}

/** One client whose largest response, largest request and slowest answer are three requests. */
const smallRecords = [
  requestRecord({ timeMs: WINDOW_START_MS + 1_000, responseBytes: 90_000, requestBytes: 10 }),
  requestRecord({ timeMs: WINDOW_START_MS + 2_000, requestBytes: 70_000, latencyMs: 5 }),
  requestRecord({ timeMs: WINDOW_START_MS + 3_000, latencyMs: 4_000 }),
  requestRecord({ timeMs: WINDOW_START_MS + 4_000, clientIp: "2001:db8::7", statusCode: 404 }),
  requestRecord({ timeMs: WINDOW_START_MS + 5_000, userAgent: "sqlmap/1.7", path: '/x\t\n"y' }),
];

describe("aggregate codec", () => {
  it("decodes exactly what it encoded, each map entry and every extreme request", () => {
    const aggregate = aggregateOf(smallRecords);

    const decoded = decodeAggregate(encodeAggregate(aggregate));

    expect(decoded).toEqual(aggregate);
    const client = decoded.clients.get(clientKeyOf("203.0.113.24", "orders;list", 200))!;
    expect(client.extremes.response.responseBytes).toBe(90_000);
    expect(client.extremes.request.requestBytes).toBe(70_000);
    expect(client.extremes.latency.latencyMs).toBe(4_000);
  });

  it("stores a client's extremes once when one request holds all three", () => {
    const aggregate = aggregateOf([requestRecord({ timeMs: WINDOW_START_MS + 1_000 })]);

    const [stats] = decodeAggregate(encodeAggregate(aggregate)).clients.values();

    expect(stats!.extremes.request).toBe(stats!.extremes.response);
    expect(stats!.extremes.latency).toBe(stats!.extremes.response);
  });

  it("rejects a partial of the previous build (one JSON document, version 2) naming both versions", () => {
    const aggregate = aggregateOf(smallRecords);
    const previous = gzipSync(
      JSON.stringify({
        version: 2,
        windowIndex: aggregate.windowIndex,
        records: aggregate.records,
        clients: [...aggregate.clients],
      }),
    );

    expect(() => decodeAggregate(previous)).toThrow(
      "partial aggregate has codec version 2; this build reads version 3",
    );
  });

  it(
    "round-trips an aggregate of 220,000 keys, past the size one JSON string can hold",
    { timeout: 240_000 },
    () => {
      const records = Array.from({ length: 220_000 }, (_, index) =>
        requestRecord({
          timeMs: WINDOW_START_MS + (index % 1_200_000),
          clientIp: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
          endpoint: `GET /catalog/items/item-${index}`,
          path: `/catalog/items/item-${index}`,
          responseBytes: 1_000 + (index % 977),
        }),
      );
      const aggregate = aggregateOf(records);

      const bytes = encodeAggregate(aggregate);
      const decoded = decodeAggregate(bytes);

      expect(decoded.records).toBe(220_000);
      expect(decoded.clients.size).toBe(220_000);
      expect(decoded.population.size).toBe(220_000);
      expect(decoded.samples.size).toBe(220_000);
      for (const index of [0, 1, 65_537, 219_999]) {
        const key = clientKeyOf(
          `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
          `GET /catalog/items/item-${index}`,
          200,
        );
        expect(decoded.clients.get(key)).toEqual(aggregate.clients.get(key));
      }
      // Deterministic gzip: encoding the decoded aggregate again gives the same bytes.
      expect(encodeAggregate(decoded).equals(bytes)).toBe(true);
    },
  );
});
