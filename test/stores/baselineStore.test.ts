import { describe, expect, it } from "vitest";
import { BaselineStore } from "../../shared/stores/baselineStore.js";
import { openFreshTables } from "../support/azuriteTables.js";

describe("BaselineStore", () => {
  it("returns empty shards for a family never saved", async () => {
    const store = new BaselineStore((await openFreshTables()).baselines, 4);

    const shards = await store.load("population");

    expect(
      shards.map((shard) => [shard.shardIndex, shard.foldedThroughWindow, shard.entries.size]),
    ).toEqual([
      [0, -1, 0],
      [1, -1, 0],
      [2, -1, 0],
      [3, -1, 0],
    ]);
  });

  it("round-trips many keys packed into a shard with the window it was folded through", async () => {
    const store = new BaselineStore((await openFreshTables()).baselines, 2);
    const entries = new Map<string, number[]>();
    for (let i = 0; i < 20_000; i++) entries.set(`endpoint-${i}\u001f200`, [i, i * 2]);

    await store.save("population", { shardIndex: 1, foldedThroughWindow: 1234, entries });
    const [, shard] = await store.load<number[]>("population");

    expect(shard!.foldedThroughWindow).toBe(1234);
    expect(shard!.entries.size).toBe(20_000);
    expect(shard!.entries.get("endpoint-19999\u001f200")).toEqual([19999, 39998]);
  });

  it("spreads keys over every shard and always puts a key in the same one", async () => {
    const store = new BaselineStore((await openFreshTables()).baselines, 8);
    const used = new Set<number>();
    for (let i = 0; i < 1000; i++) used.add(store.shardOf(`key-${i}`));

    expect(used.size).toBe(8);
    expect(store.shardOf("orders;list\u001f200")).toBe(store.shardOf("orders;list\u001f200"));
  });

  it("rejects a shard count outside 1 to 1024 with the value in the message", async () => {
    const table = (await openFreshTables()).baselines;
    expect(() => new BaselineStore(table, 0)).toThrow(
      "baseline shard count must be an integer from 1 to 1024, got 0",
    );
  });
});
