import { fileURLToPath } from "node:url";
import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import { ATTACK_KINDS } from "./attacks/attackInjectors.js";
import { BENIGN_SCENARIOS, type BenignScenarioName } from "./datasetLabel.js";

/** Every knob of one generation run, validated and frozen by `createGeneratorConfig`. */
export interface GeneratorConfig {
  seed: number;
  days: number;
  /** Weekly mean of benign requests per day; weekdays carry more, weekend days less. */
  requestsPerDay: number;
  /** First UTC day, `YYYY-MM-DD`. */
  startDate: string;
  /** Leading days with no attack and no scenario, for baselines to learn from. */
  warmupDays: number;
  /** Multiplies every attack's size. */
  attackScale: number;
  attacks: readonly DetectionId[];
  attacksPerKind: number;
  scenarios: readonly BenignScenarioName[];
  outDir: string;
  /** The shared data folder holding ua-lists, tor-exit-lists and threat-intel-ips. */
  dataDir: string;
}

export const DEFAULT_START_DATE = "2024-03-04";
/** The shared data folder beside the repository, where this checkout keeps it. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../shared/data", import.meta.url));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Fills in defaults and checks every knob, throwing an Error that names the setting, its value
 * and what was expected. The warm-up defaults to the first 70% of the days, rounded down.
 */
export function createGeneratorConfig(
  input: Partial<GeneratorConfig> & Pick<GeneratorConfig, "outDir">,
): Readonly<GeneratorConfig> {
  const days = input.days ?? 10;
  const config: GeneratorConfig = {
    seed: input.seed ?? 1,
    days,
    requestsPerDay: input.requestsPerDay ?? 200_000,
    startDate: input.startDate ?? DEFAULT_START_DATE,
    warmupDays: input.warmupDays ?? Math.floor(days * 0.7),
    attackScale: input.attackScale ?? 1,
    attacks: input.attacks ?? ATTACK_KINDS,
    attacksPerKind: input.attacksPerKind ?? 1,
    scenarios: input.scenarios ?? BENIGN_SCENARIOS,
    outDir: input.outDir,
    dataDir: input.dataDir ?? DEFAULT_DATA_DIR,
  };
  checkConfig(config);
  return Object.freeze({
    ...config,
    attacks: [...config.attacks],
    scenarios: [...config.scenarios],
  });
}

/** Parses `all`, `none` or a comma-separated list against `known`, naming `setting` on error. */
export function parseSelection<T extends string>(
  setting: string,
  text: string,
  known: readonly T[],
): T[] {
  if (text === "all") return [...known];
  if (text === "none") return [];
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${setting}: unknown ${unknown.map((name) => JSON.stringify(name)).join(", ")}; expected all, none or a comma-separated list of ${known.join(", ")}`,
    );
  }
  return known.filter((name) => names.includes(name));
}

function checkConfig(config: GeneratorConfig): void {
  checkInteger("seed", config.seed, 0, Number.MAX_SAFE_INTEGER);
  checkInteger("days", config.days, 1, 3_650);
  checkInteger("requests-per-day", config.requestsPerDay, 1_000, 100_000_000);
  checkInteger("attacks-per-kind", config.attacksPerKind, 1, 20);
  checkInteger("warmup-days", config.warmupDays, 0, config.days);
  if (
    !ISO_DATE.test(config.startDate) ||
    !Number.isFinite(Date.parse(`${config.startDate}T00:00:00Z`))
  ) {
    throw new Error(
      `start-date: expected a date like 2024-03-04, got ${JSON.stringify(config.startDate)}`,
    );
  }
  if (!Number.isFinite(config.attackScale) || config.attackScale <= 0 || config.attackScale > 100) {
    throw new Error(
      `attack-scale: expected a number above 0 and at most 100, got ${String(config.attackScale)}`,
    );
  }
  const labelled = config.attacks.length + config.scenarios.length > 0;
  if (labelled && config.warmupDays >= config.days) {
    throw new Error(
      `warmup-days: ${config.warmupDays} leaves none of the ${config.days} days for attacks and scenarios; use fewer warm-up days, more days, or --attacks none --scenarios none`,
    );
  }
}

function checkInteger(setting: string, value: number, min: number, max: number): void {
  if (Number.isSafeInteger(value) && value >= min && value <= max) return;
  throw new Error(`${setting}: expected an integer from ${min} to ${max}, got ${String(value)}`);
}
