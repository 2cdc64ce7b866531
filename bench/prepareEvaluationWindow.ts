/**
 * Sets up the evaluation benchmark's window in Table Storage, through the stores: a day of
 * evaluated windows in the ledger, a baseline for every key, and the window's records folded
 * into one committed partial per Event Hubs partition. Runs in its own process so that the
 * evaluation that follows is measured alone.
 */
import {
  addRecord,
  emptyAggregate,
  populationKeyOf,
} from "../shared/aggregation/windowAggregate.js";
import type { CountSeries } from "../shared/baselines/countSeries.js";
import type { TableClient, TableEntity, TransactionAction, UpdateMode } from "@azure/data-tables";
import { BaselineStore, type BaselineShard } from "../shared/stores/baselineStore.js";
import { BatchLedger } from "../shared/stores/batchLedger.js";
import { PartialStore } from "../shared/stores/partialStore.js";
import { openTables } from "../shared/stores/tableClients.js";
import { WindowLedger } from "../shared/stores/windowLedger.js";
import { childInput, progress, sendBenchResult } from "./benchChild.js";
import { connectionPerRequest } from "./connectionPerRequest.js";
import type { EvaluationBenchInput } from "./benchPlan.js";
import type { EvaluationPreparation } from "./benchResults.js";
import {
  BENCH_WINDOW_INDEX,
  evaluationKeyOf,
  evaluationRecordOf,
  requestsInWindow,
  usualRequests,
} from "./evaluationKeys.js";
import { elapsedMsSince } from "./medianTiming.js";

const POPULATION_FAMILY = "population";

async function main(): Promise<void> {
  const input = childInput<EvaluationBenchInput>({
    keys: 10_000,
    partitions: 4,
    historyWindows: 72,
    pointsPerKey: 12,
    busyKeyShare: 0.02,
    recordsPerPartial: 10_000,
    baselineShards: 16,
    connectionString: "",
    tablePrefix: "benchEval",
  });
  const startedNs = process.hrtime.bigint();
  const tables = await openTables(
    {
      kind: "connectionString",
      connectionString: input.connectionString,
      tablePrefix: input.tablePrefix,
    },
    { agent: connectionPerRequest() },
  );
  const batches = new BatchLedger(tables.ledger);
  const windows = new WindowLedger(tables.ledger);

  progress("evaluation", `${input.keys} keys: writing ${input.historyWindows} evaluated windows`);
  await writeHistory(windows, input.historyWindows);
  progress("evaluation", `${input.keys} keys: writing baselines`);
  const baselineJsonBytes = await writeBaselines(
    new BaselineStore(tables.baselines, input.baselineShards),
    input,
  );
  progress(
    "evaluation",
    `${input.keys} keys: writing partials over ${input.partitions} partitions`,
  );
  const packed = { bytes: 0 };
  const partialStore = new PartialStore(countingPackedBytes(tables.partials, packed), batches);
  const partials = await writePartials(partialStore, batches, input);
  await windows.noteWindows([BENCH_WINDOW_INDEX]);

  const result: EvaluationPreparation = {
    ...partials,
    partialBytes: packed.bytes,
    baselineJsonBytes,
    elapsedMs: elapsedMsSince(startedNs),
  };
  sendBenchResult(result);
}

/**
 * The table with every packed byte written through it added to `packed.bytes`, so the encoded
 * partials can be measured without encoding them a second time.
 */
