import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file's place in it. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The shared data folder beside the repository: `../shared/data`. */
export const SHARED_DATA_DIR = resolve(REPO_ROOT, "../shared/data");
export const TOR_EXIT_LIST = join(SHARED_DATA_DIR, "tor-exit-lists/torbulkexitlist.2024-03-12");
export const THREAT_FEED = {
  name: "et-compromised",
  path: join(SHARED_DATA_DIR, "threat-intel-ips/et-compromised-ips.2026-08-22.txt"),
};

export const DEFAULT_SWEEP_SCALES: readonly number[] = [0.25, 0.5, 1, 2];

/** Everything `npm run eval` was asked to do, validated once. */
export interface EvalOptions {
  seed: number;
  days: number;
  requestsPerDay: number;
  attackScale: number;
  /** Attacks of each kind, each in its own window; more make a recall a rate. */
  attacksPerKind: number;
  /** A dataset written earlier by the generator; generated afresh when absent. */
  dataDir: string | null;
  /** Where the Markdown and the charts go. */
  outDir: string;
  sweep: boolean;
  sweepScales: number[];
  /** Keep generated datasets instead of deleting them after their replay. */
  keepData: boolean;
  real: boolean;
}

/** The flags as commander hands them over: text, not yet checked. */
export interface EvalFlags {
  seed: string;
  days: string;
  requestsPerDay: string;
  attackScale: string;
  attacksPerKind: string;
  data?: string;
  out: string;
  sweep?: boolean;
  sweepScales: string;
  keepData?: boolean;
  real?: boolean;
}

/** Checks every flag, throwing an Error that names the flag, its value and what was expected. */
export function toEvalOptions(flags: EvalFlags): Readonly<EvalOptions> {
  return Object.freeze({
    seed: integerFlag("--seed", flags.seed, 0),
    days: integerFlag("--days", flags.days, 2),
    requestsPerDay: integerFlag("--requests-per-day", flags.requestsPerDay, 1_000),
    attackScale: scaleFlag("--attack-scale", flags.attackScale),
    attacksPerKind: integerFlag("--attacks-per-kind", flags.attacksPerKind, 1),
    dataDir: flags.data === undefined ? null : resolve(flags.data),
    outDir: resolve(flags.out),
    sweep: flags.sweep === true,
    sweepScales: flags.sweepScales.split(",").map((text) => scaleFlag("--sweep-scales", text)),
    keepData: flags.keepData === true,
    real: flags.real === true,
  });
}

function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (Number.isSafeInteger(value) && value >= min) return value;
  throw new Error(
    `${flag}: expected a whole number of at least ${min}, got ${JSON.stringify(text)}`,
  );
}

function scaleFlag(flag: string, text: string): number {
  const value = Number(text.trim());
  if (Number.isFinite(value) && value > 0 && value <= 100) return value;
  throw new Error(
    `${flag}: expected a number above 0 and at most 100, got ${JSON.stringify(text)}`,
  );
}
