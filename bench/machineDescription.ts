import { execFileSync } from "node:child_process";
import os from "node:os";

/** Where and on what code the benchmarks ran, for the report's header. */
export interface MachineDescription {
  cpuModel: string;
  cpuCount: number;
  cpuMhz: number;
  totalMemoryGb: number;
  nodeVersion: string;
  os: string;
  commit: string;
  /** True when the working tree had uncommitted changes: the numbers are for those, too. */
  dirty: boolean;
  /** One-minute load average at the start and at the end; other work on the machine skews timings. */
  loadAverageStart: number;
  loadAverageEnd: number;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    cpuMhz: cpus[0]?.speed ?? 0,
    totalMemoryGb: os.totalmem() / 2 ** 30,
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain"]) !== "",
    loadAverageStart: os.loadavg()[0] ?? 0,
    loadAverageEnd: Number.NaN,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}
