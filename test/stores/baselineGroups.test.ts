import { describe, expect, it } from "vitest";
import { BaselineConflictError, BaselineStore } from "../../shared/stores/baselineStore.js";
import { openFreshTables } from "../support/azuriteTables.js";
import { countingTable, noWork } from "../support/countingTable.js";

const KEEP = { beforeWindow: -1, prune: (entry: number[]) => entry };
const SHARDS = 4;
const ALL = [0, 1, 2, 3];

function entryOf(key: number, window: number): number[] {
  return Array.from({ length: 8 }, (_, point) => key * 1_000 + window + point);
}

/** Folds one window into every shard, keys k0 to k(count-1). */
async function foldWindow(store: BaselineStore, window: number, count: number) {
  const shards = await store.loadPacked<number[]>("client", ALL);
  for (let key = 0; key < count; key++) {
    shards[store.shardOf(`k${key}`)]!.set(`k${key}`, entryOf(key, window));
  }
  for (const shard of shards) shard.foldedThroughWindow = window;
  await store.savePacked("client", shards, KEEP);
}

/** Characters each shard's stored lines hold, as the store wrote them. */
function storedCharsOf(store: BaselineStore, count: number): number[] {
  const chars = ALL.map(() => 0);
  for (let key = 0; key < count; key++) {
    const line = `${JSON.stringify(`k${key}`)}\t0\t${JSON.stringify(entryOf(key, 0))}`;
    chars[store.shardOf(`k${key}`)]! += line.length;
  }
  return chars;
}

describe("BaselineStore shard groups", { timeout: 60_000 }, () => {
  it("groups shards so that no group holds more than half the kept budget, unless one shard alone does", async () => {
    const tables = await openFreshTables();
    const writer = new BaselineStore(tables.baselines, SHARDS);
    await foldWindow(writer, 0, 400);
    const chars = storedCharsOf(writer, 400);
    const largest = Math.max(...chars);
    const total = chars.reduce((sum, shardChars) => sum + shardChars, 0);

    const roomy = new BaselineStore(tables.baselines, SHARDS, 2 * total);
    const tight = new BaselineStore(tables.baselines, SHARDS, largest);
    const middle = new BaselineStore(tables.baselines, SHARDS, 2 * largest);

    expect(roomy.groupsOf(await roomy.readHeads("client"), ALL)).toEqual([ALL]);
    expect(tight.groupsOf(await tight.readHeads("client"), [3, 1, 0, 2, 1])).toEqual([
      [0],
      [1],
      [2],
      [3],
    ]);
    const groups = middle.groupsOf(await middle.readHeads("client"), ALL);
    expect(groups.flat()).toEqual(ALL);
    for (const group of groups) {
      const groupChars = group.reduce((sum, shardIndex) => sum + chars[shardIndex]!, 0);
      expect(groupChars).toBeLessThanOrEqual(largest);
    }
  });

  it("counts a family never saved, and shards never saved, as one group", async () => {
    const tables = await openFreshTables();
    const store = new BaselineStore(tables.baselines, SHARDS, 1);

    expect(store.groupsOf(await store.readHeads("client"), ALL)).toEqual([ALL]);
  });

  it("reads each shard from Table once when a window views it for detection and then loads it to fold", async () => {
    const tables = await openFreshTables();
    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 0, 300);
    const work = { current: noWork() };
    const cold = new BaselineStore(countingTable(tables.baselines, work), SHARDS);

    const heads = await cold.readHeads("client");
    const viewed = await cold.viewPacked<number[]>("client", ALL, heads);
    const viewReads = work.current.dataBytesRead;
    work.current = noWork();
    const loaded = await cold.loadPacked<number[]>("client", ALL, heads);

    expect(viewReads).toBeGreaterThan(0);
    expect(work.current).toEqual(noWork());
    for (let key = 0; key < 300; key++) {
      const shardIndex = cold.shardOf(`k${key}`);
      expect(viewed[shardIndex]!.get(`k${key}`)).toEqual(entryOf(key, 0));
      expect(loaded[shardIndex]!.get(`k${key}`)).toEqual(entryOf(key, 0));
    }
  });

  it("holds viewed shards as compressed chunks once their lines pass the budget, and the fold reads nothing", async () => {
    const tables = await openFreshTables();
    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 0, 300);
    const work = { current: noWork() };
    const largest = Math.max(...storedCharsOf(new BaselineStore(tables.baselines, SHARDS), 300));
    // Half this budget holds the lines of one or two shards, not four; the rest stay gzipped.
    const cold = new BaselineStore(countingTable(tables.baselines, work), SHARDS, 2 * largest);

    const heads = await cold.readHeads("client");
    await cold.viewPacked<number[]>("client", ALL, heads);
    work.current = noWork();
    const loaded = await cold.loadPacked<number[]>("client", ALL, heads);

    expect(work.current).toEqual(noWork());
    for (let key = 0; key < 300; key++) {
      expect(loaded[cold.shardOf(`k${key}`)]!.get(`k${key}`)).toEqual(entryOf(key, 0));
    }
  });

  it("reads a viewed shard again when neither its lines nor its chunks fit, every entry intact", async () => {
    const tables = await openFreshTables();
    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 0, 300);
    const work = { current: noWork() };
    const cold = new BaselineStore(countingTable(tables.baselines, work), SHARDS, 2);

    const heads = await cold.readHeads("client");
    await cold.viewPacked<number[]>("client", ALL, heads);
    work.current = noWork();
    const loaded = await cold.loadPacked<number[]>("client", ALL, heads);

    expect(work.current.dataBytesRead).toBeGreaterThan(0);
    for (let key = 0; key < 300; key++) {
      expect(loaded[cold.shardOf(`k${key}`)]!.get(`k${key}`)).toEqual(entryOf(key, 0));
    }
  });

  it("refuses to load, as of its heads, a shard another writer saved after they were read", async () => {
    const tables = await openFreshTables();
    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 0, 300);
    const evaluator = new BaselineStore(tables.baselines, SHARDS);
    const heads = await evaluator.readHeads("client");

    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 1, 300);
    const refused = evaluator.loadPacked<number[]>("client", [2], heads);

    await expect(refused).rejects.toBeInstanceOf(BaselineConflictError);
    await expect(refused).rejects.toThrow(
      "save of baseline family client refused: shard 2 was saved by another writer after it was loaded",
    );
  });

  it("refuses to save, as of its heads, a shard it kept when another writer saved it since", async () => {
    const tables = await openFreshTables();
    const evaluator = new BaselineStore(tables.baselines, SHARDS);
    await foldWindow(evaluator, 0, 300);
    const heads = await evaluator.readHeads("client");

    await foldWindow(new BaselineStore(tables.baselines, SHARDS), 1, 300);
    const [kept] = await evaluator.loadPacked<number[]>("client", [2], heads);
    kept!.set("k-late", [1]);
    kept!.foldedThroughWindow = 1;

    await expect(evaluator.savePacked("client", [kept!], KEEP)).rejects.toBeInstanceOf(
      BaselineConflictError,
    );
    const shards = await new BaselineStore(tables.baselines, SHARDS).load<number[]>("client");
    expect(shards[2]!.entries.has("k-late")).toBe(false);
  });

  it("refuses heads of one family given to read another", async () => {
    const tables = await openFreshTables();
    const store = new BaselineStore(tables.baselines, SHARDS);
    const heads = await store.readHeads("client");

    await expect(store.viewPacked("population", [0], heads)).rejects.toThrow(
      "shard heads of family client were given to read family population",
    );
  });
});
