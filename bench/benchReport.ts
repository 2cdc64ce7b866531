/**
 * Turns the children's results into the summary table printed on the terminal and the Markdown
 * report in docs/benchmarks.md.
 */
import type { KeysDropped } from "../shared/aggregation/keyCap.js";
import type { BenchPlan } from "./benchPlan.js";
import type {
  EvaluationPreparation,
  EvaluationResult,
  IngestResult,
  MemoryResult,
  PhaseTiming,
  ReplayFilesResult,
  ReplayResult,
} from "./benchResults.js";
import type { MachineDescription } from "./machineDescription.js";

export interface EvaluationRun {
  keys: number;
  preparation?: EvaluationPreparation;
  result?: EvaluationResult;
  /** Peak RSS of the separate Azurite process that held the tables. */
  azuriteMaxRssMb?: number;
  failure?: string;
}

export interface ScriptOutput {
  script: string;
  output: string;
  elapsedMs: number;
  failure?: string;
}

export interface BenchReport {
  plan: BenchPlan;
  machine: MachineDescription;
  startedAt: Date;
  elapsedMs: number;
  ingest?: IngestResult;
  replayFiles?: ReplayFilesResult;
  replay?: ReplayResult;
  evaluation: EvaluationRun[];
  memory?: MemoryResult;
  scripts: ScriptOutput[];
  failures: { benchmark: string; message: string }[];
}

/** The ingest ratio target applies to stage (c). */
const INGEST_RATIO_TARGET = 0.6;
const REPLAY_TARGET_MS = 60_000;
const EVALUATION_TARGET_MS = 60_000;
const EVALUATION_TARGET_TRANSACTIONS = 2_000;
const EVALUATION_TARGET_RSS_MB = 1_024;

type Row = string[];

/** One line per headline number: what, how much, the target and whether it was met. */
export function summaryRows(report: BenchReport): Row[] {
  const rows: Row[] = [["Benchmark", "Measure", "Result", "Target", "Met"]];
  if (report.ingest) rows.push(...ingestSummary(report.ingest));
  if (report.replay)
    rows.push(
      ...replaySummary(report.replay, report.replayFiles?.records ?? report.replay.records),
    );
  for (const run of report.evaluation) rows.push(...evaluationSummary(run));
  if (report.memory) rows.push(...memorySummary(report.memory));
  for (const failure of report.failures)
    rows.push([failure.benchmark, "failed", failure.message.split("\n")[0] ?? "", "", "no"]);
  return rows;
}

function ingestSummary(ingest: IngestResult): Row[] {
  const ceiling = ingest.stages.find((stage) => stage.name === "a");
  return ingest.stages.map((stage) => {
    const ratio = ceiling ? stage.recordsPerSecond / ceiling.recordsPerSecond : Number.NaN;
    const isTarget = stage.name === "c";
    return [
      `Ingest (${stage.name}) ${stage.label}`,
      "records/s/core (÷ ceiling)",
      `${count(stage.recordsPerSecond)} (${ratio.toFixed(2)})`,
      isTarget ? `≥ ${INGEST_RATIO_TARGET}` : "",
      isTarget ? met(ratio >= INGEST_RATIO_TARGET) : "",
    ];
  });
}

function replaySummary(replay: ReplayResult, plannedRecords: number): Row[] {
  const name = `Replay ${count(plannedRecords)} records`;
  const perWindow = replay.windows > 0 ? replay.tableRequests / replay.windows : Number.NaN;
  const elapsed = `${seconds(replay.elapsedMs)} (${seconds(replay.cpuMs)})`;
  return [
    [
      name,
      "elapsed (CPU time)",
      replay.completed
        ? elapsed
        : `stopped at its deadline: ${elapsed}, ${count(replay.records)} replayed`,
      "≤ 60 s",
      met(replay.elapsedMs <= REPLAY_TARGET_MS),
    ],
    [
      name,
      "records/s",
      replay.completed ? count(replay.records / (replay.elapsedMs / 1000)) : "n/a (unfinished)",
      "",
      "",
    ],
    [name, "peak RSS (maxRSS)", megabytes(replay.memory.maxRssMb), "", ""],
    [
      name,
      "Table requests (per window)",
      `${count(replay.tableRequests)} (${perWindow.toFixed(1)})`,
      "",
      "",
    ],
  ];
}

