/**
 * What `npm run bench` measures and at what sizes: the full plan, the `--quick` smoke plan, and
 * the flags that override either. Children receive their part of the plan as JSON.
 */
import { parseArgs } from "node:util";

export const BENCH_NAMES = [
  "ingest",
  "replay",
  "evaluation",
  "memory",
  "userAgent",
  "threatIntel",
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export interface IngestBenchInput {
  envelopes: number;
  recordsPerEnvelope: number;
  /** Events per trigger invocation: the Event Hubs extension's default maxEventBatchSize is 100. */
  eventsPerInvocation: number;
  warmups: number;
  runs: number;
}

export interface ReplayFilesInput {
  directory: string;
  records: number;
  days: number;
  files: number;
  recordsPerEnvelope: number;
  endpointCount: number;
  clientCount: number;
}

export interface ReplayBenchInput {
  directory: string;
  /** A replay still running after this long stops and reports how far it got. */
  deadlineMs: number;
}

export interface EvaluationBenchInput {
  /** Distinct endpoint × status keys in the evaluated window. */
  keys: number;
  /** Event Hubs partitions whose partials hold the window's records. */
  partitions: number;
  /** Evaluated windows before the measured one; 72 (a day) lets every key alert. */
  historyWindows: number;
  /** Non-zero windows in each key's baseline series. */
  pointsPerKey: number;
  /** Share of keys with 30+ requests, the ones the population detector scores. */
  busyKeyShare: number;
  /** Records per partial: one trigger invocation of 100 events of 100 records writes 10,000. */
  recordsPerPartial: number;
  baselineShards: number;
  connectionString: string;
  tablePrefix: string;
}

export interface MemoryBenchInput {
  keys: number;
  /** Records folded per key; 3 fills each key's sample reservoir. */
  recordsPerKey: number;
}

export interface BenchPlan {
  quick: boolean;
  only: ReadonlySet<BenchName>;
  ingest: IngestBenchInput;
  replay: Omit<ReplayFilesInput, "directory"> & Pick<ReplayBenchInput, "deadlineMs">;
  evaluation: Omit<EvaluationBenchInput, "keys" | "connectionString" | "tablePrefix"> & {
    keyCounts: number[];
    /** Old-space limit of the evaluation child, MiB: large, so that RSS rather than a cap is measured. */
    maxOldSpaceMb: number;
    /** Each evaluation child is killed after this long, to keep the suite within its budget. */
    childTimeoutMs: number;
  };
  memory: MemoryBenchInput;
  /** Markdown report path, or null to print only. */
  outPath: string | null;
}

export const FULL_PLAN: BenchPlan = {
  quick: false,
  only: new Set(BENCH_NAMES),
  ingest: {
    envelopes: 300,
    recordsPerEnvelope: 100,
    eventsPerInvocation: 100,
    warmups: 3,
    runs: 9,
  },
  replay: {
    records: 1_000_000,
    days: 3,
    files: 12,
    recordsPerEnvelope: 100,
    endpointCount: 200,
    clientCount: 20_000,
    deadlineMs: 180_000,
  },
  evaluation: {
    keyCounts: [100_000, 1_000_000],
    partitions: 4,
    historyWindows: 72,
    pointsPerKey: 12,
    busyKeyShare: 0.02,
    recordsPerPartial: 10_000,
    baselineShards: 16,
    maxOldSpaceMb: 12_288,
    childTimeoutMs: 330_000,
  },
  memory: { keys: 100_000, recordsPerKey: 3 },
  outPath: "docs/benchmarks.md",
};

const QUICK_PLAN: BenchPlan = {
  ...FULL_PLAN,
  quick: true,
  ingest: { ...FULL_PLAN.ingest, envelopes: 40, warmups: 1, runs: 3 },
  replay: { ...FULL_PLAN.replay, records: 50_000, files: 3 },
  evaluation: { ...FULL_PLAN.evaluation, keyCounts: [10_000, 50_000] },
  memory: { ...FULL_PLAN.memory, keys: 10_000 },
  outPath: null,
};

const USAGE = `npm run bench -- [--quick] [--only ingest,replay,evaluation,memory,userAgent,threatIntel]
  [--replay-records N] [--eval-keys N,N] [--memory-keys N] [--ingest-envelopes N] [--runs N]
  [--out FILE | --out -]`;

/** Reads the flags; throws an Error naming the flag, its value and what was expected. */
export function readBenchPlan(argv: readonly string[]): BenchPlan {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "replay-records": { type: "string" },
      "eval-keys": { type: "string" },
      "memory-keys": { type: "string" },
      "ingest-envelopes": { type: "string" },
      runs: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const base = values.quick ? QUICK_PLAN : FULL_PLAN;
  const plan: BenchPlan = {
    ...base,
    only: values.only === undefined ? base.only : benchNamesOf(values.only),
    ingest: {
      ...base.ingest,
      envelopes: countFlag("ingest-envelopes", values["ingest-envelopes"], base.ingest.envelopes),
      runs: countFlag("runs", values.runs, base.ingest.runs),
    },
    replay: {
      ...base.replay,
      records: countFlag("replay-records", values["replay-records"], base.replay.records),
    },
    evaluation: {
      ...base.evaluation,
      keyCounts:
        values["eval-keys"] === undefined
          ? base.evaluation.keyCounts
          : values["eval-keys"].split(",").map((text) => countFlag("eval-keys", text, 0)),
    },
    memory: {
      ...base.memory,
      keys: countFlag("memory-keys", values["memory-keys"], base.memory.keys),
    },
    outPath: values.out === undefined ? base.outPath : values.out === "-" ? null : values.out,
  };
  return Object.freeze(plan);
}

function countFlag(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (Number.isInteger(value) && value > 0) return value;
  throw new Error(`--${flag}: expected a whole number above 0, got ${JSON.stringify(text)}`);
}

function benchNamesOf(text: string): Set<BenchName> {
  const names = text.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(BENCH_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `--only: expected names from ${BENCH_NAMES.join(", ")}, got ${JSON.stringify(name)}`,
      );
    }
  }
  return new Set(names as BenchName[]);
}
