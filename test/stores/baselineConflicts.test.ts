import { randomBytes } from "node:crypto";
import { RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { BaselineConflictError, BaselineStore } from "../../shared/stores/baselineStore.js";
import { openFreshTables } from "../support/azuriteTables.js";

const KEEP = { beforeWindow: -1, prune: (entry: string) => entry };

/** Loses the answer to every write while `active`, after the service applied it. */
function lostAnswers(): { policy: PipelinePolicy; active: boolean; lost: number } {
  const answers = {
    active: false,
    lost: 0,
    policy: {
      name: "gatewardenLostAnswers",
      sendRequest: async (request, next) => {
        if (!answers.active || request.method === "GET") return next(request);
        await next(request);
        answers.lost += 1;
        answers.active = false;
        throw new RestError("injected timeout after the service applied the request", {
          code: "ETIMEDOUT",
          request,
        });
      },
    } satisfies PipelinePolicy,
  };
  return answers;
}

async function openStore(shardCount: number, policy?: PipelinePolicy): Promise<BaselineStore> {
  const tables = await openFreshTables({
    additionalPolicies: policy ? [{ policy, position: "perRetry" }] : [],
    retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 1 },
  });
  return new BaselineStore(tables.baselines, shardCount);
}

/** Loads shard 0 twice, as two evaluators would, and lets the first save its fold of window 5. */
async function firstOfTwoSaves(store: BaselineStore) {
  const [first] = await store.loadPacked<string>("population", [0]);
  const [stale] = await store.loadPacked<string>("population", [0]);
  first!.set("orders", "first");
  first!.foldedThroughWindow = 5;
  await store.savePacked("population", [first!], KEEP);
  stale!.set("orders", "stale");
  stale!.foldedThroughWindow = 5;
  return stale!;
}

describe("BaselineStore saves", () => {
  it("refuses a save over a shard another writer saved since it was loaded, and keeps that save", async () => {
    const store = await openStore(1);
    await store.saveAll("population", [
      { shardIndex: 0, foldedThroughWindow: 4, entries: new Map([["orders", "seed"]]) },
    ]);
    const stale = await firstOfTwoSaves(store);

    const refused = store.savePacked("population", [stale], KEEP);

    await expect(refused).rejects.toThrow(BaselineConflictError);
    await expect(refused).rejects.toThrow(
      "save of baseline family population refused: shard 0 was saved by another writer after it was loaded (expected the ETag it was loaded with); it was not written",
    );
    await expect(refused).rejects.toMatchObject({ cause: { statusCode: 412 } });
    const [stored] = await store.load<string>("population");
    expect(stored!.foldedThroughWindow).toBe(5);
    expect(stored!.entries).toEqual(new Map([["orders", "first"]]));
  });

  it("refuses to create a shard that another writer created since it was loaded empty", async () => {
    const store = await openStore(1);
    const stale = await firstOfTwoSaves(store);

    const refused = store.savePacked("population", [stale], KEEP);

    await expect(refused).rejects.toThrow(/shard 0 was saved by another writer/);
    await expect(refused).rejects.toMatchObject({ cause: { statusCode: 409 } });
    const [stored] = await store.load<string>("population");
    expect(stored!.entries).toEqual(new Map([["orders", "first"]]));
  });

  it("writes none of the shards saved together when one of them is stale", async () => {
    const store = await openStore(2);
    const [, current] = await store.loadPacked<string>("population", [0, 1]);
    const [staleZero, staleOne] = await store.loadPacked<string>("population", [0, 1]);
    current!.set("billing", "current");
    current!.foldedThroughWindow = 5;
    await store.savePacked("population", [current!], KEEP);
    for (const shard of [staleZero!, staleOne!]) {
      shard.set("orders", "stale");
      shard.foldedThroughWindow = 5;
    }

    const refused = store.savePacked("population", [staleZero!, staleOne!], KEEP);

    await expect(refused).rejects.toThrow(
      "save of baseline family population refused: of shards 0, 1, saved together, another writer saved one after it was loaded (expected the ETags they were loaded with); none was written",
    );
    const shards = await store.load<string>("population");
    expect(shards.map((shard) => [shard.foldedThroughWindow, [...shard.entries]])).toEqual([
      [-1, []],
      [5, [["billing", "current"]]],
    ]);
  });

  it("refuses a stale save of a shard too large for one transaction before writing any chunk", async () => {
    const store = await openStore(1);
    const entries = new Map<string, string>();
    for (let i = 0; i < 2_000; i++) entries.set(`key-${i}`, randomBytes(1_800).toString("base64"));
    await store.saveAll("population", [{ shardIndex: 0, foldedThroughWindow: 4, entries }]);
    const stale = await firstOfTwoSaves(store);
    stale.foldedThroughWindow = 6;

    await expect(store.savePacked("population", [stale], KEEP)).rejects.toThrow(
      BaselineConflictError,
    );

    const [stored] = await store.load<string>("population");
    expect(stored!.foldedThroughWindow).toBe(5);
    expect(stored!.entries.get("orders")).toBe("first");
    expect(stored!.entries.size).toBe(2_001);
  });

  it("takes a refused retry for the save it repeats when the answer to the save was lost", async () => {
    const answers = lostAnswers();
    const store = await openStore(1, answers.policy);
    const [shard] = await store.loadPacked<string>("population", [0]);
    shard!.set("orders", "once");
    shard!.foldedThroughWindow = 5;

    answers.active = true;
    await store.savePacked("population", [shard!], KEEP);

    expect(answers.lost).toBe(1);
    const [stored] = await store.load<string>("population");
    expect(stored!.foldedThroughWindow).toBe(5);
    expect(stored!.entries).toEqual(new Map([["orders", "once"]]));
  });
});
