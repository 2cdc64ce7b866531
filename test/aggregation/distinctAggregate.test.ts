import { describe, expect, it } from "vitest";
import { decodeAggregate, encodeAggregate } from "../../shared/aggregation/aggregateCodec.js";
import {
  clientValueKeyOf,
  encodeDistinct,
  endpointValueKeyOf,
} from "../../shared/aggregation/distinctAggregate.js";
import {
  addRecord,
  emptyAggregate,
  mergeAggregates,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import { createParameterExtractor } from "../../shared/parameters/extractParameters.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { requestRecord } from "../support/records.js";

const extract = createParameterExtractor({ hashKey: "test-key", showValues: false });
const WINDOW = 1_000;

function aggregateOf(records: readonly RequestRecord[]): WindowAggregate {
  const aggregate = emptyAggregate(WINDOW);
  for (const record of records) addRecord(aggregate, record, [], extract(record).parameters);
  return aggregate;
}

const records = Array.from({ length: 900 }, (_, index) =>
  requestRecord({
    clientIp: `198.51.100.${index % 7}`,
    endpoint: index % 3 === 0 ? `GET /probe/${index}` : "orders;list",
    query: `customerId=${10_000 + index}&page=${index % 30}`,
    statusCode: index % 3 === 0 ? 404 : 200,
  }),
);

describe("distinct aggregate", () => {
  it("gives the same counts and sketches for any split of the records into partials", () => {
    const whole = aggregateOf(records);
    const parts = [records.slice(0, 100), records.slice(100, 650), records.slice(650)];
    const merged = emptyAggregate(WINDOW);
    for (const part of parts.reverse()) mergeAggregates(merged, aggregateOf(part));

    expect(JSON.stringify(sorted(encodeDistinct(merged.distinct)))).toBe(
      JSON.stringify(sorted(encodeDistinct(whole.distinct))),
    );
  });

  it("counts a client's distinct endpoints and its 404s", () => {
    const reach = aggregateOf(records).distinct.clients.get("198.51.100.0")!;

    // Client 0 sends indexes 0, 7, 14, …: 129 requests, 43 of them (multiples of 21) probes.
    expect(reach.requests).toBe(129);
    expect(reach.notFound).toBe(43);
    expect(reach.endpoints.estimate()).toBe(44);
  });

  it("counts distinct values per client, endpoint and parameter and across clients", () => {
    const distinct = aggregateOf(records).distinct;
    const pages = distinct.endpointValues.get(endpointValueKeyOf("orders;list", "query:page"))!;
    const customers = distinct.endpointValues.get(
      endpointValueKeyOf("orders;list", "query:customerid"),
    )!;
    const oneClient = distinct.clientValues.get(
      clientValueKeyOf("198.51.100.1", "orders;list", "query:customerid"),
    )!;

    expect(pages.values.estimate()).toBe(20);
    expect(pages.clients.estimate()).toBe(7);
    expect(pages.requests).toBe(600);
    expect(Math.abs(customers.values.estimate() - 600) / 600).toBeLessThan(0.05);
    expect(customers.values.exact).toBe(false);
    expect(oneClient.values.estimate()).toBe(86);
  });

  it("keeps redacted samples, never clear values, and counts a repeated parameter once per request", () => {
    const aggregate = aggregateOf([
      requestRecord({ query: "id=secret-one&id=secret-two", statusCode: 403 }),
    ]);
    const spread = aggregate.distinct.endpointValues.get(
      endpointValueKeyOf("orders;list", "query:id"),
    )!;

    expect(spread.values.estimate()).toBe(2);
    expect(spread.requests).toBe(1);
    expect(spread.failed).toBe(1);
    expect(spread.samples.map((sample) => sample.redacted)).toEqual([
      expect.stringMatching(/^[a-z-]+, 10 chars, #[0-9a-f]{8}$/),
      expect.stringMatching(/^[a-z-]+, 10 chars, #[0-9a-f]{8}$/),
    ]);
    expect(JSON.stringify(encodeDistinct(aggregate.distinct))).not.toContain("secret");
  });

  it("survives the partial codec with its sketches intact", () => {
    const aggregate = aggregateOf(records);
    const decoded = decodeAggregate(encodeAggregate(aggregate));

    expect(JSON.stringify(encodeDistinct(decoded.distinct))).toBe(
      JSON.stringify(encodeDistinct(aggregate.distinct)),
    );
  });
});

/** Map order follows insertion; the state compared is the sorted content. */
function sorted(encoded: ReturnType<typeof encodeDistinct>) {
  const byKey = (a: [string, ...unknown[]], b: [string, ...unknown[]]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return {
    clients: [...encoded.distinctClients].sort(byKey),
    clientValues: [...encoded.distinctClientValues].sort(byKey),
    endpointValues: [...encoded.distinctEndpointValues].sort(byKey),
  };
}
