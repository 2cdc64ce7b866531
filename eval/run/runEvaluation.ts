import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../shared/logging/logger.js";
import { writeChartPng } from "../charts/renderChart.js";
import { precisionRecallSpec } from "../charts/precisionRecallChart.js";
import { readEvalDataset } from "../dataset/evalDataset.js";
import { implementedKinds } from "../metrics/implementedKinds.js";
import { indicatorLatency } from "../metrics/indicatorLatency.js";
import { kindMetrics, type KindMetrics } from "../metrics/kindMetrics.js";
import { evaluationMarkdown } from "../report/evaluationMarkdown.js";
import type { EvaluationReport } from "../report/evaluationReport.js";
import { describeCommit } from "../report/gitCommit.js";
import { writeMarkdown } from "../report/writeMarkdown.js";
import { sweepPointsOf, type SweepPoint } from "../sweep/attackSizeSweep.js";
import { writeBaselineFigure } from "./baselineFigure.js";
import { REPO_ROOT, type EvalOptions } from "./evalOptions.js";
import { runScale, type ScaleRun } from "./runScale.js";

export const EVALUATION_FILE = "evaluation.md";
export const PRECISION_RECALL_FILE = "evaluation-precision-recall.png";
export const BASELINE_FILE = "evaluation-baseline.png";
export const ALERTS_FILE = "alerts.ndjson";
const DETECTORS_DIR = join(REPO_ROOT, "shared/detectors");

/**
 * Generates (or reads) the labelled dataset, replays it, matches alerts to labels, optionally
 * sweeps attack sizes, and writes `evaluation.md` and its two charts to `options.outDir`.
 * Returns the per-kind metrics for the caller to print.
 */
export async function runEvaluation(
  options: EvalOptions,
  command: string,
  logger: Logger,
): Promise<KindMetrics[]> {
  const mainScale =
    options.dataDir === null
      ? options.attackScale
      : readEvalDataset(options.dataDir).manifest.attackScale;
  const main = await runScale(options, mainScale, options.dataDir, logger);
  try {
    if (options.keepData) keepAlerts(main, logger);
    const sweep = options.sweep ? await runSweep(options, main, logger) : null;
    const raised = main.replay.alerts.map((alert) => alert.detectionId);
    const implemented = implementedKinds(DETECTORS_DIR, raised);
    const metrics = kindMetrics(main.outcome, main.replay.records, implemented);
    const charts = await writeCharts(main, metrics, options.outDir);
    const report = toEvaluationReport(main, sweep, metrics, charts, command);
    await writeMarkdown(join(options.outDir, EVALUATION_FILE), evaluationMarkdown(report));
    logger.info("wrote", { file: join(options.outDir, EVALUATION_FILE) });
    return metrics;
  } finally {
    main.release();
  }
}

/** With `--keep-data`, the alerts go beside the dataset, so a miss can be examined after the run. */
function keepAlerts(main: ScaleRun, logger: Logger): void {
  const file = join(main.dataset.dir, ALERTS_FILE);
  writeFileSync(file, main.replay.alerts.map((alert) => JSON.stringify(alert) + "\n").join(""));
  logger.info("kept alerts", { file, alerts: main.replay.alerts.length });
}

async function writeCharts(
  main: ScaleRun,
  metrics: readonly KindMetrics[],
  outDir: string,
): Promise<EvaluationReport["charts"]> {
  mkdirSync(outDir, { recursive: true });
  const manifest = main.dataset.manifest;
  const subtitle = `${manifest.days} days, ${manifest.requestsPerDay.toLocaleString("en-US")} benign requests a day, seed ${manifest.seed}, attack scale ${main.attackScale}`;
  await writeChartPng(precisionRecallSpec(metrics, subtitle), join(outDir, PRECISION_RECALL_FILE));
  const baseline = await writeBaselineFigure(
    main.outcome,
    { files: main.dataset.files, firstRecordMs: main.replay.firstRecordMs ?? 0 },
    join(outDir, BASELINE_FILE),
    Date.now(),
  );
  return {
    precisionRecall: PRECISION_RECALL_FILE,
    baseline: baseline.drawn ? BASELINE_FILE : null,
    baselineNote: baseline.note,
  };
}

function toEvaluationReport(
  main: ScaleRun,
  sweep: SweepRuns | null,
  metrics: KindMetrics[],
  charts: EvaluationReport["charts"],
  command: string,
): EvaluationReport {
  const manifest = main.dataset.manifest;
  return {
    generatedAtMs: Date.now(),
    commit: describeCommit(REPO_ROOT),
    command,
    parameters: {
      seed: manifest.seed,
      days: manifest.days,
      warmupDays: manifest.warmupDays,
      requestsPerDay: manifest.requestsPerDay,
      attackScale: manifest.attackScale,
      attacksPerKind: manifest.attacksPerKind,
      startDate: manifest.startDate,
    },
    dataset: {
      records: manifest.totals.records,
      attackRecords: manifest.totals.attackRecords,
      firstRecordMs: main.replay.firstRecordMs ?? 0,
      lastRecordMs: main.replay.lastRecordMs ?? 0,
    },
    replay: main.replay,
    timings: [main, ...(sweep?.runs ?? [])].map((run) => ({
      attackScale: run.attackScale,
      generateMs: run.generateMs,
      replayMs: run.replayMs,
    })),
    labels: main.dataset.labels,
    outcome: main.outcome,
    metrics,
    latency: indicatorLatency(main.outcome.labels),
    sweep: sweep === null ? null : { scales: sweep.scales, points: sweep.points },
    charts,
  };
}

interface SweepRuns {
  scales: number[];
  points: SweepPoint[];
  /** The extra runs, without the main one. */
  runs: Pick<ScaleRun, "attackScale" | "generateMs" | "replayMs">[];
}

/** Replays the other attack scales one after another, deleting each dataset after its replay. */
async function runSweep(options: EvalOptions, main: ScaleRun, logger: Logger): Promise<SweepRuns> {
  const scales = [...new Set([...options.sweepScales, main.attackScale])].sort((a, b) => a - b);
  const points: SweepPoint[] = [];
  const runs: SweepRuns["runs"] = [];
  for (const scale of scales) {
    if (scale === main.attackScale) {
      points.push(...sweepPointsOf(main.outcome.labels, scale));
      continue;
    }
    logger.info("sweep", { attackScale: scale });
    const run = await runScale(options, scale, null, logger);
    run.release();
    points.push(...sweepPointsOf(run.outcome.labels, scale));
    runs.push({ attackScale: scale, generateMs: run.generateMs, replayMs: run.replayMs });
  }
  return { scales, points, runs };
}