function evaluationSummary(run: EvaluationRun): Row[] {
  const name = `Evaluate 1 window, ${count(run.keys)} keys`;
  const result = run.result;
  if (!result) return [[name, "failed", run.failure?.split("\n")[0] ?? "no result", "", "no"]];
  const elapsed = `${seconds(result.elapsedMs)} (${seconds(result.cpuMs)})`;
  // A window whose keys the caps cut was not evaluated whole: a target met on it is met only
  // for the keys kept, which the row has to say.
  const { clientKeys, populationKeys, distinctKeys } = result.keysDropped;
  const capped = clientKeys + populationKeys + distinctKeys > 0;
  const verdict = (text: string) => (capped && text === "yes" ? "yes, for the keys kept" : text);
  const rows: Row[] = [
    [
      name,
      "elapsed (CPU time)",
      result.completed ? elapsed : `stopped at its deadline, unfinished: ${elapsed}`,
      "≤ 60 s",
      verdict(met(result.completed && result.elapsedMs <= EVALUATION_TARGET_MS)),
    ],
    [
      name,
      "Table transactions",
      count(result.tableRequests),
      "≤ 2,000",
      verdict(metSoFar(result.completed, result.tableRequests <= EVALUATION_TARGET_TRANSACTIONS)),
    ],
    [
      name,
      "peak RSS (maxRSS)",
      megabytes(result.memory.maxRssMb),
      "≤ 1 GB",
      verdict(metSoFar(result.completed, result.memory.maxRssMb <= EVALUATION_TARGET_RSS_MB)),
    ],
  ];
  if (capped) {
    rows.push([
      name,
      "key drops by the caps (a key can be dropped more than once)",
      `${count(populationKeys)} population, ${count(clientKeys)} client, ${count(distinctKeys)} distinct`,
      "",
      "",
    ]);
  }
  return rows;
}

function memorySummary(memory: MemoryResult): Row[] {
  const name = `Aggregate, ${count(memory.keys)} keys`;
  return [
    [name, "heap per key", `${count(memory.heapBytesPerKey)} B`, "", ""],
    [name, "encoded partial (gzip)", bytes(memory.encodedBytes), "", ""],
  ];
}

/** Columns padded for a terminal, or a Markdown table. */
export function formatTable(rows: readonly Row[], style: "console" | "markdown"): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: Row) => row.map((cell, column) => cell.padEnd(widths[column]!));
  if (style === "console") return rows.map((row) => line(row).join("  ").trimEnd()).join("\n");
  const [header = [], ...body] = rows;
  const rule = widths.map((width) => "-".repeat(width));
  return [header, rule, ...body].map((row) => `| ${line(row).join(" | ")} |`).join("\n");
}

