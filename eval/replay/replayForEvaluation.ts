import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import type { Logger } from "../../shared/logging/logger.js";
import { openPipeline } from "../../shared/pipeline/openPipeline.js";
import type { InputFormat } from "../../shared/records/requestRecord.js";
import { replayFiles, type ReplayProgress } from "../../shared/replay/replayFiles.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import { startEmbeddedAzurite } from "../../shared/stores/embeddedAzurite.js";
import { ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";

/** What one evaluation replay reads, and with which lists. */
export interface ReplayInput {
  paths: string[];
  format: InputFormat | "auto";
  torExitLists: string[];
  feeds: { name: string; path: string }[];
}

/** What one replay produced: the replay summary's counts and its alerts, one per alert id. */
export interface ReplayOutcome {
  files: number;
  records: number;
  rejected: number;
  late: number;
  windows: number;
  tableRequests: number;
  elapsedMs: number;
  firstRecordMs: number | null;
  lastRecordMs: number | null;
  alerts: Alert[];
}

/**
 * Replays `input.paths` through the product as `gatewarden replay` does: an embedded in-memory
 * Azurite, default settings, the given Tor lists and feeds. Nothing persists between calls.
 */
export async function replayForEvaluation(
  input: ReplayInput,
  logger: Logger,
  onProgress: (progress: ReplayProgress) => void = () => {},
): Promise<ReplayOutcome> {
  const threatIntel = new ThreatIntelSet();
  await threatIntel.loadFromFiles({ torExitLists: input.torExitLists, feeds: input.feeds });
  const azurite = await startEmbeddedAzurite();
  try {
    const storage = {
      kind: "connectionString" as const,
      connectionString: azurite.connectionString,
      tablePrefix: "gatewardenEval",
    };
    const pipeline = await openPipeline(
      loadSettings({}),
      storage,
      discardingSink(),
      "gatewarden-eval",
      {},
      { current: () => threatIntel },
    );
    const summary = await replayFiles({
      paths: input.paths,
      format: input.format,
      pipeline,
      logger,
      now: () => Date.now(),
      onProgress,
    });
    return { ...summary, alerts: oncePerAlertId(summary.alerts) };
  } finally {
    await azurite.stop();
  }
}

/**
 * One alert per id, as Log Analytics shows it. An indicator alert is raised early and again when
 * its window closes; an incident raises one version per alerting window under its first window's
 * id. Keeps the last version's content, the first time it was raised, and the span from the first
 * window's start to the last window's end, so an incident is matched over every window it covers.
 */
export function oncePerAlertId(alerts: readonly Alert[]): Alert[] {
  const byId = new Map<string, Alert>();
  for (const alert of alerts) {
    const earlier = byId.get(alert.alertId) ?? alert;
    byId.set(alert.alertId, {
      ...alert,
      raisedAtMs: Math.min(alert.raisedAtMs, earlier.raisedAtMs),
      windowStartMs: Math.min(alert.windowStartMs, earlier.windowStartMs),
      windowEndMs: Math.max(alert.windowEndMs, earlier.windowEndMs),
    });
  }
  return [...byId.values()];
}

// The replay summary keeps every alert; the evaluation needs no other destination.
function discardingSink(): AlertSink {
  return {
    name: "evaluation",
    send: async (alerts) => ({ sent: alerts.length, failed: [] }),
  };
}
