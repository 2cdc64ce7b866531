/**
 * Soak: a day of traffic at ten times normal volume, streamed through the live path (Event Hubs
 * batches into ingestEventHubBatch, the five-minute timer into raiseEarlyAlerts and
 * evaluateClosedWindows) against an Azurite in a process of its own, so the RSS measured is the
 * Function host's alone. Records are made as event time advances and never held, so a healthy
 * host's RSS levels off; the run fails as soon as RSS passes the ceiling. Not part of `npm test`.
 *
 *   npm run bench:soak -- [--hours 24] [--requests-per-day 200000] [--multiplier 10]
 *     [--rss-ceiling-mb 1024] [--shape normal|spray] [--deadline-minutes 60]
 *
 * The npm script runs Node with the heap limit infra/modules/functionApp.bicep gives the worker
 * on a 2 GB instance (768 MB); `node --import tsx bench/soakBench.ts` runs with V8's default.
 *
 * Normal volume is the labelled generator's default deployment, 200,000 requests a day. The
 * spray shape gives every request a new client address, the worst case for per-client keys.
 */
import { parseArgs } from "node:util";
import { getHeapStatistics } from "node:v8";
import { loadSettings } from "../shared/config/settings.js";
import { evaluateClosedWindows } from "../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch, type HubEvent } from "../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline, type Pipeline } from "../shared/pipeline/openPipeline.js";
import { raiseEarlyAlerts } from "../shared/pipeline/raiseEarlyAlerts.js";
import { WINDOW_MS, WINDOWS_PER_DAY } from "../shared/windows/window.js";
import { startAzuriteProcess } from "./azuriteProcess.js";
import { countingSink } from "./countingSink.js";
import { maxRssMb, rssMb, watchMemory } from "./memoryWatch.js";
import { seededRandom } from "./seededRandom.js";
import { createSyntheticTraffic, DEFAULT_TRAFFIC_SHAPE } from "./syntheticTraffic.js";

interface SoakOptions {
  hours: number;
  requestsPerDay: number;
  multiplier: number;
  rssCeilingMb: number;
  shape: "normal" | "spray";
  deadlineMinutes: number;
  partitions: number;
  recordsPerEvent: number;
  eventsPerBatch: number;
}

interface SoakReport {
  completed: boolean;
  stoppedBecause: string | null;
  options: SoakOptions;
  records: number;
  recordsPlanned: number;
  rejected: number;
  late: number;
  windowsEvaluated: number;
  alerts: number;
  tableRequests: number;
  elapsedS: number;
  recordsPerSecond: number;
  /** V8's heap limit: `npm run bench:soak` sets the one the deployment gives the worker. */
  heapLimitMb: number;
  startRssMb: number;
  peakRssMb: number;
  sampledPeakHeapMb: number;
  azuritePeakRssMb: number;
}

/** A Monday, well in the past, so no record is rejected as from the future. */
const FIRST_WINDOW_MS = Date.parse("2024-05-06T00:00:00Z");
const TIMER_MS = 5 * 60_000;
/** Timer runs per window: the timer fires every five minutes of event time. */
const INTERVALS = WINDOW_MS / TIMER_MS;
const SOAK_TRAFFIC = createSyntheticTraffic(DEFAULT_TRAFFIC_SHAPE);

