/**
 * End-to-end replay through `replayFiles` with the embedded, in-memory Azurite in this process,
 * as `gatewarden replay` runs it. Store calls, detectors and baseline folds are timed from the
 * outside to show where the time goes. Run alone after writeReplayFiles:
 * `npx tsx bench/replayBench.ts '{"directory":"/tmp/gatewarden-bench-replay"}'`.
 */
import { loadSettings } from "../shared/config/settings.js";
import { createLineLogger } from "../shared/logging/logger.js";
import { openPipeline, type Pipeline } from "../shared/pipeline/openPipeline.js";
import {
  replayFiles,
  type ReplayProgress,
  type ReplaySummary,
} from "../shared/replay/replayFiles.js";
import { startEmbeddedAzurite } from "../shared/stores/embeddedAzurite.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import type { ReplayBenchInput } from "./benchPlan.js";
import type { PhaseTiming, ReplayResult } from "./benchResults.js";
import { CallTimings, overheadNsPerCall } from "./callTimings.js";
import { countingSink } from "./countingSink.js";
import { elapsedMsSince } from "./medianTiming.js";
import { rssMb, watchMemory } from "./memoryWatch.js";
import { timedEvaluation, timedIngestStores } from "./timedPipeline.js";

const TABLE_HTTP = "Table HTTP (client and in-process Azurite)";

async function main(): Promise<void> {
  const input = childInput<ReplayBenchInput>({
    directory: "/tmp/gatewarden-bench-replay",
    deadlineMs: 3_600_000,
  });
  const azurite = await startEmbeddedAzurite();
  let tableRequests = () => 0;
  const timings = new CallTimings(() => tableRequests());
  const pipeline = await openPipeline(
    loadSettings({}),
    { kind: "connectionString", connectionString: azurite.connectionString, tablePrefix: "bench" },
    countingSink(),
    "bench-replay",
    { additionalPolicies: [{ policy: timings.httpPolicy(TABLE_HTTP), position: "perRetry" }] },
  );
  tableRequests = () => pipeline.tables.counter.requests;
  timings.reset();
  const timed: Pipeline = {
    ...pipeline,
    ingest: timedIngestStores(pipeline.ingest, timings),
    evaluation: timedEvaluation(pipeline.evaluation, timings),
  };

  const startRssMb = rssMb();
  const memory = watchMemory();
  const startedCpu = process.cpuUsage();
  const startedNs = process.hrtime.bigint();
  let readMs = 0;
  let replayed = 0;
  let reportedTenths = 0;
  const onProgress = (update: ReplayProgress) => {
    replayed = update.done;
    readMs = update.readMs;
    const tenths = Math.floor(update.done / 100_000);
    if (tenths === reportedTenths) return;
    reportedTenths = tenths;
    progress("replay", `replayed ${update.done} records (${update.total} read)`);
  };

  const resultNow = (summary: ReplaySummary | null): ReplayResult => {
    const cpu = process.cpuUsage(startedCpu);
    return {
      completed: summary !== null,
      files: summary?.files ?? 0,
      records: summary?.records ?? replayed,
      rejected: summary?.rejected ?? 0,
      late: summary?.late ?? 0,
      windows: summary?.windows ?? callsOf(timings, "evaluate windows.complete"),
      alerts: summary?.alerts.length ?? 0,
      tableRequests: pipeline.tables.counter.requests,
      elapsedMs: elapsedMsSince(startedNs),
      cpuMs: (cpu.user + cpu.system) / 1000,
      startRssMb,
      memory: memory.stop(),
      phases: [readPhase(summary?.readMs ?? readMs), ...timings.list()],
      timerOverheadNsPerCall: overheadNsPerCall(),
    };
  };
  // A replay past its deadline reports what it has: the suite must end in bounded time.
  setTimeout(() => sendBenchResult(resultNow(null)), input.deadlineMs).unref();

  progress("replay", `replaying ${input.directory}`);
  const summary = await replayFiles({
    paths: [input.directory],
    format: "eventhub",
    pipeline: timed,
    logger: createLineLogger("bench", "warn"),
    now: () => Date.now(),
    onProgress,
  });
  sendBenchResult(resultNow(summary));
}

function callsOf(timings: CallTimings, name: string): number {
  return timings.list().find((phase) => phase.name === name)?.calls ?? 0;
}

/**
 * Files are read as the replay goes, between the timed calls; replayFiles measures that time
 * and it is reported as one row.
 */
function readPhase(readMs: number): PhaseTiming {
  return { name: "read + parse files (readLogFile)", calls: 1, totalMs: readMs, tableRequests: 0 };
}

await main();
