import { describe, expect, it } from "vitest";
import { capKeys, isOverCap, noKeysDropped } from "../../shared/aggregation/keyCap.js";
import { addRecord, emptyAggregate } from "../../shared/aggregation/windowAggregate.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const TIME_MS = Date.parse("2024-05-02T10:05:00Z");

/** One window: a client calling 60 times, then a spray of single requests from 1,000 addresses. */
function sprayedWindow() {
  const aggregate = emptyAggregate(windowIndexOf(TIME_MS));
  for (let index = 0; index < 60; index++) {
    addRecord(aggregate, requestRecord({ timeMs: TIME_MS, clientIp: "198.51.100.7" }), []);
  }
  for (let index = 0; index < 1_000; index++) {
    const clientIp = `203.0.${Math.floor(index / 250)}.${index % 250}`;
    const path = `/probe-${String(index % 300).padStart(3, "0")}`;
    addRecord(
      aggregate,
      requestRecord({ timeMs: TIME_MS, clientIp, path, endpoint: `GET ${path}` }),
      [],
    );
  }
  return aggregate;
}

describe("capKeys", () => {
  it("keeps the busiest client, population and distinct-count keys and counts the ones it drops", () => {
    const aggregate = sprayedWindow();
    const dropped = noKeysDropped();

    capKeys(aggregate, { clientKeys: 100, populationKeys: 50 }, dropped);

    expect(aggregate.clients.size).toBe(100);
    expect(aggregate.population.size).toBe(50);
    // 1,001 addresses reached endpoints: their reach is trimmed to the client cap too.
    expect(dropped).toEqual({ clientKeys: 901, populationKeys: 251, distinctKeys: 901 });
    expect(aggregate.distinct.clients.size).toBe(100);
    expect(aggregate.distinct.clients.has("198.51.100.7")).toBe(true);
    expect([...aggregate.clients.values()].map((stats) => stats.requests)[0]).toBe(60);
    expect([...aggregate.clients.keys()].some((key) => key.startsWith("198.51.100.7"))).toBe(true);
    expect([...aggregate.samples.keys()].every((key) => aggregate.population.has(key))).toBe(true);
    // The window's own count is untouched: dropped requests are still counted.
    expect(aggregate.records).toBe(1_060);
  });

  it("keeps the same keys whatever order the records came in", () => {
    const forward = sprayedWindow();
    const reversed = emptyAggregate(forward.windowIndex);
    for (const [key, stats] of [...forward.clients].reverse()) reversed.clients.set(key, stats);
    for (const [key, stats] of [...forward.population].reverse())
      reversed.population.set(key, stats);

    capKeys(forward, { clientKeys: 100, populationKeys: 50 }, noKeysDropped());
    capKeys(reversed, { clientKeys: 100, populationKeys: 50 }, noKeysDropped());

    expect([...reversed.clients.keys()].sort()).toEqual([...forward.clients.keys()].sort());
    expect([...reversed.population.keys()].sort()).toEqual([...forward.population.keys()].sort());
  });

  it("leaves an aggregate within its caps as it is", () => {
    const aggregate = sprayedWindow();
    const dropped = noKeysDropped();

    capKeys(aggregate, { clientKeys: 5_000, populationKeys: 5_000 }, dropped);

    expect(aggregate.clients.size).toBe(1_001);
    expect(dropped).toEqual({ clientKeys: 0, populationKeys: 0, distinctKeys: 0 });
    expect(isOverCap(aggregate, { clientKeys: 600, populationKeys: 5_000 })).toBe(true);
    expect(isOverCap(aggregate, { clientKeys: 700, populationKeys: 5_000 })).toBe(false);
  });
});
