import { hostname } from "node:os";
import { loadSettings, type Settings } from "../shared/config/settings.js";
import { openPipeline, type Pipeline } from "../shared/pipeline/openPipeline.js";
import { createLogAnalyticsSink } from "../shared/sinks/logAnalyticsSink.js";

let pipeline: Promise<Pipeline> | null = null;

/**
 * The host's one pipeline, opened on first use and reused by every invocation. Settings are read
 * and validated here, once; a bad setting fails the first invocation with the setting's name.
 */
export function pipelineForHost(): Promise<Pipeline> {
  pipeline ??= openHostPipeline().catch((error: unknown) => {
    pipeline = null;
    throw error;
  });
  return pipeline;
}

async function openHostPipeline(): Promise<Pipeline> {
  const settings = loadSettings(process.env);
  const storage = requireSetting(settings.storage, "GATEWARDEN_TABLES_ACCOUNT_URL");
  const logsIngestion = requireSetting(
    settings.logsIngestion,
    "GATEWARDEN_LOGS_INGESTION_ENDPOINT",
  );
  const sink = createLogAnalyticsSink(logsIngestion);
  return openPipeline(settings, storage, sink, `${hostname()}-${process.pid}`);
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
