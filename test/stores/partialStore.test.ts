import { describe, expect, it } from "vitest";
import { addRecord, emptyAggregate } from "../../shared/aggregation/windowAggregate.js";
import type { KeyCaps } from "../../shared/aggregation/keyCap.js";
import { BatchLedger } from "../../shared/stores/batchLedger.js";
import { PartialStore } from "../../shared/stores/partialStore.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { openFreshTables } from "../support/azuriteTables.js";
import { requestRecord } from "../support/records.js";

const WINDOW = windowIndexOf(Date.parse("2024-05-02T10:00:00Z"));

function aggregateOf(count: number, endpoint = "orders;list") {
  const aggregate = emptyAggregate(WINDOW);
  for (let i = 0; i < count; i++) {
    addRecord(
      aggregate,
      requestRecord({ endpoint, timeMs: Date.parse("2024-05-02T10:01:00Z") + i }),
      [],
    );
  }
  return aggregate;
}

async function openStores(keyCaps?: KeyCaps) {
  const tables = await openFreshTables();
  const ledger = new BatchLedger(tables.ledger);
  return { tables, ledger, partials: new PartialStore(tables.partials, ledger, keyCaps) };
}

/** One request to each endpoint, `repeat` times, at the window's start. */
function aggregateWith(endpoints: readonly string[], repeat = 1) {
  const aggregate = emptyAggregate(WINDOW);
  for (const endpoint of endpoints) {
    for (let i = 0; i < repeat; i++) {
      addRecord(
        aggregate,
        requestRecord({ endpoint, timeMs: Date.parse("2024-05-02T10:01:00Z") }),
        [],
      );
    }
  }
  return aggregate;
}

