/**
 * `npm run eval`: measures gatewarden against a labelled synthetic dataset and writes
 * docs/evaluation.md with its charts; `--real` replays real unlabelled logs and writes
 * docs/real-traffic.md instead. See eval/README.md.
 */
import { join } from "node:path";
import { Command } from "commander";
import { createLineLogger, type Logger } from "../shared/logging/logger.js";
import { correctAlertsOf, type KindMetrics } from "./metrics/kindMetrics.js";
import { runRealTraffic } from "./real/realTraffic.js";
import { realTrafficMarkdown } from "./report/realTrafficMarkdown.js";
import { describeCommit } from "./report/gitCommit.js";
import { writeMarkdown } from "./report/writeMarkdown.js";
import {
  DEFAULT_SWEEP_SCALES,
  type EvalFlags,
  type EvalOptions,
  REPO_ROOT,
  toEvalOptions,
} from "./run/evalOptions.js";
import { runEvaluation } from "./run/runEvaluation.js";

export const REAL_TRAFFIC_FILE = "real-traffic.md";

/**
 * A tenth of the generator's default: a 10-day replay of 200,000 requests a day takes about two
 * hours on a two-core machine, most of it in baseline reads and writes, against about ten
 * minutes for 20,000. Attack sizes do not scale with volume, so volume attacks stand out more.
 */
export const DEFAULT_REQUESTS_PER_DAY = 20_000;

const program = new Command()
  .name("npm run eval --")
  .description(
    "Score gatewarden's alerts against a labelled dataset, or replay real logs (--real).",
  )
  .option("--seed <integer>", "generator seed", "1")
  .option("--days <integer>", "days of traffic to generate", "14")
  .option(
    "--requests-per-day <integer>",
    "weekly mean of benign requests per day (the generator's own default is 200000)",
    String(DEFAULT_REQUESTS_PER_DAY),
  )
  .option("--attack-scale <number>", "multiplies every attack's size", "1")
  .option(
    "--attacks-per-kind <integer>",
    "attacks of each detection, each in its own window: 8 makes recall a rate, not a yes or no",
    "8",
  )
  .option("--data <dir>", "use a dataset the generator wrote earlier instead of generating one")
  .option(
    "--out <dir>",
    "where evaluation.md, real-traffic.md and the charts go",
    join(REPO_ROOT, "docs"),
  )
  .option("--sweep", "also replay other attack scales to find the smallest attack caught")
  .option("--sweep-scales <list>", "attack scales of the sweep", DEFAULT_SWEEP_SCALES.join(","))
  .option("--keep-data", "keep generated datasets in the temp folder")
  .option("--real", "replay the real logs in ../shared/data and write real-traffic.md")
  .action(async (flags: EvalFlags) => {
    const options = toEvalOptions(flags);
    const logger = createLineLogger("gatewarden:eval", "info");
    const command = `npm run eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
    const startedMs = Date.now();
    if (options.real) await runReal(options, command, logger);
    else printMetrics(await runEvaluation(options, command, logger));
    logger.info("done", { minutes: Number(((Date.now() - startedMs) / 60_000).toFixed(1)) });
  });

async function runReal(options: EvalOptions, command: string, logger: Logger): Promise<void> {
  const runs = await runRealTraffic(logger);
  const path = join(options.outDir, REAL_TRAFFIC_FILE);
  const report = { generatedAtMs: Date.now(), commit: describeCommit(REPO_ROOT), command, runs };
  await writeMarkdown(path, realTrafficMarkdown(report));
  for (const run of runs) {
    process.stdout.write(
      `${run.dataset.name}: ${run.replay.records} requests, ${run.replay.alerts.length} alerts\n`,
    );
  }
  logger.info("wrote", { file: path });
}

function printMetrics(metrics: readonly KindMetrics[]): void {
  const percent = (value: number | null) => (value === null ? "-" : `${Math.round(value * 100)}%`);
  const lines = metrics.map((metric) =>
    [
      metric.detectionId.padEnd(38),
      (metric.implemented ? "" : "not implemented").padEnd(16),
      `recall ${percent(metric.recall).padStart(4)} (${metric.detectedLabels}/${metric.labels})`,
      `precision ${percent(metric.precision).padStart(4)} (${correctAlertsOf(metric)}/${metric.alerts})`,
      `false/M ${metric.falseAlertsPerMillion.toFixed(1)}`,
    ].join("  "),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(
    `gatewarden:eval: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
