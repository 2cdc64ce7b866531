import { app, type InvocationContext, type Timer } from "@azure/functions";
import { evaluateClosedWindows } from "../shared/pipeline/evaluateWindows.js";
import { raiseEarlyAlerts } from "../shared/pipeline/raiseEarlyAlerts.js";
import { windowIdOf } from "../shared/windows/window.js";
import { pipelineForHost } from "./runtime.js";

/**
 * Timer trigger, every five minutes: raises indicator alerts (attack user agents, listed
 * addresses) from windows still open, evaluates the windows that closed since the last run, then
 * delivers the alert outbox to Log Analytics. Overlapping runs are safe: window leases let only
 * one of them evaluate a window, and a twice-delivered alert keeps its AlertId.
 */
export async function evaluateWindows(_timer: Timer, context: InvocationContext): Promise<void> {
  const pipeline = await pipelineForHost();
  const nowMs = Date.now();
  const clock = { eventTimeMs: nowMs, wallTimeMs: nowMs };
  const early = await raiseEarlyAlerts(clock, pipeline.evaluation);
  if (early.alerts.length > 0)
    context.log("indicator alerts raised early", { alerts: early.alerts.length });

  const summary = await evaluateClosedWindows(clock, pipeline.evaluation);
  for (const window of summary.evaluated) {
    const { clientKeys, populationKeys, distinctKeys } = window.keysDropped;
    const fields = {
      windowStart: windowIdOf(window.windowIndex),
      records: window.records,
      alerts: window.alerts.length,
      partials: window.partials,
      ignoredPartials: window.ignoredPartials,
      clientKeysDropped: clientKeys,
      populationKeysDropped: populationKeys,
      distinctKeysDropped: distinctKeys,
    };
    if (clientKeys + populationKeys + distinctKeys > 0) {
      context.warn("window evaluated past the per-window key caps", fields);
    } else context.log("window evaluated", fields);
  }
  if (summary.stoppedBecause) {
    context.warn("evaluation stopped early", { reason: summary.stoppedBecause });
  }

  const delivery = await pipeline.outbox.deliver(pipeline.delivery);
  const fields = { delivered: delivery.delivered, remaining: delivery.remaining };
  if (delivery.remaining > 0) {
    context.warn("alerts stay in the outbox", { ...fields, reasons: delivery.failures.join("; ") });
  } else if (delivery.delivered > 0) {
    context.log("alerts delivered", fields);
  }
}

app.timer("evaluateWindows", {
  schedule: "0 */5 * * * *",
  runOnStartup: false,
  handler: evaluateWindows,
});
