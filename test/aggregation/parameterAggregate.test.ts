import { describe, expect, it } from "vitest";
import { decodeAggregate, encodeAggregate } from "../../shared/aggregation/aggregateCodec.js";
import {
  MAX_CLIENTS_PER_PARAMETER,
  MAX_NAMES_PER_ENDPOINT,
} from "../../shared/aggregation/parameterAggregate.js";
import {
  addRecord,
  emptyAggregate,
  mergeAggregates,
  type WindowAggregate,
} from "../../shared/aggregation/windowAggregate.js";
import { createParameterExtractor } from "../../shared/parameters/extractParameters.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { requestRecord } from "../support/records.js";

const WINDOW = 1_425_000;
const WINDOW_START_MS = WINDOW * 20 * 60_000;
const extract = createParameterExtractor({ hashKey: null, showValues: false });

function aggregateOf(records: readonly RequestRecord[]): WindowAggregate {
  const aggregate = emptyAggregate(WINDOW);
  for (const record of records) addRecord(aggregate, record, [], extract(record).parameters);
  return aggregate;
}

function recordAt(second: number, overrides: Partial<RequestRecord>): RequestRecord {
  return requestRecord({ timeMs: WINDOW_START_MS + second * 1000, ...overrides });
}

const records = [
  recordAt(1, { query: "page=1&sort=asc" }),
  recordAt(2, { query: "page=2&page=3", clientIp: "198.51.100.7" }),
  recordAt(3, { query: "page=1%27%20OR%201%3D1", clientIp: "192.0.2.9" }),
  recordAt(4, { query: `_=${WINDOW_START_MS + 4000}`, clientIp: "192.0.2.9" }),
  recordAt(5, { path: "/orders/v1/orders/42", query: "" }),
];

describe("parameter aggregate", () => {
  it("counts requests, clients and value types per endpoint and parameter", () => {
    const endpoint = aggregateOf(records).parameters.get("orders;list")!;

    const page = endpoint.parameters.get("query:page")!;
    expect(page.requests).toBe(3);
    expect(page.clients).toEqual({
      ips: ["192.0.2.9", "198.51.100.7", "203.0.113.24"],
      more: false,
    });
    expect(page.types.integer?.values).toBe(3);
    expect(page.types.syntax?.values).toBe(1);
    expect(page.types.syntax?.clients.ips).toEqual(["192.0.2.9"]);
    expect(page.types.syntax?.sample.value).toMatch(/^syntax, 9 chars, #[0-9a-f]{8}$/);
    expect(page.types.syntax?.sample.request.path).toBe("/orders/v1/orders?page=…");
    expect(endpoint.parameters.get("query:_")!.timestampValues).toBe(1);
    expect(endpoint.parameters.get("path:{path:4}")!.types.integer?.values).toBe(1);
    expect([...endpoint.parameters.keys()].sort()).toEqual([
      "path:{path:4}",
      "query:_",
      "query:page",
      "query:sort",
    ]);
  });

  it("merges partials from any split of the records into the same aggregate", () => {
    const whole = aggregateOf(records);
    for (let cut = 0; cut <= records.length; cut += 1) {
      const later = aggregateOf(records.slice(cut));
      const earlier = aggregateOf(records.slice(0, cut));
      mergeAggregates(later, earlier);
      expect(later.parameters).toEqual(whole.parameters);
    }
  });

  it("keeps the same smallest names and clients whatever the order once the caps are hit", () => {
    const many = Array.from({ length: MAX_NAMES_PER_ENDPOINT + 40 }, (_, index) =>
      recordAt(index % 600, {
        query: `n${String(index).padStart(4, "0")}=1`,
        clientIp: `10.0.${index % 7}.${index}`,
      }),
    );
    const forward = aggregateOf(many);
    const backward = emptyAggregate(WINDOW);
    for (const record of [...many].reverse()) {
      const part = aggregateOf([record]);
      mergeAggregates(backward, part);
    }

    const endpoint = forward.parameters.get("orders;list")!;
    expect(endpoint.namesCapped).toBe(true);
    expect(endpoint.parameters.size).toBe(MAX_NAMES_PER_ENDPOINT);
    expect(endpoint.parameters.has("query:n0000")).toBe(true);
    expect(endpoint.parameters.has(`query:n0${MAX_NAMES_PER_ENDPOINT}`)).toBe(false);
    expect(backward.parameters).toEqual(forward.parameters);
  });

  it("caps the clients of a parameter and says there were more", () => {
    const crowd = Array.from({ length: MAX_CLIENTS_PER_PARAMETER + 3 }, (_, index) =>
      recordAt(index, { query: "q=x", clientIp: `10.1.0.${100 + index}` }),
    );
    const stats = aggregateOf(crowd).parameters.get("orders;list")!.parameters.get("query:q")!;
    expect(stats.requests).toBe(MAX_CLIENTS_PER_PARAMETER + 3);
    expect(stats.clients.ips).toHaveLength(MAX_CLIENTS_PER_PARAMETER);
    expect(stats.clients.more).toBe(true);
  });

  it("survives the partial codec unchanged", () => {
    const aggregate = aggregateOf(records);
    expect(decodeAggregate(encodeAggregate(aggregate)).parameters).toEqual(aggregate.parameters);
  });
});
