/**
 * Memory of one window aggregate holding many endpoint × status keys, as ingest builds it: heap
 * and RSS growth per key after a full collection, and the size of the encoded partial. Run with
 * `node --expose-gc --import tsx bench/aggregateMemoryBench.ts`; without --expose-gc the heap
 * figures include garbage.
 */
import { constants } from "node:buffer";
import { gunzipSync } from "node:zlib";
import { decodeAggregate, encodeAggregate } from "../shared/aggregation/aggregateCodec.js";
import {
  addRecord,
  emptyAggregate,
  type WindowAggregate,
} from "../shared/aggregation/windowAggregate.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import { FULL_PLAN } from "./benchPlan.js";
import type { MemoryResult } from "./benchResults.js";
import { BENCH_WINDOW_INDEX, evaluationRecordOf } from "./evaluationKeys.js";
import { timeRuns } from "./medianTiming.js";

const MB = 2 ** 20;

function main(): void {
  const input = childInput(FULL_PLAN.memory);
  const before = settledMemory();
  progress("memory", `folding ${input.recordsPerKey} records into each of ${input.keys} keys`);
  const aggregate = emptyAggregate(BENCH_WINDOW_INDEX);
  for (let keyIndex = 0; keyIndex < input.keys; keyIndex++) {
    for (let request = 0; request < input.recordsPerKey; request++) {
      addRecord(aggregate, evaluationRecordOf(keyIndex, request), []);
    }
  }
  const after = settledMemory();
  if (aggregate.population.size !== input.keys)
    throw new Error(
      `expected ${input.keys} keys, the aggregate holds ${aggregate.population.size}`,
    );

  progress("memory", "encoding");
  let encoded = encodeAggregate(aggregate);
  const encode = timeRuns(() => (encoded = encodeAggregate(aggregate)), 1, 3);
  let decoded: WindowAggregate | null = null;
  const decode = timeRuns(() => (decoded = decodeAggregate(encoded)), 1, 3);
  if (decoded === null) throw new Error("decodeAggregate returned nothing");

  const jsonBytes = gunzipSync(encoded).length;
  const heapDeltaBytes = after.heapUsed - before.heapUsed;
  const rssDeltaBytes = after.rss - before.rss;
  const result: MemoryResult = {
    keys: input.keys,
    recordsPerKey: input.recordsPerKey,
    heapDeltaMb: heapDeltaBytes / MB,
    rssDeltaMb: rssDeltaBytes / MB,
    heapBytesPerKey: heapDeltaBytes / input.keys,
    rssBytesPerKey: rssDeltaBytes / input.keys,
    jsonBytes,
    encodedBytes: encoded.length,
    encodeMs: encode.medianMs,
    decodeMs: decode.medianMs,
    entriesByMap: mapSizes(aggregate),
    jsonCharsByMap: mapJsonChars(aggregate),
    maxKeysPerPartial: Math.floor(constants.MAX_STRING_LENGTH / (jsonBytes / input.keys)),
  };
  sendBenchResult(result);
}

function mapSizes(aggregate: WindowAggregate): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [name, value] of Object.entries(aggregate)) {
    if (value instanceof Map) sizes[name] = value.size;
  }
  return sizes;
}

function mapJsonChars(aggregate: WindowAggregate): Record<string, number> {
  const chars: Record<string, number> = {};
  for (const [name, value] of Object.entries(aggregate)) {
    if (value instanceof Map) chars[name] = JSON.stringify([...value]).length;
  }
  return chars;
}

/** heapUsed and RSS after full collections, so garbage is not counted as the aggregate's. */
function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) gc?.();
  return process.memoryUsage();
}

main();
