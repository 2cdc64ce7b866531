/** Wall time of repeated runs of one task: the median is the figure reported, min and max show spread. */
export interface RunTimings {
  medianMs: number;
  /** Median CPU time (user + system, all threads) of the same runs: less hurt by a busy machine. */
  cpuMedianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/**
 * Runs `task` `warmups` times untimed, so the JIT has settled, then `runs` times timed with the
 * monotonic clock. `task` must do the same work each time.
 */
export function timeRuns(task: () => void, warmups: number, runs: number): RunTimings {
  for (let warmup = 0; warmup < warmups; warmup++) task();
  const samplesMs: number[] = [];
  const cpuSamplesMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedCpu = process.cpuUsage();
    const startedNs = process.hrtime.bigint();
    task();
    samplesMs.push(Number(process.hrtime.bigint() - startedNs) / 1e6);
    const cpu = process.cpuUsage(startedCpu);
    cpuSamplesMs.push((cpu.user + cpu.system) / 1000);
  }
  samplesMs.sort((a, b) => a - b);
  cpuSamplesMs.sort((a, b) => a - b);
  return {
    medianMs: medianOfSorted(samplesMs),
    cpuMedianMs: medianOfSorted(cpuSamplesMs),
    minMs: samplesMs[0] ?? Number.NaN,
    maxMs: samplesMs.at(-1) ?? Number.NaN,
    runs,
  };
}

/** Milliseconds since `startedNs` (a `process.hrtime.bigint()` reading). */
export function elapsedMsSince(startedNs: bigint): number {
  return Number(process.hrtime.bigint() - startedNs) / 1e6;
}

function medianOfSorted(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}
