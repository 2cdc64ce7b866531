import { SingleBar } from "cli-progress";
import { realpath, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { Alert } from "../alerts/alert.js";
import { loadSettings, SettingsError, type Settings } from "../config/settings.js";
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
import { ThreatIntelSet, type FeedSource } from "../threatIntel/threatIntelSet.js";
import { formatSummary } from "./formatSummary.js";

export interface ReplayFlags {
  format: InputFormat | "auto";
  out?: string;
  deadLetters?: string;
  table?: boolean;
  storage?: string;
  trustForwardedFor?: boolean;
  detection?: string;
  torExitList: string[];
  threatIntel: string[];
  quiet?: boolean;
  verbose?: boolean;
}

/** Runs `gatewarden replay`; returns the process exit code. */
export async function runReplay(paths: string[], flags: ReplayFlags): Promise<number> {
  const logger = createLineLogger(
    "gatewarden:replay",
    flags.verbose ? "debug" : flags.quiet ? "warn" : "info",
  );
  const settings = loadSettingsOrExplain(flags, logger);
  if (!settings) return 2;
  await requireReadablePaths(paths);
  await requireOutputsApart(flags, paths);
  const threatIntel = await loadThreatIntel(flags, logger);
  // --out and --dead-letters name this run's output; a file left by an earlier run is replaced,
  // not appended to, and an unwritable path fails before the replay instead of after it.
  if (flags.out && flags.out !== "-") await writeFile(flags.out, "");
  if (flags.deadLetters && flags.deadLetters !== "-") await writeFile(flags.deadLetters, "");

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
    const inner = flags.out
      ? createNdjsonSink(flags.out)
      : flags.table
        ? null
        : createNdjsonSink(process.stdout);
    const sink = collectingSink(inner, collected);
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
    report(summary, collected, flags, logger);
    return summary.records === 0 && summary.alreadyCounted === 0 && summary.rejected > 0 ? 1 : 0;
  } finally {
    if (azurite) await (azurite as EmbeddedAzurite).stop();
  }
}

/** Fails before anything starts when a path does not exist, naming it. */
async function requireReadablePaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch (cause) {
      throw new Error(`${path}: no such file or folder`, { cause });
    }
  }
}

/**
 * Refuses outputs that would overwrite an input or each other: --out and --dead-letters outside
 * the inputs, not the same file, and at most one of alerts and dead letters on stdout.
 */
async function requireOutputsApart(flags: ReplayFlags, paths: readonly string[]): Promise<void> {
  const { out, deadLetters } = flags;
  if (out && out !== "-") await requireOutputOutsideInputs("--out", out, "the alerts", paths);
  if (!deadLetters) return;
  if (deadLetters === "-") return requireStdoutFreeForDeadLetters(flags);

  await requireOutputOutsideInputs("--dead-letters", deadLetters, "the dead letters", paths);
  if (out && out !== "-" && (await outputPathOf(out)) === (await outputPathOf(deadLetters))) {
    throw new Error(
      `--dead-letters ${deadLetters}: that is also the --out file, so alerts and dead letters would overwrite each other; write them to two files`,
    );
  }
}

function requireStdoutFreeForDeadLetters(flags: ReplayFlags): void {
  const taken =
    flags.out === "-"
      ? "--out - writes the alerts there"
      : flags.table
        ? "--table prints the alerts there"
        : !flags.out
          ? "the alerts go there when --out is not given"
          : null;
  if (taken === null) return;
  throw new Error(
    `--dead-letters -: stdout is taken, ${taken}; write the dead letters to a file, or the alerts with --out <file>`,
  );
}

/**
 * Refuses an output that is one of the inputs or lies inside an input folder: it is emptied before
 * the replay starts, so the input would be lost, or read back as logs while output goes into it.
 */
async function requireOutputOutsideInputs(
  option: "--out" | "--dead-letters",
  output: string,
  written: string,
  paths: readonly string[],
): Promise<void> {
  const target = await outputPathOf(output);
  // A folder that does not exist holds no input; writing to it fails later with its own message.
  if (target === null) return;
  for (const path of paths) {
    const input = await realpath(path);
    const isFolder = (await stat(input)).isDirectory();
    if (target === input || (isFolder && target.startsWith(input + sep))) {
      const where = isFolder ? `inside the input folder ${path}` : `the input file ${path}`;
      throw new Error(
        `${option} ${output}: that is ${where}, which would be overwritten or read as logs; write ${written} to a path outside the inputs`,
      );
    }
  }
}

