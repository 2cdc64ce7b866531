import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert } from "../../shared/alerts/alert.js";
import type { Logger } from "../../shared/logging/logger.js";
import { generateEvalDataset, readEvalDataset, type EvalDataset } from "../dataset/evalDataset.js";
import { attackLabelsOf, benignLabelsOf } from "../labels/readLabels.js";
import { matchAlerts, type MatchOutcome } from "../matching/matchAlerts.js";
import type { ReplayOutcome } from "../replay/replayForEvaluation.js";
import { runReplayChild } from "../replay/runReplayChild.js";
import { SHARED_DATA_DIR, THREAT_FEED, TOR_EXIT_LIST, type EvalOptions } from "./evalOptions.js";

/** One dataset at one attack scale, replayed and matched. */
export interface ScaleRun {
  attackScale: number;
  dataset: EvalDataset;
  replay: ReplayOutcome;
  outcome: MatchOutcome<Alert>;
  /** Null when the dataset was read from `--data`. */
  generateMs: number | null;
  replayMs: number;
  /** Deletes the dataset if this run generated it and the options do not keep it. */
  release(): void;
}

/**
 * Reads the dataset in `givenDir`, or generates one at `attackScale` when it is null, replays it
 * in a child process and matches the alerts to the labels.
 */
export async function runScale(
  options: EvalOptions,
  attackScale: number,
  givenDir: string | null,
  logger: Logger,
): Promise<ScaleRun> {
  const { dataset, generatedDir, generateMs } = obtainDataset(
    options,
    attackScale,
    givenDir,
    logger,
  );

  const replayStartedMs = Date.now();
  const replay = await runReplayChild(
    {
      paths: dataset.files,
      format: "eventhub",
      torExitLists: [TOR_EXIT_LIST],
      feeds: [THREAT_FEED],
    },
    `scale-${attackScale}`,
  );
  const replayMs = Date.now() - replayStartedMs;
  const outcome = matchAlerts(
    replay.alerts,
    attackLabelsOf(dataset.labels),
    benignLabelsOf(dataset.labels),
  );
  return {
    attackScale,
    dataset,
    replay,
    outcome,
    generateMs,
    replayMs,
    release: () => releaseDataset(generatedDir, options.keepData, logger),
  };
}

interface ObtainedDataset {
  dataset: EvalDataset;
  /** The temporary folder this run generated into; null for a dataset given with `--data`. */
  generatedDir: string | null;
  generateMs: number | null;
}

function obtainDataset(
  options: EvalOptions,
  attackScale: number,
  givenDir: string | null,
  logger: Logger,
): ObtainedDataset {
  if (givenDir !== null) {
    return { dataset: readEvalDataset(givenDir), generatedDir: null, generateMs: null };
  }
  const generatedDir = mkdtempSync(join(tmpdir(), "gatewarden-eval-data-"));
  const startedMs = Date.now();
  const dataset = generate(options, attackScale, generatedDir, logger);
  return { dataset, generatedDir, generateMs: Date.now() - startedMs };
}

function releaseDataset(generatedDir: string | null, keep: boolean, logger: Logger): void {
  if (generatedDir === null) return;
  if (keep) logger.info("dataset kept", { dir: generatedDir });
  else rmSync(generatedDir, { recursive: true, force: true });
}

function generate(
  options: EvalOptions,
  attackScale: number,
  dir: string,
  logger: Logger,
): EvalDataset {
  const parameters = dataParametersOf(options);
  logger.info("generating dataset", { ...parameters, attackScale, dir });
  return generateEvalDataset(
    { ...parameters, attackScale, dataDir: SHARED_DATA_DIR },
    dir,
    (day, records) => logger.info("generated day", { day: day + 1, records }),
  );
}

/** Seed, days, volume and attacks per kind: from the flags, or from the `--data` manifest. */
export function dataParametersOf(options: EvalOptions): {
  seed: number;
  days: number;
  requestsPerDay: number;
  attacksPerKind: number;
} {
  if (options.dataDir === null) {
    const { seed, days, requestsPerDay, attacksPerKind } = options;
    return { seed, days, requestsPerDay, attacksPerKind };
  }
  const manifest = readEvalDataset(options.dataDir).manifest;
  const { seed, days, requestsPerDay, attacksPerKind } = manifest;
  return { seed, days, requestsPerDay, attacksPerKind };
}
