import { app, type InvocationContext, type Timer } from "@azure/functions";
import { refreshThreatIntel as refreshLists } from "../shared/threatIntel/refreshThreatIntel.js";
import { pipelineForHost } from "./runtime.js";

/**
 * Timer trigger, hourly and at start-up: downloads the Tor exit lists and threat feeds named in
 * GATEWARDEN_TOR_EXIT_LISTS and GATEWARDEN_THREAT_FEEDS into Table Storage. A list that fails to
 * download keeps its previous copy; the failure is logged as a warning.
 */
export async function refreshThreatIntel(_timer: Timer, context: InvocationContext): Promise<void> {
  const pipeline = await pipelineForHost();
  const outcomes = await refreshLists(
    pipeline.settings.threatIntel,
    pipeline.threatIntelStore,
    Date.now(),
  );
  for (const outcome of outcomes) {
    if (outcome.failure)
      context.warn("threat list kept its previous copy", {
        list: outcome.name,
        reason: outcome.failure,
      });
    else context.log("threat list refreshed", { list: outcome.name, entries: outcome.entryCount });
  }
}

app.timer("refreshThreatIntel", {
  schedule: "0 7 * * * *",
  runOnStartup: true,
  handler: refreshThreatIntel,
});