/** The output's path with its folder's links resolved; null when the folder does not exist. */
async function outputPathOf(output: string): Promise<string | null> {
  const folder = await realpath(dirname(resolve(output))).catch(() => null);
  return folder === null ? null : join(folder, basename(output));
}

/** Writes the replay's dead letters, as the store holds them, to the --dead-letters target. */
async function saveDeadLetters(
  pipeline: Pipeline,
  summary: ReplaySummary,
  target: string,
  logger: Logger,
): Promise<void> {
  const counts = await writeDeadLetters(pipeline.ingest.deadLetters, summary.partitionId, target);
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
      : "GATEWARDEN_STORAGE_CONNECTION_STRING / GATEWARDEN_TABLES_ACCOUNT_URL";
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new Error(
      `${where}: could not open Table Storage (expected a connection string such as Azurite's, or a reachable account): ${reason}`,
      { cause },
    );
  }
}

function loadSettingsOrExplain(flags: ReplayFlags, logger: Logger) {
  const env: Record<string, string | undefined> = { ...process.env };
  if (flags.storage) env.GATEWARDEN_STORAGE_CONNECTION_STRING = flags.storage;
  if (flags.trustForwardedFor) env.GATEWARDEN_TRUST_FORWARDED_FOR = "true";
  if (flags.detection) env.GATEWARDEN_DETECTION = flags.detection;
  // A replay writes alerts locally; Log Analytics settings from the environment do not apply.
  env.GATEWARDEN_LOGS_INGESTION_ENDPOINT = undefined;
  env.GATEWARDEN_LOGS_INGESTION_RULE_ID = undefined;
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    logger.warn(`invalid setting: ${error.message}`);
    return null;
  }
}

/**
 * Loads the Tor exit lists and feeds named on the command line; a replay never downloads lists,
 * so a backtest uses exactly the files it was given.
 */
async function loadThreatIntel(flags: ReplayFlags, logger: Logger): Promise<ThreatIntelSet | null> {
  if (flags.torExitList.length === 0 && flags.threatIntel.length === 0) return null;
  const feeds = flags.threatIntel.map(feedSourceOf);
  const set = new ThreatIntelSet();
  const loads = await set.loadFromFiles({ torExitLists: flags.torExitList, feeds });
  for (const load of loads) {
    const fields = { list: load.name, format: load.format, entries: load.entryCount };
    if (load.rejections.length === 0) logger.info("threat list loaded", fields);
    else
      logger.warn("threat list loaded with rejected lines", {
        ...fields,
        rejected: load.rejections.length,
        first: `line ${load.rejections[0]!.line}: ${load.rejections[0]!.reason}`,
      });
  }
  return set;
}

function feedSourceOf(flag: string): FeedSource {
  const cut = flag.indexOf("=");
  if (cut <= 0 || cut === flag.length - 1) {
    throw new Error(
      `--threat-intel: expected name=file, e.g. spamhaus-drop=drop.txt, got ${JSON.stringify(flag)}`,
    );
  }
  return { name: flag.slice(0, cut), path: flag.slice(cut + 1) };
}

/** Passes alerts on to `inner` (if any) and keeps a copy for the table and the summary. */
function collectingSink(inner: AlertSink | null, collected: Alert[]): AlertSink {
  return {
    name: inner?.name ?? "memory",
    async send(alerts): Promise<SendResult> {
      const result = inner ? await inner.send(alerts) : { sent: alerts.length, failed: [] };
      const failedIds = new Set(result.failed.map((failure) => failure.alert.alertId));
      collected.push(...alerts.filter((alert) => !failedIds.has(alert.alertId)));
      return result;
    },
    close: async () => inner?.close?.(),
  };
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

function report(summary: ReplaySummary, alerts: Alert[], flags: ReplayFlags, logger: Logger): void {
  if (flags.table) {
    const colour = process.stdout.isTTY === true;
    process.stdout.write(`${formatAlertTable(alerts, { colour })}\n`);
  }
  if (!flags.quiet) process.stderr.write(`${formatSummary(summary)}\n`);
  if (summary.rejected === 0) return;
  logger.warn("records were rejected and kept as dead letters; first reasons follow", {
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

function whereAllReasonsAre(flags: ReplayFlags): string {
  if (!flags.deadLetters) {
    return "--dead-letters <file> writes every rejected and late record with its reason";
  }
  const where = flags.deadLetters === "-" ? "on stdout" : `in ${flags.deadLetters}`;
  return `every rejected and late record is ${where}, with its reason`;
}