describe("PartialStore", () => {
  it("merges the committed partials of a window from several partitions", async () => {
    const { ledger, partials } = await openStores();
    await partials.write({ partitionId: "0", firstSeq: 10, lastSeq: 19 }, aggregateOf(3));
    await ledger.commit({ partitionId: "0", firstSeq: 10, lastSeq: 19 });
    await partials.write({ partitionId: "1", firstSeq: 5, lastSeq: 7 }, aggregateOf(4));
    await ledger.commit({ partitionId: "1", firstSeq: 5, lastSeq: 7 });

    const merged = await partials.readWindow(WINDOW);

    expect(merged.partials).toBe(2);
    expect(merged.ignoredPartials).toBe(0);
    expect(merged.aggregate.records).toBe(7);
    expect(merged.aggregate.population.get("orders;list\u001f200")?.requests).toBe(7);
  });

  it("counts a redelivered batch once because the partial is keyed by the batch", async () => {
    const { ledger, partials } = await openStores();
    const batch = { partitionId: "0", firstSeq: 100, lastSeq: 199 };
    for (let delivery = 0; delivery < 2; delivery++) {
      await partials.write(batch, aggregateOf(5));
      await ledger.commit(batch);
    }

    const merged = await partials.readWindow(WINDOW);

    expect(merged.aggregate.records).toBe(5);
    expect(merged.partials).toBe(1);
  });

  it("ignores a partial whose batch never committed, such as one cut short by a crash", async () => {
    const { ledger, partials } = await openStores();
    await partials.write({ partitionId: "0", firstSeq: 100, lastSeq: 199 }, aggregateOf(9));
    // The host died before committing; the events came back as two smaller batches.
    await partials.write(
      { partitionId: "0", firstSeq: 100, lastSeq: 149 },
      aggregateOf(4, "other;op"),
    );
    await ledger.commit({ partitionId: "0", firstSeq: 100, lastSeq: 149 });
    await partials.write({ partitionId: "0", firstSeq: 150, lastSeq: 249 }, aggregateOf(6));
    await ledger.commit({ partitionId: "0", firstSeq: 150, lastSeq: 249 });

    const merged = await partials.readWindow(WINDOW);

    expect(merged.aggregate.records).toBe(10);
    expect(merged.aggregate.population.get("orders;list\u001f200")?.requests).toBe(6);
    expect(merged.aggregate.population.get("other;op\u001f200")?.requests).toBe(4);
  });

  it("reuses a window's merged partials between reads until the window is forgotten", async () => {
    const { ledger, partials } = await openStores();
    await partials.write({ partitionId: "0", firstSeq: 10, lastSeq: 19 }, aggregateOf(3));
    await ledger.commit({ partitionId: "0", firstSeq: 10, lastSeq: 19 });
    const first = await partials.readWindow(WINDOW);
    await partials.write({ partitionId: "1", firstSeq: 5, lastSeq: 7 }, aggregateOf(4));
    await ledger.commit({ partitionId: "1", firstSeq: 5, lastSeq: 7 });

    const second = await partials.readWindow(WINDOW);
    partials.forgetWindow(WINDOW);
    const third = await partials.readWindow(WINDOW);

    expect(second.aggregate).toBe(first.aggregate);
    expect(second.aggregate.records).toBe(7);
    expect(third.aggregate).not.toBe(first.aggregate);
    expect(third.aggregate.records).toBe(7);
    expect(third.partials).toBe(2);
  });

  it("stores a partial larger than one entity and reads it back whole", async () => {
    const { ledger, partials } = await openStores({ clientKeys: 100_000, populationKeys: 100_000 });
    const aggregate = emptyAggregate(WINDOW);
    // Random-looking endpoints defeat gzip, so the encoded partial spans several entities.
    for (let i = 0; i < 60_000; i++) {
      const endpoint = `api-${(i * 2654435761) % 1_000_003};op-${i.toString(36)}${Math.sin(i).toFixed(8)}`;
      addRecord(
        aggregate,
        requestRecord({ endpoint, timeMs: Date.parse("2024-05-02T10:01:00Z") }),
        [],
      );
    }
    const batch = { partitionId: "3", firstSeq: 1, lastSeq: 60_000 };
    await partials.write(batch, aggregate);
    await ledger.commit(batch);

    const merged = await partials.readWindow(WINDOW);

    expect(merged.aggregate.records).toBe(60_000);
    expect(merged.aggregate.population.size).toBe(aggregate.population.size);
  });

  it("caps the union of a window's partials, keeping the busiest keys and counting the dropped", async () => {
    const { ledger, partials } = await openStores({ clientKeys: 10, populationKeys: 5 });
    const endpoint = (n: number) => `api;op-${String(n).padStart(2, "0")}`;
    const batches = [
      { batch: { partitionId: "0", firstSeq: 1, lastSeq: 4 }, endpoints: [0, 1, 2, 3] },
      { batch: { partitionId: "0", firstSeq: 10, lastSeq: 13 }, endpoints: [4, 5, 6, 7] },
      { batch: { partitionId: "0", firstSeq: 20, lastSeq: 23 }, endpoints: [8, 9, 10, 11] },
    ];
    for (const { batch, endpoints } of batches) {
      await partials.write(batch, aggregateWith(endpoints.map(endpoint)));
      await ledger.commit(batch);
    }
    const busiest = { partitionId: "1", firstSeq: 1, lastSeq: 5 };
    await partials.write(busiest, aggregateWith([endpoint(11)], 5));
    await ledger.commit(busiest);

    const merged = await partials.readWindow(WINDOW);

    // Every request is still counted. Past half again a cap the union is trimmed to the busiest
    // keys (ties to the smaller key), so op-11's request in the third partial went with its key
    // before the fourth brought five more: a key dropped mid-merge comes back with what follows.
    expect(merged.aggregate.records).toBe(17);
    const kept = [...merged.aggregate.population].map(([key, stats]) => [
      key.split("\u001f")[0],
      stats.requests,
    ]);
    expect(kept).toEqual([
      [endpoint(0), 1],
      [endpoint(1), 1],
      [endpoint(2), 1],
      [endpoint(3), 1],
      [endpoint(11), 5],
    ]);
    expect(merged.aggregate.clients.size).toBe(10);
    expect(merged.keysDropped).toEqual({ clientKeys: 3, populationKeys: 8, distinctKeys: 0 });
  });
});