function soakOptions(): SoakOptions {
  const { values } = parseArgs({
    options: {
      hours: { type: "string", default: "24" },
      "requests-per-day": { type: "string", default: "200000" },
      multiplier: { type: "string", default: "10" },
      "rss-ceiling-mb": { type: "string", default: "1024" },
      shape: { type: "string", default: "normal" },
      "deadline-minutes": { type: "string", default: "60" },
    },
  });
  const shape = values.shape;
  if (shape !== "normal" && shape !== "spray") {
    throw new Error(`--shape: expected normal or spray, got ${JSON.stringify(shape)}`);
  }
  return {
    hours: positive("--hours", values.hours),
    requestsPerDay: positive("--requests-per-day", values["requests-per-day"]),
    multiplier: positive("--multiplier", values.multiplier),
    rssCeilingMb: positive("--rss-ceiling-mb", values["rss-ceiling-mb"]),
    shape,
    deadlineMinutes: positive("--deadline-minutes", values["deadline-minutes"]),
    partitions: 4,
    recordsPerEvent: 100,
    eventsPerBatch: 10,
  };
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${flag}: expected a positive number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Records in each window along the daily curve the replay benchmark uses: quiet night, busy afternoon. */
function recordsPerWindow(options: SoakOptions): number[] {
  const windows = Math.round((options.hours * WINDOWS_PER_DAY) / 24);
  const perWindow = (options.requestsPerDay * options.multiplier) / WINDOWS_PER_DAY;
  return Array.from({ length: windows }, (_, index) => {
    const dayFraction = (index % WINDOWS_PER_DAY) / WINDOWS_PER_DAY;
    return Math.round(perWindow * (1 + 0.65 * Math.sin(2 * Math.PI * (dayFraction - 0.375))));
  });
}

/** Cuts one timer interval of traffic into Event Hubs events spread over the partitions. */
function eventsOf(
  records: Record<string, unknown>[],
  options: SoakOptions,
  nextSequence: number[],
): HubEvent[][] {
  const byPartition: HubEvent[][] = Array.from({ length: options.partitions }, () => []);
  for (let start = 0; start < records.length; start += options.recordsPerEvent) {
    const partition = (start / options.recordsPerEvent) % options.partitions;
    const body = JSON.stringify({ records: records.slice(start, start + options.recordsPerEvent) });
    byPartition[partition]!.push({ sequenceNumber: nextSequence[partition]!++, body });
  }
  return byPartition;
}

async function ingestInterval(
  pipeline: Pipeline,
  byPartition: HubEvent[][],
  options: SoakOptions,
  report: SoakReport,
): Promise<void> {
  for (const [partition, events] of byPartition.entries()) {
    for (let start = 0; start < events.length; start += options.eventsPerBatch) {
      const summary = await ingestEventHubBatch(
        String(partition),
        events.slice(start, start + options.eventsPerBatch),
        pipeline.parseOptions(Date.parse("2025-01-01T00:00:00Z")),
        pipeline.inspect,
        pipeline.ingest,
      );
      report.records += summary.records;
      report.rejected += summary.rejected;
      report.late += summary.late;
    }
  }
}

async function runTimer(pipeline: Pipeline, eventTimeMs: number, report: SoakReport) {
  const clock = { eventTimeMs, wallTimeMs: eventTimeMs };
  const early = await raiseEarlyAlerts(clock, pipeline.evaluation);
  const evaluation = await evaluateClosedWindows(clock, pipeline.evaluation);
  report.alerts += early.alerts.length;
  for (const window of evaluation.evaluated) report.alerts += window.alerts.length;
  report.windowsEvaluated += evaluation.evaluated.length;
  if (evaluation.stoppedBecause) throw new Error(evaluation.stoppedBecause);
}

async function main(): Promise<void> {
  const options = soakOptions();
  const azurite = await startAzuriteProcess();
  const pipeline = await openPipeline(
    loadSettings({}),
    { kind: "connectionString", connectionString: azurite.connectionString, tablePrefix: "soak" },
    countingSink(),
    "soak",
  );
  const random = seededRandom(20261203);
  const windows = recordsPerWindow(options);
  const report: SoakReport = {
    completed: false,
    stoppedBecause: null,
    options,
    records: 0,
    recordsPlanned: windows.reduce((sum, count) => sum + intervalCount(count) * INTERVALS, 0),
    rejected: 0,
    late: 0,
    windowsEvaluated: 0,
    alerts: 0,
    tableRequests: 0,
    elapsedS: 0,
    recordsPerSecond: 0,
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    startRssMb: rssMb(),
    peakRssMb: 0,
    sampledPeakHeapMb: 0,
    azuritePeakRssMb: 0,
  };
  const memory = watchMemory(100);
  const startedMs = performance.now();
  const deadlineMs = startedMs + options.deadlineMinutes * 60_000;
  const nextSequence = Array.from({ length: options.partitions }, () => 0);

  try {
    for (const [windowIndex, count] of windows.entries()) {
      const windowStartMs = FIRST_WINDOW_MS + windowIndex * WINDOW_MS;
      for (let interval = 0; interval < INTERVALS; interval++) {
        const fromMs = windowStartMs + interval * TIMER_MS;
        const records = intervalRecords(fromMs, intervalCount(count), () =>
          options.shape === "spray" ? randomAddress(random) : null,
        );
        await ingestInterval(pipeline, eventsOf(records, options, nextSequence), options, report);
        await runTimer(pipeline, fromMs + TIMER_MS, report);
        if (rssMb() > options.rssCeilingMb) {
          throw new Error(
            `RSS ${rssMb().toFixed(0)} MB passed the ceiling of ${options.rssCeilingMb} MB`,
          );
        }
        if (performance.now() > deadlineMs) {
          throw new Error(`deadline of ${options.deadlineMinutes} minutes reached`);
        }
      }
      process.stderr.write(
        `[soak] window ${windowIndex + 1}/${windows.length}: ${report.records} records, RSS ${rssMb().toFixed(0)} MB\n`,
      );
    }
    await runTimer(pipeline, FIRST_WINDOW_MS + (windows.length + 1) * WINDOW_MS, report);
    report.completed = true;
  } catch (error) {
    report.stoppedBecause = error instanceof Error ? error.message : String(error);
  }

  const peak = memory.stop();
  report.elapsedS = (performance.now() - startedMs) / 1000;
  report.recordsPerSecond = Math.round(report.records / report.elapsedS);
  report.peakRssMb = Math.round(maxRssMb());
  report.sampledPeakHeapMb = Math.round(peak.sampledHeapUsedMb);
  report.tableRequests = pipeline.tables.counter.requests;
  report.azuritePeakRssMb = Math.round(await azurite.stop());
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.completed && report.peakRssMb <= options.rssCeilingMb ? 0 : 1);
}

function intervalCount(windowRecords: number): number {
  return Math.round(windowRecords / INTERVALS);
}

/** `count` records spread evenly over one timer interval from `fromMs`. */
function intervalRecords(
  fromMs: number,
  count: number,
  addressOverride: () => string | null,
  traffic = SOAK_TRAFFIC,
): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const record = traffic.record(fromMs + Math.floor((index * TIMER_MS) / count));
    const address = addressOverride();
    if (address !== null) record.callerIpAddress = address;
    records.push(record);
  }
  return records;
}

function randomAddress(random: () => number): string {
  const byte = () => Math.floor(random() * 256);
  return `${20 + Math.floor(random() * 180)}.${byte()}.${byte()}.${byte()}`;
}

// A run's own failures end up in its report; what reaches here is a command line that cannot run.
await main().catch((error: unknown) => {
  process.stderr.write(`bench:soak: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
