/**
 * Times `evaluateClosedWindows` on the one window that prepareEvaluationWindow wrote: merge the
 * partials, load the baselines, detect, send, fold the window into the baselines and save them.
 * Azurite runs in another process, so the peak RSS here is the evaluator's own.
 */
import { noKeysDropped } from "../shared/aggregation/keyCap.js";
import { loadSettings } from "../shared/config/settings.js";
import {
  evaluateClosedWindows,
  type EvaluationSummary,
} from "../shared/pipeline/evaluateWindows.js";
import { openPipeline } from "../shared/pipeline/openPipeline.js";
import { windowRangeOf } from "../shared/windows/window.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import type { EvaluationBenchInput } from "./benchPlan.js";
import type { EvaluationResult } from "./benchResults.js";
import { CallTimings, overheadNsPerCall } from "./callTimings.js";
import { connectionPerRequest } from "./connectionPerRequest.js";
import { countingSink } from "./countingSink.js";
import { BENCH_WINDOW_INDEX } from "./evaluationKeys.js";
import { elapsedMsSince } from "./medianTiming.js";
import { rssMb, watchMemory } from "./memoryWatch.js";
import { timedEvaluation } from "./timedPipeline.js";

type EvaluationMeasureInput = Pick<
  EvaluationBenchInput,
  "keys" | "connectionString" | "tablePrefix" | "baselineShards"
> & {
  /** Keep-alive connections, as the Function app uses; see connectionPerRequest for why not. */
  keepAlive: boolean;
  /** An evaluation still running after this long reports how far it got. */
  deadlineMs: number;
};

const TABLE_HTTP = "Table HTTP (client side; Azurite in another process)";

async function main(): Promise<void> {
  const input = childInput<EvaluationMeasureInput>({
    keys: 0,
    connectionString: "",
    tablePrefix: "benchEval",
    baselineShards: 16,
    keepAlive: false,
    deadlineMs: 3_600_000,
  });
  let tableRequests = () => 0;
  const timings = new CallTimings(() => tableRequests());
  const pipeline = await openPipeline(
    loadSettings({ GATEWARDEN_BASELINE_SHARDS: String(input.baselineShards) }),
    {
      kind: "connectionString",
      connectionString: input.connectionString,
      tablePrefix: input.tablePrefix,
    },
    countingSink(),
    "bench-evaluation",
    {
      additionalPolicies: [{ policy: timings.httpPolicy(TABLE_HTTP), position: "perRetry" }],
      ...(input.keepAlive ? {} : { agent: connectionPerRequest() }),
    },
  );
  tableRequests = () => pipeline.tables.counter.requests;
  timings.reset();
  const evaluation = timedEvaluation(pipeline.evaluation, timings);
  const closedAtMs = windowRangeOf(BENCH_WINDOW_INDEX).endMs + evaluation.allowedLatenessMs;

  progress("evaluation", `${input.keys} keys: evaluating`);
  const startRssMb = rssMb();
  const requestsBefore = pipeline.tables.counter.requests;
  const memory = watchMemory();
  const startedCpu = process.cpuUsage();
  const startedNs = process.hrtime.bigint();
  const resultNow = (summary: EvaluationSummary | null): EvaluationResult => {
    const cpu = process.cpuUsage(startedCpu);
    const window = summary?.evaluated[0];
    return {
      completed: summary !== null,
      keys: input.keys,
      records: window?.records ?? 0,
      partials: window?.partials ?? 0,
      windowsEvaluated: summary?.evaluated.length ?? 0,
      alerts: window?.alerts.length ?? 0,
      keysDropped: window?.keysDropped ?? noKeysDropped(),
      elapsedMs: elapsedMsSince(startedNs),
      cpuMs: (cpu.user + cpu.system) / 1000,
      tableRequests: pipeline.tables.counter.requests - requestsBefore,
      startRssMb,
      memory: memory.stop(),
      phases: timings.list(),
      timerOverheadNsPerCall: overheadNsPerCall(),
    };
  };
  // Past the deadline, report the calls finished and under way; the timer fires between awaits.
  setTimeout(() => sendBenchResult(resultNow(null)), input.deadlineMs).unref();

  const summary = await evaluateClosedWindows(
    { eventTimeMs: closedAtMs, wallTimeMs: Date.now() },
    evaluation,
  );
  if (summary.stoppedBecause) throw new Error(`evaluation stopped: ${summary.stoppedBecause}`);
  sendBenchResult(resultNow(summary));
}

await main();