function countingPackedBytes(table: TableClient, packed: { bytes: number }): TableClient {
  const add = (entity: object) => {
    for (const value of Object.values(entity))
      if (value instanceof Uint8Array) packed.bytes += value.length;
  };
  return new Proxy(table, {
    get(target, property, receiver) {
      if (property === "submitTransaction") {
        return (actions: TransactionAction[]) => {
          for (const action of actions) add(action[1]);
          return target.submitTransaction(actions);
        };
      }
      if (property === "upsertEntity") {
        return (entity: TableEntity, mode?: UpdateMode) => {
          add(entity);
          return target.upsertEntity(entity, mode);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Evaluated windows right before the benchmark window: the history the baselines cover. */
async function writeHistory(windows: WindowLedger, historyWindows: number): Promise<void> {
  for (let index = BENCH_WINDOW_INDEX - historyWindows; index < BENCH_WINDOW_INDEX; index++) {
    await windows.noteWindows([index]);
    const entry = await windows.get(index);
    const claimed = entry && (await windows.claim(entry, "bench-prepare", Date.now(), 60_000));
    if (!claimed) throw new Error(`could not claim history window ${index}`);
    await windows.complete(claimed, {
      records: 0,
      alerts: 0,
      partials: 0,
      ignoredPartials: 0,
      clientKeysDropped: 0,
      populationKeysDropped: 0,
      distinctKeysDropped: 0,
    });
  }
}

/** Returns the JSON bytes of all shards, before BaselineStore gzips them. */
async function writeBaselines(store: BaselineStore, input: EvaluationBenchInput): Promise<number> {
  const shards: BaselineShard<CountSeries>[] = Array.from(
    { length: store.shardCount },
    (_, shardIndex) => ({
      shardIndex,
      foldedThroughWindow: BENCH_WINDOW_INDEX - 1,
      entries: new Map(),
    }),
  );
  for (let keyIndex = 0; keyIndex < input.keys; keyIndex++) {
    const { endpoint, statusCode } = evaluationKeyOf(keyIndex);
    const key = populationKeyOf(endpoint, statusCode);
    shards[store.shardOf(key)]!.entries.set(key, baselineSeries(keyIndex, input));
  }
  let bytes = 0;
  for (const shard of shards) {
    bytes += Buffer.byteLength(JSON.stringify([...shard.entries]));
    await store.save(POPULATION_FAMILY, shard);
  }
  return bytes;
}

/** Busy keys were seen in every window of the history; quiet ones in `pointsPerKey` of them. */
function baselineSeries(keyIndex: number, input: EvaluationBenchInput): CountSeries {
  const firstWindow = BENCH_WINDOW_INDEX - input.historyWindows;
  const usual = usualRequests(keyIndex, input.busyKeyShare);
  const busy = usual >= 30;
  const points: [number, number][] = [];
  const pointCount = busy
    ? input.historyWindows
    : Math.min(input.pointsPerKey, input.historyWindows);
  const step = input.historyWindows / pointCount;
  for (let point = 0; point < pointCount; point++) {
    const windowIndex = firstWindow + Math.floor(point * step + (keyIndex % step));
    points.push([windowIndex, Math.max(1, usual + ((keyIndex + point) % 5) - 2)]);
  }
  return { firstWindow, points, alerted: [] };
}

/**
 * Each key's records go round-robin over the partitions, as Event Hubs spreads events, and each
 * partition's records are cut into batches of `recordsPerPartial`, one partial each, as trigger
 * invocations would write them.
 */
async function writePartials(
  store: PartialStore,
  batches: BatchLedger,
  input: EvaluationBenchInput,
): Promise<{ records: number; partials: number }> {
  const written = { records: 0, partials: 0 };
  for (let partition = 0; partition < input.partitions; partition++) {
    let aggregate = emptyAggregate(BENCH_WINDOW_INDEX);
    let firstSeq = 0;
    const flush = async () => {
      if (aggregate.records === 0) return;
      const batch = {
        partitionId: String(partition),
        firstSeq,
        lastSeq: firstSeq + aggregate.records - 1,
      };
      written.records += aggregate.records;
      written.partials += 1;
      await store.write(batch, aggregate);
      await batches.commit(batch);
      firstSeq = batch.lastSeq + 1;
      aggregate = emptyAggregate(BENCH_WINDOW_INDEX);
    };
    for (let keyIndex = 0; keyIndex < input.keys; keyIndex++) {
      const requests = requestsInWindow(keyIndex, input.busyKeyShare);
      for (let request = 0; request < requests; request++) {
        if ((keyIndex + request) % input.partitions !== partition) continue;
        addRecord(aggregate, evaluationRecordOf(keyIndex, request), []);
      }
      if (aggregate.records >= input.recordsPerPartial) await flush();
    }
    await flush();
    progress("evaluation", `partition ${partition}: ${firstSeq} records`);
  }
  return written;
}

await main();
