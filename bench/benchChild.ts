/**
 * Each heavy benchmark runs in its own Node process, so its peak RSS is its own. The parent passes
 * the child's options as JSON in argv and receives one result message over IPC; run by hand, a
 * child uses its defaults and prints its result as JSON.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ChildProcessOptions {
  /** V8 old-space limit for the child, MiB; Node's default applies when absent. */
  maxOldSpaceMb?: number;
  /** Expose `global.gc`, for benchmarks that measure retained heap. */
  exposeGc?: boolean;
  /** Kill the child after this long, so one runaway benchmark cannot stall the suite. */
  timeoutMs?: number;
}

/** A child that ended without a result: its exit code or signal and the end of its stderr. */
export class BenchChildError extends Error {
  constructor(
    readonly script: string,
    readonly exit: string,
    readonly stderrTail: string,
    /** The child's RSS high-water mark as last read from /proc, MiB; null where there is none. */
    readonly peakRssMb: number | null,
  ) {
    const peak = peakRssMb === null ? "" : ` (peak RSS ${peakRssMb.toFixed(0)} MB)`;
    super(`benchmark ${script} ended (${exit}) without a result${peak}`);
    this.name = "BenchChildError";
  }
}

const STDERR_TAIL_CHARS = 4_000;

/** Runs `bench/<script>` with `input` and resolves with the result it sends. */
export function runBenchChild<T>(
  script: string,
  input: unknown,
  options: ChildProcessOptions = {},
): Promise<T> {
  const execArgv = ["--import", "tsx"];
  if (options.maxOldSpaceMb !== undefined)
    execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
  if (options.exposeGc) execArgv.push("--expose-gc");
  execArgv.push(...extraNodeArgs());
  const child = fork(benchPath(script), [JSON.stringify(input)], {
    execArgv,
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });

  let stderrTail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });
  let peakRssMb: number | null = null;
  const watcher = setInterval(() => {
    peakRssMb = readPeakRssMb(child.pid) ?? peakRssMb;
  }, 500);
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    let result: { value: T } | null = null;
    child.on("message", (message) => {
      result = { value: message as T };
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearInterval(watcher);
      if (result) return resolve(result.value);
      const exit = timedOut
        ? `killed after ${((options.timeoutMs ?? 0) / 1000).toFixed(0)} s`
        : (signal ?? `exit code ${code}`);
      reject(new BenchChildError(script, exit, stderrTail, peakRssMb));
    });
  });
}

/** The child's options: the parent's JSON argument over `defaults`, or `defaults` alone. */
export function childInput<T extends object>(defaults: T): T {
  const text = process.argv[2];
  return text ? { ...defaults, ...(JSON.parse(text) as Partial<T>) } : defaults;
}

/** Hands the result to the parent (or prints it), then ends the process. */
export function sendBenchResult(result: unknown): void {
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exit(0);
  }
  // Exit only once the message is flushed; an embedded Azurite would otherwise keep us alive.
  process.send(result, () => process.exit(0));
}

/** Progress on stderr, prefixed with the benchmark's name. */
export function progress(benchmark: string, message: string): void {
  process.stderr.write(`[${benchmark}] ${message}\n`);
}

/** VmHWM from /proc (Linux): the RSS high-water mark of a child that may die before reporting. */
function readPeakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Extra Node flags for every child, e.g. `--cpu-prof`, which NODE_OPTIONS does not accept. */
function extraNodeArgs(): string[] {
  return (process.env.GATEWARDEN_BENCH_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
}

function benchPath(script: string): string {
  return fileURLToPath(new URL(script, import.meta.url));
}
