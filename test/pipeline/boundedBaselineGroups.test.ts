import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { BaselineStore } from "../../shared/stores/baselineStore.js";
import {
  countedState,
  evaluateAll,
  inBatchesOf,
  ingestAll,
  openTestPipeline,
  runTraffic,
  trafficEvents,
} from "../support/spikeTraffic.js";

describe("an evaluator that holds baselines a few shards at a time", { timeout: 300_000 }, () => {
  // The evaluator held every shard of every family from detection to the fold: past the store's
  // budget for kept lines, each window held every baseline the deployment remembered.
  it("raises the same alerts and learns the same baselines as one that holds a whole family", async () => {
    const events = trafficEvents();
    const roomy = await runTraffic(events, 5, null);
    const sent: Alert[] = [];
    const pipeline = await openTestPipeline(sent, {});
    // 600 characters: a group is one shard, and almost nothing stays kept between windows.
    const tight = new BaselineStore(pipeline.tables.baselines, 16, 600);
    const bounded = { ...pipeline, evaluation: { ...pipeline.evaluation, baselines: tight } };

    await ingestAll(bounded, inBatchesOf(events, 5));
    await evaluateAll(bounded);
    const outcome = await countedState(bounded, sent);

    expect(outcome.alertsById.size).toBeGreaterThan(0);
    expect(outcome.sent).toHaveLength(roomy.sent.length);
    expect(outcome.alertsById).toEqual(roomy.alertsById);
    expect(outcome.baselines).toEqual(roomy.baselines);
    expect(outcome.windows).toEqual(roomy.windows);
  });
});
