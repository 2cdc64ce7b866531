import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { PhaseTiming } from "./benchResults.js";

interface CallTotal {
  calls: number;
  totalNs: bigint;
  tableRequests: number;
  firstCallNs: bigint | null;
}

/**
 * Sums the time spent in calls, measured from the outside: stores and other collaborators are
 * wrapped in proxies, so the code under test runs unchanged. Calls are assumed not to overlap,
 * which holds for the sequential replay and evaluation loops. Each timed call costs a little
 * itself; `overheadNsPerCall` measures how much.
 */
export class CallTimings {
  private readonly totals = new Map<string, CallTotal>();
  /** Asynchronous calls under way, so that a report cut short can show where time was going. */
  private readonly running = new Set<{ name: string; startedNs: bigint }>();

  /** `tableRequests` reads the Table request counter, so each call's requests can be counted. */
  constructor(private readonly tableRequests: () => number = () => 0) {}

  /** Times `run` under `name`, awaiting it when it returns a promise. */
  time<R>(name: string, run: () => R): R {
    const total = this.totalOf(name);
    const startedNs = process.hrtime.bigint();
    const startedRequests = this.tableRequests();
    total.firstCallNs ??= startedNs;
    const result = run();
    if (result instanceof Promise) {
      const call = { name, startedNs };
      this.running.add(call);
      return result.finally(() => {
        this.running.delete(call);
        this.finish(total, startedNs, startedRequests);
      }) as R;
    }
    this.finish(total, startedNs, startedRequests);
    return result;
  }

  /** Forgets everything timed so far, such as the set-up's requests. */
  reset(): void {
    this.totals.clear();
  }

  /** When `name` was first called (`process.hrtime.bigint()`), or null if never. */
  firstCallNs(name: string): bigint | null {
    return this.totals.get(name)?.firstCallNs ?? null;
  }

  /** A proxy of `target` whose method calls are timed as `${label}.${method}`. */
  wrap<T extends object>(target: T, label: string): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof value !== "function" || typeof property !== "string") return value;
        return (...args: unknown[]) =>
          this.time(`${label}.${property}`, () => value.apply(object, args));
      },
    });
  }

  /** A function that behaves as `run` and is timed under `name`; synchronous functions only. */
  wrapFunction<A extends unknown[], R>(name: string, run: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      const total = this.totalOf(name);
      const startedNs = process.hrtime.bigint();
      total.firstCallNs ??= startedNs;
      const result = run(...args);
      total.calls += 1;
      total.totalNs += process.hrtime.bigint() - startedNs;
      return result;
    };
  }

  /** A Table pipeline policy that times each HTTP request, send to response, retries apart. */
  httpPolicy(name: string): PipelinePolicy {
    return {
      name: "benchTableTiming",
      sendRequest: (request, next) => this.time(name, () => next(request)),
    };
  }

  /** Finished calls by name, then each call still under way as `… (unfinished)`. */
  list(): PhaseTiming[] {
    const finished = [...this.totals]
      .filter(([, total]) => total.calls > 0)
      .map(([name, total]) => ({
        name,
        calls: total.calls,
        totalMs: Number(total.totalNs) / 1e6,
        tableRequests: total.tableRequests,
      }));
    const nowNs = process.hrtime.bigint();
    const unfinished = [...this.running].map((call) => ({
      name: `${call.name} (unfinished)`,
      calls: 1,
      totalMs: Number(nowNs - call.startedNs) / 1e6,
      tableRequests: 0,
    }));
    return [...finished, ...unfinished];
  }

  private finish(total: CallTotal, startedNs: bigint, startedRequests: number): void {
    total.calls += 1;
    total.totalNs += process.hrtime.bigint() - startedNs;
    total.tableRequests += this.tableRequests() - startedRequests;
  }

  private totalOf(name: string): CallTotal {
    let total = this.totals.get(name);
    if (!total) {
      total = { calls: 0, totalNs: 0n, tableRequests: 0, firstCallNs: null };
      this.totals.set(name, total);
    }
    return total;
  }
}

/**
 * What `wrapFunction` adds to one call of a trivial function, in nanoseconds: rows with a
 * million calls (baseline fold and prune per key) include about a million times this.
 */
export function overheadNsPerCall(): number {
  const calls = 1_000_000;
  const identity = (value: number) => value + 1;
  const wrapped = new CallTimings().wrapFunction("calibration", identity);
  const timeLoop = (run: (value: number) => number) => {
    const startedNs = process.hrtime.bigint();
    let sum = 0;
    for (let call = 0; call < calls; call++) sum = run(sum);
    return { ns: Number(process.hrtime.bigint() - startedNs), sum };
  };
  timeLoop(wrapped);
  const plain = timeLoop(identity);
  const timed = timeLoop(wrapped);
  return Math.max(0, (timed.ns - plain.ns) / calls);
}
