/**
 * `npm run bench`: runs every benchmark, each heavy one in a Node process of its own, prints the
 * summary table and writes docs/benchmarks.md. `npm run bench -- --quick` is a smoke run with
 * small sizes that writes nothing unless `--out` says where. See bench/README.md.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startAzuriteProcess } from "./azuriteProcess.js";
import { BenchChildError, runBenchChild } from "./benchChild.js";
import { readBenchPlan, type BenchPlan } from "./benchPlan.js";
import {
  formatMarkdown,
  formatTable,
  summaryRows,
  type BenchReport,
  type EvaluationRun,
  type ScriptOutput,
} from "./benchReport.js";
import type {
  EvaluationPreparation,
  EvaluationResult,
  IngestResult,
  MemoryResult,
  ReplayFilesResult,
  ReplayResult,
} from "./benchResults.js";
import { describeMachine } from "./machineDescription.js";
import { elapsedMsSince } from "./medianTiming.js";

/** Benchmarks that print their own report; threatIntelBench may not exist in every checkout. */
const SCRIPT_BENCHMARKS = [
  { name: "userAgent", script: "userAgentBench.ts" },
  { name: "threatIntel", script: "threatIntelBench.ts" },
] as const;

async function main(): Promise<number> {
  let plan: BenchPlan;
  try {
    plan = readBenchPlan(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const startedNs = process.hrtime.bigint();
  const report: BenchReport = {
    plan,
    machine: describeMachine(),
    startedAt: new Date(),
    elapsedMs: 0,
    evaluation: [],
    scripts: [],
    failures: [],
  };
  await runAll(plan, report);
  report.elapsedMs = elapsedMsSince(startedNs);
  report.machine.loadAverageEnd = os.loadavg()[0] ?? Number.NaN;

  process.stdout.write(`\n${formatTable(summaryRows(report), "console")}\n`);
  if (plan.outPath) {
    await writeFile(plan.outPath, formatMarkdown(report));
    process.stdout.write(`\nwrote ${plan.outPath}\n`);
  }
  return report.failures.length > 0 ? 1 : 0;
}

async function runAll(plan: BenchPlan, report: BenchReport): Promise<void> {
  const only = plan.only;
  if (only.has("ingest")) {
    report.ingest = await attempt(report, "ingest", () =>
      runBenchChild<IngestResult>("ingestBench.ts", plan.ingest, { exposeGc: true }),
    );
  }
  if (only.has("replay")) await runReplay(plan, report);
  if (only.has("evaluation")) {
    for (const keys of plan.evaluation.keyCounts)
      report.evaluation.push(await runEvaluation(plan, keys));
  }
  if (only.has("memory")) {
    report.memory = await attempt(report, "memory", () =>
      runBenchChild<MemoryResult>("aggregateMemoryBench.ts", plan.memory, { exposeGc: true }),
    );
  }
  for (const { name, script } of SCRIPT_BENCHMARKS) {
    if (only.has(name) && existsSync(benchPath(script)))
      report.scripts.push(await runScript(script));
  }
}

async function runReplay(plan: BenchPlan, report: BenchReport): Promise<void> {
  const directory = await mkdtemp(join(os.tmpdir(), "gatewarden-bench-replay-"));
  try {
    report.replayFiles = await attempt(report, "replay (writing files)", () =>
      runBenchChild<ReplayFilesResult>("writeReplayFiles.ts", { ...plan.replay, directory }),
    );
    if (!report.replayFiles) return;
    report.replay = await attempt(report, "replay", () =>
      runBenchChild<ReplayResult>(
        "replayBench.ts",
        { directory, deadlineMs: plan.replay.deadlineMs },
        { maxOldSpaceMb: plan.evaluation.maxOldSpaceMb },
      ),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Azurite in its own process per key count, so one run's tables do not weigh on the next. */
async function runEvaluation(plan: BenchPlan, keys: number): Promise<EvaluationRun> {
  const azurite = await startAzuriteProcess();
  const input = {
    ...plan.evaluation,
    keys,
    connectionString: azurite.connectionString,
    tablePrefix: `benchEval${keys}`,
  };
  const childOptions = {
    maxOldSpaceMb: plan.evaluation.maxOldSpaceMb,
    timeoutMs: plan.evaluation.childTimeoutMs,
  };
  const run: EvaluationRun = { keys };
  try {
    run.preparation = await runBenchChild<EvaluationPreparation>(
      "prepareEvaluationWindow.ts",
      input,
      childOptions,
    );
    // The child reports on its own before the kill, so a slow run still shows where time went;
    // it can only notice its deadline between awaits, and one merge of partials runs for minutes.
    const measureInput = { ...input, deadlineMs: plan.evaluation.childTimeoutMs - 120_000 };
    run.result = await runBenchChild<EvaluationResult>(
      "evaluationBench.ts",
      measureInput,
      childOptions,
    );
  } catch (error) {
    run.failure = describeFailure(error);
  }
  run.azuriteMaxRssMb = await azurite.stop();
  return run;
}

/** Runs a benchmark that prints its own report, echoing and keeping what it prints. */
function runScript(script: string): Promise<ScriptOutput> {
  const startedNs = process.hrtime.bigint();
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", benchPath(script)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString("utf8");
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const failure = code === 0 ? undefined : `exit code ${code}`;
      resolve({ script: `bench/${script}`, output, elapsedMs: elapsedMsSince(startedNs), failure });
    });
  });
}

/** Runs one benchmark; a failure is recorded in the report and the others still run. */
async function attempt<T>(
  report: BenchReport,
  benchmark: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    report.failures.push({ benchmark, message: describeFailure(error) });
    return undefined;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof BenchChildError) {
    const lastLines = error.stderrTail.trim().split("\n").slice(-6).join("\n");
    return `${error.message}\n${lastLines}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function benchPath(script: string): string {
  return fileURLToPath(new URL(script, import.meta.url));
}

process.exitCode = await main();
