import { hostname } from "node:os";
import { loadSettings, type Settings } from "../shared/config/settings.js";
import { openPipeline, type Pipeline } from "../shared/pipeline/openPipeline.js";
import type { AlertSink } from "../shared/sinks/alertSink.js";
import { createLogAnalyticsSink } from "../shared/sinks/logAnalyticsSink.js";
import { AlertOutbox } from "../shared/stores/alertOutbox.js";
import { openTables } from "../shared/stores/tableClients.js";
import { ThreatIntelStore } from "../shared/threatIntel/threatIntelStore.js";
import { hostThreatIntel, type HostThreatIntel } from "./hostThreatIntel.js";

export interface HostPipeline extends Pipeline {
  settings: Readonly<Settings>;
  outbox: AlertOutbox;
  threatIntelStore: ThreatIntelStore;
  threatIntel: HostThreatIntel;
  /** Where the outbox delivers: Log Analytics through the Logs Ingestion API. */
  delivery: AlertSink;
}

let pipeline: Promise<HostPipeline> | null = null;

/**
 * The host's one pipeline, opened on first use and reused by every invocation. Settings are read
 * and validated here, once; a bad setting fails the first invocation with the setting's name.
 */
export function pipelineForHost(): Promise<HostPipeline> {
  const opening =
    pipeline ??
    openHostPipeline().catch((error: unknown) => {
      pipeline = null;
      throw error;
    });
  pipeline = opening;
  return opening;
}

/** Evaluation writes alerts to the outbox; the timer then delivers the outbox to Log Analytics. */
async function openHostPipeline(): Promise<HostPipeline> {
  const settings = loadSettings(process.env);
  const storage = requireSetting(settings.storage, "GATEWARDEN_TABLES_ACCOUNT_URL");
  const logsIngestion = requireSetting(
    settings.logsIngestion,
    "GATEWARDEN_LOGS_INGESTION_ENDPOINT",
  );
  const delivery = createLogAnalyticsSink(logsIngestion);
  const tables = await openTables(storage);
  const outbox = new AlertOutbox(tables.outbox);
  const threatIntelStore = new ThreatIntelStore(tables.threatIntel);
  const threatIntel = hostThreatIntel(threatIntelStore);
  const owner = `${hostname()}-${process.pid}`;
  const opened = await openPipeline(settings, tables, outbox.asSink(), owner, {}, threatIntel);
  return { ...opened, settings, outbox, delivery, threatIntelStore, threatIntel };
}

function requireSetting<T>(value: T | null, name: string): T {
  if (value === null) {
    throw new Error(
      `${name}: required in the Function app, got nothing (see README, Configuration)`,
    );
  }
  return value;
}

export type { Settings };
