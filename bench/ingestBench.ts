/**
 * Ingest throughput on one core: Event Hubs envelopes are built in memory first, then each stage
 * of the in-memory part of ingest is timed against plain JSON.parse of the same payloads.
 * Run alone: `npx tsx bench/ingestBench.ts`.
 */
import { encodeAggregate } from "../shared/aggregation/aggregateCodec.js";
import {
  addRecord,
  emptyAggregate,
  type WindowAggregate,
} from "../shared/aggregation/windowAggregate.js";
import { defaultDetectionSettings } from "../shared/config/detectionSettings.js";
import {
  createRecordInspector,
  type RecordInspector,
} from "../shared/detectors/recordInspector.js";
import { createParseOptions, type ParseOptions } from "../shared/parsing/parseOptions.js";
import { readEventHubPayload } from "../shared/parsing/readEventHubPayload.js";
import type { RequestRecord } from "../shared/records/requestRecord.js";
import { windowIndexOf } from "../shared/windows/window.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import { FULL_PLAN, type IngestBenchInput } from "./benchPlan.js";
import type { IngestResult, IngestStage } from "./benchResults.js";
import { timeRuns } from "./medianTiming.js";
import { syntheticEnvelopes } from "./syntheticEnvelopes.js";
import { createSyntheticTraffic } from "./syntheticTraffic.js";

const START_MS = Date.parse("2024-05-02T10:00:00Z");
/** One invocation's events span about two minutes of traffic, so most fold into one window. */
const SPAN_PER_INVOCATION_MS = 2 * 60_000;

function main(): void {
  const input = childInput(FULL_PLAN.ingest);
  const texts = buildPayloads(input);
  const buffers = texts.map((text) => Buffer.from(text, "utf8"));
  const records = input.envelopes * input.recordsPerEnvelope;
  const options = createParseOptions(START_MS + 24 * 60 * 60_000);
  const inspect = createRecordInspector(defaultDetectionSettings());
  const invocations = chunk(texts, input.eventsPerInvocation);
  checkEveryRecordParses(texts, options, records);

  const stage = (name: string, label: string, task: () => void): IngestStage => {
    progress("ingest", `timing ${name}`);
    collectGarbage();
    const timings = timeRuns(task, input.warmups, input.runs);
    return { name, label, ...timings, recordsPerSecond: records / (timings.medianMs / 1000) };
  };
  const stages = [
    stage("a", "JSON.parse (ceiling)", () => texts.forEach((text) => JSON.parse(text))),
    stage("b", "readEventHubPayload", () =>
      texts.forEach((text) => readEventHubPayload(text, "bench", options)),
    ),
    stage("c", "parse + inspect + fold", () =>
      invocations.forEach((events) => foldInvocation(events, options, inspect)),
    ),
    stage("c-", "parse + fold, no inspector", () =>
      invocations.forEach((events) => foldInvocation(events, options, () => [])),
    ),
    stage("d", "(c) + encodeAggregate", () =>
      invocations.forEach((events) =>
        foldInvocation(events, options, inspect).forEach((aggregate) => encodeAggregate(aggregate)),
      ),
    ),
    stage("a'", "JSON.parse of Buffer (toString)", () =>
      buffers.forEach((buffer) => JSON.parse(buffer.toString("utf8"))),
    ),
    stage("b'", "readEventHubPayload of Buffer", () =>
      buffers.forEach((buffer) => readEventHubPayload(buffer, "bench", options)),
    ),
  ];
  const result: IngestResult = {
    records,
    envelopes: input.envelopes,
    payloadBytes: buffers.reduce((sum, buffer) => sum + buffer.length, 0),
    eventsPerInvocation: input.eventsPerInvocation,
    stages,
  };
  sendBenchResult(result);
}

function buildPayloads(input: IngestBenchInput): string[] {
  progress(
    "ingest",
    `building ${input.envelopes} envelopes of ${input.recordsPerEnvelope} records`,
  );
  const invocations = Math.ceil(input.envelopes / input.eventsPerInvocation);
  return syntheticEnvelopes(createSyntheticTraffic(), {
    envelopes: input.envelopes,
    recordsPerEnvelope: input.recordsPerEnvelope,
    startMs: START_MS,
    spanMs: invocations * SPAN_PER_INVOCATION_MS,
  });
}

/**
 * The in-memory part of one trigger invocation, with the calls ingestEventHubBatch and
 * ingestRecords make: read every event, then fold each record into its window's aggregate with
 * the inspector's findings. Storage calls are left out.
 */
function foldInvocation(
  events: readonly string[],
  options: ParseOptions,
  inspect: RecordInspector,
): WindowAggregate[] {
  const records: RequestRecord[] = [];
  for (const [index, body] of events.entries()) {
    records.push(...readEventHubPayload(body, `sequence ${index}`, options).records);
  }
  const aggregates = new Map<number, WindowAggregate>();
  for (const record of records) {
    const windowIndex = windowIndexOf(record.timeMs);
    let aggregate = aggregates.get(windowIndex);
    if (!aggregate) {
      aggregate = emptyAggregate(windowIndex);
      aggregates.set(windowIndex, aggregate);
    }
    addRecord(aggregate, record, inspect(record));
  }
  return [...aggregates.values()];
}

/** A benchmark of records that are rejected would time the error path, not ingest. */
function checkEveryRecordParses(texts: string[], options: ParseOptions, expected: number): void {
  let records = 0;
  for (const text of texts) {
    const batch = readEventHubPayload(text, "check", options);
    records += batch.records.length;
    const rejection = batch.rejections[0];
    if (rejection) throw new Error(`synthetic record rejected: ${rejection.reason}`);
  }
  if (records !== expected) throw new Error(`expected ${expected} records, read ${records}`);
}

/** A full collection between stages, so one stage's garbage is not collected in the next one's time. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

main();
