import { SingleBar } from "cli-progress";
import type { Alert } from "../alerts/alert.js";
import type { Settings } from "../config/settings.js";
import { createLineLogger, type Logger } from "../logging/logger.js";
import { openPipeline, type Pipeline } from "../pipeline/openPipeline.js";
import type { InputFormat } from "../records/requestRecord.js";
import { replayFiles, type ReplayProgress, type ReplaySummary } from "../replay/replayFiles.js";
import { writeDeadLetters } from "../replay/writeDeadLetters.js";
import type { AlertSink, SendResult } from "../sinks/alertSink.js";
import { formatAlertTable } from "../sinks/alertTable.js";
import { createNdjsonSink } from "../sinks/ndjsonSink.js";
import { startEmbeddedAzurite, type EmbeddedAzurite } from "../stores/embeddedAzurite.js";
import type { StorageTarget } from "../stores/tableClients.js";
import type { ThreatIntelSet } from "../threatIntel/threatIntelSet.js";
import { formatSummary } from "./formatSummary.js";
import { requireLogFiles, requireReadablePaths } from "./inputPaths.js";
import {
  outputWriteError,
  requireOutputsApart,
  startOutputFile,
  stdoutWriteError,
} from "./replayOutputs.js";
import { loadReplaySettings } from "./replaySettings.js";
import { loadReplayThreatIntel } from "./replayThreatIntel.js";
import { UsageError } from "./usageError.js";

export interface ReplayFlags {
  format: InputFormat | "auto";
  out?: string;
  deadLetters?: string;
  table?: boolean;
  storage?: string;
  trustForwardedFor?: boolean;
  trustedProxy: string[];
  detection?: string;
  torExitList: string[];
  threatIntel: string[];
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * Runs `gatewarden replay`; returns the process exit code. Throws a UsageError (exit 2) before
 * anything is written when the command line cannot run as given.
 */
export async function runReplay(paths: string[], flags: ReplayFlags): Promise<number> {
  const logger = createLineLogger(
    "gatewarden:replay",
    flags.verbose ? "debug" : flags.quiet ? "warn" : "info",
  );
  const settings = loadReplaySettings(flags, logger);
  await requireReadablePaths(paths);
  await requireLogFiles(paths);
  await requireOutputsApart(flags, paths);
  const threatIntel = await loadReplayThreatIntel(flags, logger);
  if (flags.out && flags.out !== "-") await startOutputFile("--out", flags.out);
  if (flags.deadLetters && flags.deadLetters !== "-") {
    await startOutputFile("--dead-letters", flags.deadLetters);
  }

  let azurite: EmbeddedAzurite | null = null;
  try {
    let storage = settings.storage;
    if (!storage) {
      azurite = await startEmbeddedAzurite();
      logger.info("started embedded Azurite (in memory)", { port: azurite.port });
      storage = {
        kind: "connectionString",
        connectionString: azurite.connectionString,
        tablePrefix: "gatewarden",
      };
    }
    const collected: Alert[] = [];
    const sink = replaySink(flags, settings, collected);
    const pipeline = await openStoragePipeline(settings, storage, sink, threatIntel, flags);
    const bar = progressBar(flags.quiet === true);
    const summary = await replayFiles({
      paths,
      format: flags.format,
      pipeline,
      logger,
      now: () => Date.now(),
      onProgress: bar.update,
    });
    bar.stop();
    await sink.close?.();
    // Read back from the table, so the file holds what the store kept, and before the embedded
    // Azurite stops and takes its in-memory tables with it.
    if (flags.deadLetters) await saveDeadLetters(pipeline, summary, flags.deadLetters, logger);
    report(summary, collected, paths, flags, logger, settings.storage === null);
    return summary.records === 0 && summary.alreadyCounted === 0 && summary.rejected > 0 ? 1 : 0;
  } finally {
    if (azurite) await (azurite as EmbeddedAzurite).stop();
  }
}

/** Writes the replay's dead letters, as the store holds them, to the --dead-letters target. */
async function saveDeadLetters(
  pipeline: Pipeline,
  summary: ReplaySummary,
  target: string,
  logger: Logger,
): Promise<void> {
  const counts = await writeDeadLetters(
    pipeline.ingest.deadLetters,
    summary.partitionId,
    target,
  ).catch(async (cause: unknown) => {
    throw target === "-"
      ? stdoutWriteError(cause)
      : await outputWriteError("--dead-letters", target, cause);
  });
  logger.info("dead letters written", {
    file: target === "-" ? "stdout" : target,
    rejected: counts.rejected,
    late: counts.late,
  });
}

/** Opens the tables; a bad --storage value is reported as the flag's fault, with the reason. */
async function openStoragePipeline(
  settings: Readonly<Settings>,
  storage: StorageTarget,
  sink: AlertSink,
  threatIntel: ThreatIntelSet | null,
  flags: ReplayFlags,
): Promise<Pipeline> {
  try {
    return await openPipeline(
      settings,
      storage,
      sink,
      `replay-${process.pid}`,
      {},
      {
        current: () => threatIntel,
      },
    );
  } catch (cause) {
    // The embedded Azurite is ours; its failures are not a setting's fault.
    if (settings.storage === null) throw cause;
    const where = flags.storage
      ? "--storage"
      : settings.storage.kind === "connectionString"
        ? "GATEWARDEN_STORAGE_CONNECTION_STRING"
        : "GATEWARDEN_TABLES_ACCOUNT_URL";
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new UsageError(
      `${where}: could not open Table Storage (expected a connection string such as Azurite's, or a reachable account): ${reason}`,
      { cause },
    );
  }
}

/**
 * Passes alerts on to the --out file, stdout or nowhere (with --table), and keeps a copy of each
 * alert written for the table and the summary. A failed write stops the replay with its cause: the
 * pipeline would only see alerts not accepted, and retry the window after its lease.
 */
function replaySink(
  flags: ReplayFlags,
  settings: Readonly<Settings>,
  collected: Alert[],
): AlertSink {
  let writeError: unknown = null;
  const onWriteError = (error: unknown) => {
    writeError ??= error;
  };
  const inner =
    flags.out !== undefined
      ? createNdjsonSink(flags.out, { onWriteError })
      : flags.table
        ? null
        : createNdjsonSink(process.stdout, { onWriteError });
  return {
    name: inner?.name ?? "memory",
    async send(alerts): Promise<SendResult> {
      const result = inner ? await inner.send(alerts) : { sent: alerts.length, failed: [] };
      if (writeError !== null) throw await alertsNotWritten(flags, settings, writeError);
      const failedIds = new Set(result.failed.map((failure) => failure.alert.alertId));
      collected.push(...alerts.filter((alert) => !failedIds.has(alert.alertId)));
      return result;
    },
    close: async () => inner?.close?.(),
  };
}

/**
 * Why the alerts could not be written. Only a store that outlives the replay (--storage) keeps the
 * window being evaluated claimed, so only then is there a lease to wait for.
 */
async function alertsNotWritten(
  flags: ReplayFlags,
  settings: Readonly<Settings>,
  cause: unknown,
): Promise<UsageError> {
  const error =
    flags.out !== undefined && flags.out !== "-"
      ? await outputWriteError("--out", flags.out, cause)
      : stdoutWriteError(cause);
  if (settings.storage === null) return error;
  return new UsageError(
    `${error.message}. The store keeps the window it was evaluating claimed for up to ${settings.evaluationLeaseMinutes} minute(s) (GATEWARDEN_EVALUATION_LEASE_MINUTES); replay again after that to evaluate it`,
    { cause },
  );
}

function progressBar(quiet: boolean): {
  update: (progress: ReplayProgress) => void;
  stop: () => void;
} {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: "{phase} [{bar}] {percentage}% {value}/{total}",
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update: (progress) => {
      if (!started) {
        bar.start(progress.total, progress.done, { phase: progress.phase });
        started = true;
      }
      bar.setTotal(progress.total);
      bar.update(progress.done, { phase: progress.phase });
    },
    stop: () => started && bar.stop(),
  };
}

