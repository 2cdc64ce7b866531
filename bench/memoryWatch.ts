/** Peak memory of this process over a benchmark phase. */
export interface MemoryPeak {
  /** Resident set size high-water mark of the whole process so far, from getrusage: exact. */
  maxRssMb: number;
  /** Highest V8 heapUsed seen by sampling; a peak between samples can be missed. */
  sampledHeapUsedMb: number;
  /** Highest RSS seen by sampling during the phase. */
  sampledRssMb: number;
}

const MB = 2 ** 20;

/**
 * Samples RSS and heap every `intervalMs` until stopped. Sampling runs on the event loop, so a
 * long synchronous step is sampled only at its ends; `maxRssMb` has no such gap.
 */
export function watchMemory(intervalMs = 25): { stop(): MemoryPeak } {
  let sampledRssMb = 0;
  let sampledHeapUsedMb = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    sampledRssMb = Math.max(sampledRssMb, usage.rss / MB);
    sampledHeapUsedMb = Math.max(sampledHeapUsedMb, usage.heapUsed / MB);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { maxRssMb: maxRssMb(), sampledHeapUsedMb, sampledRssMb };
    },
  };
}

/** The process's RSS high-water mark in MiB (getrusage reports KiB on Linux). */
export function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function rssMb(): number {
  return process.memoryUsage().rss / MB;
}
