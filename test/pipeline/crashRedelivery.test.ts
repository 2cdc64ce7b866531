import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import type { HubEvent } from "../../shared/pipeline/ingestEventHubBatch.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import {
  countedState,
  evaluateAll,
  FIRST_MS,
  inBatchesOf,
  ingestAll,
  openTestPipeline,
  runTraffic,
  trafficEvents,
} from "../support/spikeTraffic.js";

/**
 * Kills the host at its `crashAt`-th batch commit: every request before it went through (the
 * batch's partials are written), the commit and everything after never happen.
 */
function dyingHost(crashAt: number): { policy: PipelinePolicy; died: boolean } {
  let commits = 0;
  const host = {
    died: false,
    policy: {
      name: "gatewardenDyingHost",
      sendRequest: async (request, next) => {
        if (host.died) throw new Error("the host is dead");
        if (decodeURIComponent(request.url).includes("PartitionKey='commit-")) commits += 1;
        if (commits === crashAt) {
          host.died = true;
          throw new Error("the host died before committing its batch");
        }
        return next(request);
      },
    } satisfies PipelinePolicy,
  };
  return host;
}

async function ignoredPartialsOf(pipeline: Awaited<ReturnType<typeof openTestPipeline>>) {
  let ignored = 0;
  const entities = pipeline.tables.ledger.listEntities<{ ignoredPartials?: number }>({
    queryOptions: { filter: "PartitionKey eq 'window'" },
  });
  for await (const entity of entities) ignored += Number(entity.ignoredPartials ?? 0);
  return ignored;
}

describe("a host that dies between writing partials and committing", { timeout: 300_000 }, () => {
  it("yields the same alerts, baselines and window counts as a clean run once the batch comes back cut differently", async () => {
    const events = trafficEvents();
    const clean = await runTraffic(events, 5, null);
    const storage = freshStorage();
    const sent: Alert[] = [];
    const host = dyingHost(5);
    const first = await openTestPipeline(
      sent,
      { additionalPolicies: [{ policy: host.policy, position: "perCall" }] },
      storage,
      "first-host",
    );

    // Batches of five; the fifth (events 20-24) writes its partials, then the host dies.
    await ingestAll(first, inBatchesOf(events.slice(0, 20), 5));
    await evaluateClosedWindows(
      { eventTimeMs: FIRST_MS + 19 * WINDOW_MS, wallTimeMs: Date.parse("2024-06-01T00:00:00Z") },
      first.evaluation,
    );
    const crash = await ingestAll(first, [events.slice(20, 25)]).catch((error: Error) => error);
    expect(crash).toBeInstanceOf(Error);
    expect(host.died).toBe(true);

    // The next host gets everything from an older checkpoint, in batches of seven.
    const second = await openTestPipeline(sent, {}, storage, "second-host");
    const redelivered: HubEvent[][] = inBatchesOf(events.slice(14), 7);
    await ingestAll(second, redelivered);
    await evaluateAll(second);
    const recovered = await countedState(second, sent);

    expect(recovered.sent).toHaveLength(clean.sent.length);
    expect(recovered.alertsById).toEqual(clean.alertsById);
    expect(recovered.baselines).toEqual(clean.baselines);
    expect(recovered.windows).toEqual(clean.windows);
    expect(recovered.deadLetters).toBe(clean.deadLetters);
    // The dead host's partials of events 20-24 were written but never committed. The redelivered
    // batch that starts at event 20 replaced the first; the other four were left and ignored.
    expect(await ignoredPartialsOf(second)).toBe(4);
  });
});