function report(
  summary: ReplaySummary,
  alerts: Alert[],
  paths: readonly string[],
  flags: ReplayFlags,
  logger: Logger,
  embedded: boolean,
): void {
  const deadLetters = whereDeadLettersAre(flags, embedded);
  if (flags.table) {
    const colour = process.stdout.isTTY === true;
    process.stdout.write(`${formatAlertTable(alerts, { colour })}\n`);
  }
  if (!flags.quiet) {
    process.stderr.write(`${formatSummary(summary, deadLetters)}\n`);
  }
  if (summary.records + summary.rejected + summary.late + summary.alreadyCounted === 0) {
    logger.warn(`${describeInputs(paths, summary.files)} held no records; nothing was replayed`);
  }
  if (summary.rejected === 0) return;
  logger.warn(`records were rejected (${deadLetters}); first reasons follow`, {
    rejected: summary.rejected,
  });
  for (const rejection of summary.rejectionSamples) {
    logger.warn(`rejected ${rejection.source}: ${rejection.reason}`);
  }
  const unprinted = summary.rejectionReasons - summary.rejectionSamples.length;
  if (unprinted > 0) logger.warn(`and ${unprinted} more reasons; ${whereAllReasonsAre(flags)}`);
  if (summary.records === 0 && summary.alreadyCounted === 0) {
    logger.warn("no record could be read; check --format and the reasons above");
  }
}

/**
 * Where the replay's dead letters are once it ends. The embedded store goes with the process, so
 * there only --dead-letters keeps them.
 */
function whereDeadLettersAre(flags: ReplayFlags, embedded: boolean): string {
  if (flags.deadLetters === "-") return "dead letters written to stdout";
  if (flags.deadLetters) return `dead letters written to ${flags.deadLetters}`;
  if (!embedded) return "kept in the store's dead-letter table";
  return "not kept: the embedded store ends with the replay; --dead-letters <file> keeps them";
}

function whereAllReasonsAre(flags: ReplayFlags): string {
  if (!flags.deadLetters) {
    return "--dead-letters <file> writes every rejected and late record with its reason";
  }
  const where = flags.deadLetters === "-" ? "on stdout" : `in ${flags.deadLetters}`;
  return `every rejected and late record is ${where}, with its reason`;
}

function describeInputs(paths: readonly string[], files: number): string {
  const given = paths.join(", ");
  if (paths.length === 1 && files === 1) return given;
  return `the ${files} ${files === 1 ? "file" : "files"} in ${given}`;
}
