/**
 * Writes the replay benchmark's input: Event Hubs envelopes as NDJSON, one envelope of 100
 * records per line, in time order, over several files. Traffic follows a daily curve (a quiet
 * night, a busy afternoon), so windows differ in size as they do in production.
 * Run alone: `npx tsx bench/writeReplayFiles.ts '{"directory":"/tmp/replay"}'`.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { WINDOW_MS, WINDOWS_PER_DAY } from "../shared/windows/window.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import { FULL_PLAN, type ReplayFilesInput } from "./benchPlan.js";
import type { ReplayFilesResult } from "./benchResults.js";
import { elapsedMsSince } from "./medianTiming.js";
import { seededRandom } from "./seededRandom.js";
import {
  createSyntheticTraffic,
  DEFAULT_TRAFFIC_SHAPE,
  type SyntheticTraffic,
} from "./syntheticTraffic.js";

/** A Monday, well in the past, so no record is rejected as from the future. */
const FIRST_WINDOW_MS = Date.parse("2024-05-06T00:00:00Z");
const LINES_PER_WRITE = 50;

function main(): void {
  const input = childInput({ ...FULL_PLAN.replay, directory: "/tmp/gatewarden-bench-replay" });
  const startedNs = process.hrtime.bigint();
  mkdirSync(input.directory, { recursive: true });
  const traffic = createSyntheticTraffic({
    ...DEFAULT_TRAFFIC_SHAPE,
    endpointCount: input.endpointCount,
    clientCount: input.clientCount,
  });
  const windowCounts = recordsPerWindow(input.records, input.days * WINDOWS_PER_DAY);
  const windowsPerFile = Math.ceil(windowCounts.length / input.files);

  let bytes = 0;
  let files = 0;
  for (let first = 0; first < windowCounts.length; first += windowsPerFile) {
    const path = join(input.directory, `gatewaylogs-${String(files).padStart(3, "0")}.ndjson`);
    bytes += writeFile(path, traffic, windowCounts, first, first + windowsPerFile, input);
    files += 1;
    progress("replay", `wrote ${path}`);
  }
  const result: ReplayFilesResult = {
    files,
    records: input.records,
    bytes,
    elapsedMs: elapsedMsSince(startedNs),
  };
  sendBenchResult(result);
}

/** Splits `records` over the windows along a daily curve: a third at night, peak mid-afternoon. */
function recordsPerWindow(records: number, windows: number): number[] {
  const weights = Array.from({ length: windows }, (_, index) => {
    const dayFraction = (index % WINDOWS_PER_DAY) / WINDOWS_PER_DAY;
    return 1 + 0.65 * Math.sin(2 * Math.PI * (dayFraction - 0.375));
  });
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  let assigned = 0;
  let cumulativeWeight = 0;
  return weights.map((weight) => {
    cumulativeWeight += weight;
    const upTo = Math.round((records * cumulativeWeight) / totalWeight);
    const count = upTo - assigned;
    assigned = upTo;
    return count;
  });
}

function writeFile(
  path: string,
  traffic: SyntheticTraffic,
  windowCounts: readonly number[],
  firstWindow: number,
  endWindow: number,
  input: ReplayFilesInput,
): number {
  const descriptor = openSync(path, "w");
  const random = seededRandom(firstWindow + 1);
  let bytes = 0;
  let lines: string[] = [];
  let records: Record<string, unknown>[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    bytes += writeSync(descriptor, `${lines.join("\n")}\n`);
    lines = [];
  };
  for (let window = firstWindow; window < Math.min(endWindow, windowCounts.length); window++) {
    for (const timeMs of timesInWindow(window, windowCounts[window]!, random)) {
      records.push(traffic.record(timeMs));
      if (records.length < input.recordsPerEnvelope) continue;
      lines.push(JSON.stringify({ records }));
      records = [];
      if (lines.length >= LINES_PER_WRITE) flush();
    }
  }
  if (records.length > 0) lines.push(JSON.stringify({ records }));
  flush();
  closeSync(descriptor);
  return bytes;
}

function timesInWindow(window: number, count: number, random: () => number): number[] {
  const startMs = FIRST_WINDOW_MS + window * WINDOW_MS;
  const times = Array.from({ length: count }, () => startMs + Math.floor(random() * WINDOW_MS));
  return times.sort((a, b) => a - b);
}

main();
