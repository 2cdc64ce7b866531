/**
 * The labelled traffic generator's command line:
 *
 *   npx tsx eval/generator/main.ts --seed 1 --days 10 --requests-per-day 200000 --out <dir>
 *     [--attack-scale 1.0] [--attacks all|none|kind,kind] [--scenarios all|none|name,name]
 */
import { Command } from "commander";
import { performance } from "node:perf_hooks";
import { ATTACK_KINDS } from "./attacks/attackInjectors.js";
import { BENIGN_SCENARIOS } from "./datasetLabel.js";
import { generateDataset } from "./generateDataset.js";
import { DEFAULT_DATA_DIR, DEFAULT_START_DATE, parseSelection } from "./generatorConfig.js";

interface Flags {
  seed: string;
  days: string;
  requestsPerDay: string;
  out: string;
  attackScale: string;
  attacks: string;
  attacksPerKind: string;
  scenarios: string;
  startDate: string;
  warmupDays?: string;
  dataDir: string;
  quiet?: boolean;
}

const program = new Command()
  .name("generate-dataset")
  .description("Write a labelled, deterministic GatewayLogs dataset for measuring the detectors.")
  .requiredOption("--out <dir>", "folder to write the day files, labels.ndjson and manifest.json")
  .option("--seed <integer>", "seed; the same seed and options give byte-identical output", "1")
  .option("--days <integer>", "number of UTC days", "10")
  .option("--requests-per-day <integer>", "weekly mean of benign requests per day", "200000")
  .option("--attack-scale <number>", "multiplies every attack's size", "1")
  .option(
    "--attacks <list>",
    `all, none or a comma-separated list of: ${ATTACK_KINDS.join(", ")}`,
    "all",
  )
  .option("--attacks-per-kind <integer>", "attacks injected per selected detection", "1")
  .option(
    "--scenarios <list>",
    `all, none or a comma-separated list of: ${BENIGN_SCENARIOS.join(", ")}`,
    "all",
  )
  .option("--start-date <date>", "first UTC day", DEFAULT_START_DATE)
  .option(
    "--warmup-days <integer>",
    "leading days without attacks or scenarios (default: 70% of the days)",
  )
  .option(
    "--data-dir <dir>",
    "the shared data folder (ua-lists, tor-exit-lists, threat-intel-ips)",
    DEFAULT_DATA_DIR,
  )
  .option("--quiet", "print nothing but errors")
  .action((flags: Flags) => run(flags));

function run(flags: Flags): void {
  const started = performance.now();
  const log = (line: string) => {
    if (!flags.quiet) process.stderr.write(`generator: ${line}\n`);
  };
  const result = generateDataset(
    {
      outDir: flags.out,
      seed: Number(flags.seed),
      days: Number(flags.days),
      requestsPerDay: Number(flags.requestsPerDay),
      attackScale: Number(flags.attackScale),
      attacks: parseSelection("attacks", flags.attacks, ATTACK_KINDS),
      attacksPerKind: Number(flags.attacksPerKind),
      scenarios: parseSelection("scenarios", flags.scenarios, BENIGN_SCENARIOS),
      startDate: flags.startDate,
      ...(flags.warmupDays === undefined ? {} : { warmupDays: Number(flags.warmupDays) }),
      dataDir: flags.dataDir,
    },
    (day, written) => log(`day ${day + 1} done, ${written} records written`),
  );
  const seconds = (performance.now() - started) / 1_000;
  const records = result.manifest.totals.records;
  log(
    `${records} records (${result.manifest.totals.attackRecords} attack), ${result.labels.length} labels in ${seconds.toFixed(1)} s (${Math.round(records / seconds)} records/s) -> ${result.outDir}`,
  );
}

try {
  program.parse(process.argv);
} catch (error) {
  process.stderr.write(`generator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
