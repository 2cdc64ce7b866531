import { describe, expect, it } from "vitest";
import { BaselineStore } from "../../shared/stores/baselineStore.js";
import { openFreshTables } from "../support/azuriteTables.js";
import { countingTable, noWork, type TableWork } from "../support/countingTable.js";

const KEEP = { beforeWindow: -1, prune: (entry: number[]) => entry };
const SHARDS = 4;

/** A key's entry: a series that grows with every window the key is folded in. */
function entryOf(key: number, window: number): number[] {
  return Array.from({ length: 8 + (window % 5) }, (_, point) => key * 1_000 + window + point);
}

/** Folds one window into every shard, as an evaluator whose window reaches every shard does. */
async function foldWindow(store: BaselineStore, window: number, keys: Iterable<number>) {
  const shards = await store.loadPacked<number[]>("client", [0, 1, 2, 3]);
  for (const key of keys) shards[store.shardOf(`k${key}`)]!.set(`k${key}`, entryOf(key, window));
  for (const shard of shards) shard.foldedThroughWindow = window;
  await store.savePacked("client", shards, KEEP);
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, offset) => from + offset);
}

async function openCountingStore(work: { current: TableWork }): Promise<BaselineStore> {
  const tables = await openFreshTables();
  return new BaselineStore(countingTable(tables.baselines, work), SHARDS);
}

describe("BaselineStore Table work per window", { timeout: 60_000 }, () => {
  it("reads the shards that fell out of a small kept budget in full again, every entry intact", async () => {
    const work = { current: noWork() };
    const tables = await openFreshTables();
    const store = new BaselineStore(countingTable(tables.baselines, work), SHARDS, 1);
    await foldWindow(store, 0, range(0, 400));
    work.current = noWork();

    const shards = await store.loadPacked<number[]>("client", [0, 1, 2, 3]);

    // Only the last shard saved stays kept under a budget of one character.
    expect(work.current.dataBytesRead).toBeGreaterThan(0);
    for (let key = 0; key < 400; key++) {
      expect(shards[store.shardOf(`k${key}`)]!.get(`k${key}`)).toEqual(entryOf(key, 0));
    }
  });

  // Every shard held all its keys and was read and rewritten whole in every window, so a replay
  // slowed down as clients accumulated: 19 ms of baseline loading per window on day 1, 1.2 s on
  // day 6, while each window still touched about 1% of the client keys.
  it("reads only shard heads and writes only changed keys in a window after its own save", async () => {
    const work = { current: noWork() };
    const store = await openCountingStore(work);
    await foldWindow(store, 0, range(0, 4_000));
    const seeded = work.current;

    const perWindow: TableWork[] = [];
    for (let window = 1; window <= 12; window++) {
      work.current = noWork();
      await foldWindow(store, window, range(window * 7, 20));
      perWindow.push(work.current);
    }

    for (const windowWork of perWindow) {
      expect(windowWork.calls).toBe(2);
      expect(windowWork.entitiesRead).toBe(SHARDS);
      expect(windowWork.dataBytesRead).toBe(0);
      expect(windowWork.entitiesWritten).toBe(2 * SHARDS);
      expect(windowWork.dataBytesWritten).toBeLessThan(seeded.dataBytesWritten / 20);
    }
  });

  it("keeps the Table work of a window flat as the shards fill with keys it does not touch", async () => {
    const work = { current: noWork() };
    const store = await openCountingStore(work);
    const windowWork = async (window: number) => {
      const measured = (work.current = noWork());
      await foldWindow(store, window, range(0, 20));
      work.current = noWork();
      return measured;
    };

    await foldWindow(store, 0, range(0, 20));
    const early = await windowWork(1);
    for (let window = 2; window < 30; window++)
      await foldWindow(store, window, range(window * 100, 100));
    const late = await windowWork(30);

    expect(late.calls).toBe(early.calls);
    expect(late.entitiesRead).toBe(early.entitiesRead);
    expect(late.entitiesWritten).toBe(early.entitiesWritten);
    expect(late.dataBytesRead).toBe(0);
    expect(late.dataBytesWritten).toBeLessThan(2 * early.dataBytesWritten);
  });

  it("reads a shard whole again when another writer saved it since this store did", async () => {
    const tables = await openFreshTables();
    const first = new BaselineStore(tables.baselines, SHARDS);
    const second = new BaselineStore(tables.baselines, SHARDS);
    await foldWindow(first, 0, range(0, 200));
    await foldWindow(second, 1, [3]);

    const shards = await first.load<number[]>("client");

    expect(shards.map((shard) => shard.foldedThroughWindow)).toEqual([1, 1, 1, 1]);
    const entries = new Map(shards.flatMap((shard) => [...shard.entries]));
    expect(entries.size).toBe(200);
    expect(entries.get("k3")).toEqual(entryOf(3, 1));
    expect(entries.get("k4")).toEqual(entryOf(4, 0));
  });

  it("reads a shard whole again when the window that loaded it never saved it", async () => {
    const work = { current: noWork() };
    const store = await openCountingStore(work);
    await foldWindow(store, 0, range(0, 200));
    const [unsaved] = await store.loadPacked<number[]>("client", [store.shardOf("k0")]);
    unsaved!.set("k0", [-1]);

    work.current = noWork();
    const [shard] = await store.loadPacked<number[]>("client", [store.shardOf("k0")]);

    expect(work.current.dataBytesRead).toBeGreaterThan(0);
    expect(shard!.get("k0")).toEqual(entryOf(0, 0));
  });

  // Rewrites were triggered by counting lines only: the few keys active in every window have the
  // longest entries, so their superseded copies grew the client shards to three times the size
  // of their live entries.
  it("rewrites a shard once superseded entries outweigh the live ones, though they are few lines", async () => {
    const tables = await openFreshTables();
    const store = new BaselineStore(tables.baselines, 1);
    const seed = await store.loadPacked<number[]>("client", [0]);
    for (let key = 0; key < 1_000; key++) seed[0]!.set(`small-${key}`, [key]);
    seed[0]!.foldedThroughWindow = 0;
    await store.savePacked("client", seed, KEEP);

    for (let window = 1; window <= 60; window++) {
      const shards = await store.loadPacked<number[]>("client", [0]);
      shards[0]!.set("busy", range(0, 2_000 + window));
      shards[0]!.foldedThroughWindow = window;
      await store.savePacked("client", shards, KEEP);
    }
    const work = { current: noWork() };
    const cold = new BaselineStore(countingTable(tables.baselines, work), 1);
    const [decoded] = await cold.load<number[]>("client");

    expect(decoded!.entries.get("busy")).toEqual(range(0, 2_060));
    expect(decoded!.entries.size).toBe(1_001);
    const liveBytes = JSON.stringify([...decoded!.entries]).length;
    expect(work.current.dataBytesRead).toBeLessThan(liveBytes);
  });
});