/** The whole report as Markdown, for docs/benchmarks.md. */
export function formatMarkdown(report: BenchReport): string {
  const sections = [
    header(report),
    `## Summary\n\n${formatTable(summaryRows(report), "markdown")}`,
    report.ingest ? ingestSection(report.ingest) : "",
    report.replay ? replaySection(report.replay, report.replayFiles) : "",
    report.evaluation.length > 0 ? evaluationSection(report.evaluation, report.plan) : "",
    report.memory ? memorySection(report.memory) : "",
    ...report.scripts.map(scriptSection),
    ...report.failures.map(
      (failure) => `## Failure: ${failure.benchmark}\n\n${failureText(failure.message)}`,
    ),
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

function header(report: BenchReport): string {
  const machine = report.machine;
  const dirty = machine.dirty ? " plus uncommitted changes in the working tree" : "";
  return [
    "# Benchmarks",
    `Measured by \`npm run bench${report.plan.quick ? " -- --quick" : ""}\` on ${report.startedAt.toISOString()}, at commit \`${machine.commit}\`${dirty}. The whole run took ${seconds(report.elapsedMs)}. \`bench/README.md\` says how to run it; every heavy benchmark ran in its own Node process, so each RSS figure is that benchmark's alone.`,
    [
      "## Machine",
      "",
      `- CPU: ${machine.cpuModel}, ${machine.cpuCount} logical cores${machine.cpuMhz > 0 ? ` at ${machine.cpuMhz} MHz` : " (clock speed not reported)"}`,
      `- Memory: ${machine.totalMemoryGb.toFixed(1)} GiB`,
      `- Node.js ${machine.nodeVersion} on ${machine.os}`,
      `- One-minute load average: ${machine.loadAverageStart.toFixed(2)} at the start, ${machine.loadAverageEnd.toFixed(2)} at the end. Above about ${(machine.cpuCount / 2).toFixed(0)}, other processes were competing for the cores and wall-clock figures are pessimistic; the CPU-time column of the ingest table is less affected.`,
    ].join("\n"),
  ].join("\n\n");
}

function ingestSection(ingest: IngestResult): string {
  const ceiling = ingest.stages.find((stage) => stage.name === "a");
  const rows: Row[] = [
    [
      "Stage",
      "What is timed",
      "Median ms",
      "Min–max ms",
      "Records/s (wall)",
      "÷ ceiling",
      "Records/s (CPU)",
    ],
    ...ingest.stages.map((stage) => [
      stage.name,
      stage.label,
      stage.medianMs.toFixed(0),
      `${stage.minMs.toFixed(0)}–${stage.maxMs.toFixed(0)}`,
      count(stage.recordsPerSecond),
      ceiling ? (stage.recordsPerSecond / ceiling.recordsPerSecond).toFixed(2) : "",
      count(ingest.records / (stage.cpuMedianMs / 1000)),
    ]),
  ];
  return [
    "## 1. Ingest throughput, one core",
    `${count(ingest.records)} synthetic GatewayLogs records in ${count(ingest.envelopes)} Event Hubs envelopes of 100 (${bytes(ingest.payloadBytes)}, ${count(ingest.payloadBytes / ingest.records)} bytes a record), built in memory before timing. Records have APIM's field set: a URL with a query string, request headers with a User-Agent, 200 endpoints and 20,000 clients with Zipf-like popularity, 1% unmatched scanner requests and 0.05% attack User-Agents. Each stage runs after warm-up rounds; the median of the timed runs is reported, on one thread. Stages (c) and (d) group the envelopes ${ingest.eventsPerInvocation} to a trigger invocation and make the calls that ingestEventHubBatch and ingestRecords make, without storage: (c) reads every event with readEventHubPayload, runs the record inspector and folds each record into its window's aggregate with addRecord; (d) also encodes each aggregate as the partial PartialStore would write. (c-) is (c) without the inspector, so (c) − (c-) is the User-Agent classifier. Primed stages start from Buffers, as the Event Hubs binding may hand them over.`,
    formatTable(rows, "markdown"),
  ].join("\n\n");
}

function replaySection(replay: ReplayResult, files: ReplayFilesResult | undefined): string {
  const input = files
    ? `${count(files.records)} records in ${files.files} NDJSON files of Event Hubs envelopes (one envelope of 100 records a line, ${bytes(files.bytes)}), three days of traffic on a daily curve, 200 endpoints, 20,000 clients; writing them took ${seconds(files.elapsedMs)} and is not counted.`
    : "";
  const stopped = replay.completed
    ? ""
    : `- **Stopped at its deadline** with ${count(replay.records)} records replayed (ingested and evaluated as far as the event clock had reached); the figures below cover that part only.\n`;
  const facts = [
    `${stopped}- Elapsed: ${seconds(replay.elapsedMs)} (CPU time ${seconds(replay.cpuMs)})${replay.completed ? `, ${count(replay.records / (replay.elapsedMs / 1000))} records/s` : ""}; ${count(replay.windows)} windows evaluated, ${count(replay.alerts)} alerts, ${count(replay.rejected)} rejected, ${count(replay.late)} late.`,
    `- Peak RSS ${megabytes(replay.memory.maxRssMb)} (getrusage maxRSS), ${megabytes(replay.startRssMb)} before the replay began (Node, tsx, Azurite); peak sampled heap ${megabytes(replay.memory.sampledHeapUsedMb)}. Azurite keeps the tables in this process's memory, as \`gatewarden replay\` does.`,
    `- Table requests: ${count(replay.tableRequests)}, ${(replay.tableRequests / Math.max(1, replay.windows)).toFixed(1)} per evaluated window (ingest included).`,
  ].join("\n");
  return [
    "## 2. End-to-end replay",
    `${input} \`replayFiles\` ran them through the embedded Azurite in the benchmark's own process. Every store call, detector run and baseline fold was timed from outside by wrapping the pipeline's objects; reading and sorting are cut from the wall clock by the progress callback.`,
    facts,
    phaseTable(replay.phases, replay.elapsedMs, replay.timerOverheadNsPerCall),
  ].join("\n\n");
}

function evaluationSection(runs: readonly EvaluationRun[], plan: BenchPlan): string {
  const setup = plan.evaluation;
  const parts = [
    "## 3. Evaluating one window",
    `One process writes the window through the stores: ${setup.historyWindows} earlier windows marked evaluated in the ledger; a population baseline for every key (${setup.baselineShards} shards, written with BaselineStore), busy keys with a point in every window and the rest with ${setup.pointsPerKey}; and the window's records folded with addRecord into partials of ${count(setup.recordsPerPartial)} records, one per trigger invocation, spread over ${setup.partitions} partitions (written with PartialStore and committed with BatchLedger). Keys are endpoint × status pairs of the kind templating cannot collapse (\`GET /catalog/items/blue-widget-812\`, 200 or 404); ${(setup.busyKeyShare * 100).toFixed(0)}% of them are busy (30–69 requests), the rest have 1–3, and one busy key in 997 spikes eightfold. A second process, with --max-old-space-size=${setup.maxOldSpaceMb}, then times \`evaluateClosedWindows\` for that window: merge partials, load baselines, detect, send, fold and save the baselines, complete the window. Azurite runs in a third process, so the RSS is the evaluator's.`,
  ];
  for (const run of runs) parts.push(evaluationRunSection(run));
  return parts.join("\n\n");
}

function evaluationRunSection(run: EvaluationRun): string {
  const title = `### ${count(run.keys)} keys`;
  const prep = run.preparation;
  const setup = prep
    ? `Set-up: ${count(prep.records)} records in ${prep.partials} partials (${bytes(prep.partialBytes)} gzip), baselines ${bytes(prep.baselineJsonBytes)} of JSON before gzip; writing took ${seconds(prep.elapsedMs)}.`
    : "";
  const result = run.result;
  if (!result) return [title, setup, failureText(run.failure ?? "no result")].join("\n\n");
  const stopped = result.completed
    ? ""
    : "- **Stopped at its deadline, unfinished.** The table shows the calls that finished and, marked unfinished, those under way; the peak RSS is the peak so far.\n";
  const facts = [
    `${stopped}- Elapsed ${seconds(result.elapsedMs)} (CPU time ${seconds(result.cpuMs)}); ${count(result.tableRequests)} Table transactions; ${result.windowsEvaluated} window evaluated with ${count(result.records)} records and ${count(result.alerts)} alerts${droppedText(result.keysDropped)}.`,
    `- Peak RSS ${megabytes(result.memory.maxRssMb)} (maxRSS; ${megabytes(result.startRssMb)} before evaluating), peak sampled heap ${megabytes(result.memory.sampledHeapUsedMb)}.${run.azuriteMaxRssMb === undefined ? "" : ` The Azurite process peaked at ${megabytes(run.azuriteMaxRssMb)}.`}`,
  ].join("\n");
  const phases = phaseTable(result.phases, result.elapsedMs, result.timerOverheadNsPerCall);
  return [title, setup, facts, phases].join("\n\n");
}

/** A failure's first line as text, the rest (the end of the child's stderr) as a code block. */
function failureText(failure: string): string {
  const [first = "", ...rest] = failure.split("\n");
  const detail = rest.join("\n").trim();
  return detail === ""
    ? `**Failed**: ${first}`
    : `**Failed**: ${first}\n\n\`\`\`text\n${detail}\n\`\`\``;
}

function memorySection(memory: MemoryResult): string {
  return [
    "## 4. Memory of a window aggregate",
    `${count(memory.keys)} distinct endpoint × status keys, ${memory.recordsPerKey} records folded into each with addRecord (so each key keeps ${memory.recordsPerKey} sample requests), measured after full collections in a process of its own. Each record comes from its own client address, so the aggregate's other maps grow with it; the table shows every map, with its share of the JSON that encodeAggregate writes.`,
    mapTable(memory),
    [
      `- Heap growth ${megabytes(memory.heapDeltaMb)}: ${count(memory.heapBytesPerKey)} bytes per key. RSS growth ${megabytes(memory.rssDeltaMb)}: ${count(memory.rssBytesPerKey)} bytes per key.`,
      `- Encoded partial: ${bytes(memory.encodedBytes)} gzip (${count(memory.encodedBytes / memory.keys)} bytes per key) from ${bytes(memory.jsonBytes)} of JSON (${count(memory.jsonBytes / memory.keys)} bytes per key). encodeAggregate took ${memory.encodeMs.toFixed(0)} ms, decodeAggregate ${memory.decodeMs.toFixed(0)} ms (medians).`,
      `- encodeAggregate builds the whole JSON text as one string, and V8 strings stop at ${count(2 ** 29 - 24)} characters: an aggregate of this shape fails with "RangeError: Invalid string length" past about ${count(memory.maxKeysPerPartial)} keys.`,
    ].join("\n"),
  ].join("\n\n");
}

function mapTable(memory: MemoryResult): string {
  const rows: Row[] = [
    ["Map", "Entries", "JSON chars", "JSON chars per entry"],
    ...Object.entries(memory.entriesByMap).map(([name, entries]) => {
      const chars = memory.jsonCharsByMap[name] ?? 0;
      return [name, count(entries), count(chars), entries > 0 ? count(chars / entries) : ""];
    }),
  ];
  return formatTable(rows, "markdown");
}

function scriptSection(script: ScriptOutput): string {
  const body = script.failure
    ? `**Failed**: ${script.failure}`
    : `\`\`\`text\n${script.output.trimEnd()}\n\`\`\``;
  return [
    `## \`${script.script}\``,
    `Its own output, unchanged (${seconds(script.elapsedMs)}).`,
    body,
  ].join("\n\n");
}

/**
 * Time by kind of call. Table HTTP is nested inside the store calls, so it is listed apart and
 * left out of the sum; what no timed call covers is the remainder (ingest folding, merges).
 */
function phaseTable(
  phases: readonly PhaseTiming[],
  elapsedMs: number,
  overheadNsPerCall: number,
): string {
  const isHttp = (phase: PhaseTiming) => phase.name.startsWith("Table HTTP");
  const topLevel = phases.filter((phase) => !isHttp(phase));
  // Unfinished calls overlap the finished call around them, so the remainder can dip below 0.
  const coveredMs = Math.min(
    elapsedMs,
    topLevel.reduce((sum, phase) => sum + phase.totalMs, 0),
  );
  const rows: Row[] = [
    ["Call", "Calls", "Total s", "Share", "Table requests"],
    ...[...topLevel]
      .sort((a, b) => b.totalMs - a.totalMs)
      .map((phase) => [
        phase.name,
        count(phase.calls),
        (phase.totalMs / 1000).toFixed(2),
        percent(phase.totalMs / elapsedMs),
        count(phase.tableRequests),
      ]),
    [
      "(not in any timed call)",
      "",
      ((elapsedMs - coveredMs) / 1000).toFixed(2),
      percent((elapsedMs - coveredMs) / elapsedMs),
      "",
    ],
    ...phases
      .filter(isHttp)
      .map((phase) => [
        `${phase.name}, inside the calls above`,
        count(phase.calls),
        (phase.totalMs / 1000).toFixed(2),
        percent(phase.totalMs / elapsedMs),
        count(phase.tableRequests),
      ]),
  ];
  const note = `Each timed call adds about ${overheadNsPerCall.toFixed(0)} ns of timer overhead to its row (measured on this run), which matters only for rows with a million calls. Table HTTP is nested inside the store calls and so is not added to the total.`;
  return `${formatTable(rows, "markdown")}\n\n${note}`;
}

/** What the per-window key caps left out, said only when they left something out. */
function droppedText(dropped: KeysDropped): string {
  const total = dropped.clientKeys + dropped.populationKeys + dropped.distinctKeys;
  if (total === 0) return "";
  return `; the per-window caps dropped the least busy keys ${count(dropped.populationKeys)} times from the population, ${count(dropped.clientKeys)} from the clients and ${count(dropped.distinctKeys)} from the distinct counts (a key dropped while merging can come back with a later partial and be dropped again)`;
}

function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a";
}

function bytes(value: number): string {
  if (value >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MB`;
  return `${(value / 1024).toFixed(0)} KB`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function megabytes(mb: number): string {
  return `${mb.toFixed(0)} MB`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function met(condition: boolean): string {
  return condition ? "yes" : "no";
}

/** For a ceiling on a run cut short: a breach is final, staying under it so far proves nothing. */
function metSoFar(completed: boolean, withinSoFar: boolean): string {
  if (!withinSoFar) return "no";
  return completed ? "yes" : "unknown (unfinished)";
}
