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

  it("reads back each key's latest entry after many saves that change a few keys each", async () => {
    const store = new BaselineStore((await openFreshTables()).baselines, 1);
    const keep = { beforeWindow: -1, prune: (entry: number[]) => entry };
    const expected = new Map<string, number[]>();
    for (let window = 0; window < 12; window++) {
      const [shard] = await store.loadPacked<number[]>("client", [0]);
      for (let i = 0; i < 50; i++) {
        const key = `k${(window * 7 + i) % 120}`;
        const entry = [window, i];
        shard!.set(key, entry);
        expected.set(key, entry);
      }
      if (window === 0) shard!.set("gone", [0, 0]);
      if (window === 5) shard!.set("gone", null);
      shard!.foldedThroughWindow = window;
      await store.savePacked("client", [shard!], keep);
    }

    const [packed] = await store.loadPacked<number[]>("client", [0]);
    const [decoded] = await store.load<number[]>("client");

    expect(decoded!.foldedThroughWindow).toBe(11);
    expect(new Map([...decoded!.entries].sort())).toEqual(new Map([...expected].sort()));
    expect(packed!.get("gone")).toBeUndefined();
    expect(packed!.get("k119", ([window, i]) => [window! * 100, i!])).toEqual([
      expected.get("k119")![0]! * 100,
      expected.get("k119")![1],
    ]);
  });

  it("drops, when it rewrites a shard, entries last written a lookback ago that prune empties", async () => {
    const store = new BaselineStore((await openFreshTables()).baselines, 1);
    const entries = new Map<string, number[]>();
    for (let i = 0; i < 10; i++) entries.set(`old-${i}`, [i]);
    await store.save("population", { shardIndex: 0, foldedThroughWindow: 3, entries });
    // The same five keys change in every save, so superseded lines soon outnumber live ones
    // and a save rewrites the shard, revisiting the old entries.
    for (let window = 4; window < 10; window++) {
      const [shard] = await store.loadPacked<number[]>("population", [0]);
      for (let i = 0; i < 5; i++) shard!.set(`new-${i}`, [window]);
      if (window === 4) shard!.set("old-0", [100]);
      shard!.foldedThroughWindow = window;
      await store.savePacked("population", [shard!], {
        beforeWindow: 3,
        prune: (entry) => (entry[0]! % 2 === 0 ? entry : null),
      });
    }
    const [decoded] = await store.load<number[]>("population");

    expect([...decoded!.entries.keys()].filter((key) => key.startsWith("old-")).sort()).toEqual([
      "old-0",
      "old-2",
      "old-4",
      "old-6",
      "old-8",
    ]);
    expect(decoded!.entries.get("old-0")).toEqual([100]);
    expect(decoded!.entries.get("new-4")).toEqual([9]);
    expect(decoded!.entries.size).toBe(10);
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
