#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { INPUT_FORMATS } from "../records/requestRecord.js";
import { runDoctor } from "./doctorCommand.js";
import { runReplay } from "./replayCommand.js";
import { stdoutWriteError } from "./replayOutputs.js";
import { UsageError } from "./usageError.js";

/** The package's version: package.json is two folders up from shared/cli, three from dist's. */
function packageVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    const path = new URL(relative, import.meta.url);
    if (existsSync(path)) {
      return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
    }
  }
  return "unknown";
}

const program = new Command()
  .name("gatewarden")
  .description("API threat detection for Azure API Management gateway logs")
  .version(packageVersion())
  .showHelpAfterError("(add --help for the usage)")
  // Throw instead of exiting, so a usage error exits 2 below; set before the subcommands, which
  // inherit it.
  .exitOverride();

program
  .command("replay")
  .description(
    "Replay log files or folders through the detectors, in record time order, and write the alerts.",
  )
  .argument("<paths...>", "log files or folders (searched recursively; .gz is read transparently)")
  .addOption(
    new Option("--format <format>", "input format")
      .choices(["auto", ...INPUT_FORMATS])
      .default("auto"),
  )
  .option("--out <file>", "write alerts as NDJSON to this file ('-' for stdout)")
  .option(
    "--dead-letters <file>",
    "write every rejected and late record, with its reason, as NDJSON to this file ('-' for stdout)",
  )
  .option("--table", "print the alerts as a table for people to read")
  .option(
    "--storage <connection-string>",
    "Table Storage to use instead of the embedded Azurite (a real account or an external Azurite)",
  )
  .option("--trust-forwarded-for", "take the client IP from X-Forwarded-For (APIM behind a proxy)")
  .option(
    "--trusted-proxy <address-or-cidr>",
    "a proxy in front of APIM whose X-Forwarded-For is believed (repeatable; replaces GATEWARDEN_TRUSTED_PROXIES)",
    collect,
    [] as string[],
  )
  .option(
    "--detection <json>",
    'detector settings as JSON, e.g. \'{"populationSpike":{"sensitivity":8}}\'',
  )
  .option(
    "--tor-exit-list <file>",
    "Tor exit list, bulk list or exit-addresses form (repeatable)",
    collect,
    [] as string[],
  )
  .option(
    "--threat-intel <name=file>",
    "threat-intelligence feed: IP, CIDR, abuse.ch CSV, IPsum or STIX 2.1 (repeatable)",
    collect,
    [] as string[],
  )
  .addOption(new Option("--quiet", "no progress bar and no summary").conflicts("verbose"))
  .option("--verbose", "log each evaluated window to stderr")
  .action(async (paths: string[], flags) => {
    process.exitCode = await runReplay(paths, flags);
  });

program
  .command("doctor")
  .description("Read a sample of your logs and report what the detectors will miss in them.")
  .argument("<paths...>", "log files or folders, in any format replay reads")
  .addOption(
    new Option("--format <format>", "input format")
      .choices(["auto", ...INPUT_FORMATS])
      .default("auto"),
  )
  .option("--sample <records>", "how many records to read at most", "100000")
  .action(async (paths: string[], flags) => {
    process.exitCode = await runDoctor(paths, flags);
  });

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// A reader that closes the pipe early (`| head`) is not an error of ours. Any other failure (a
// redirect to a full disk) is said in one line, as the replay's own write failures are.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`gatewarden: ${stdoutWriteError(error).message}\n`);
  process.exit(2);
});

// One line, no stack: a UsageError is the command line's fault (exit 2), anything else ours (1).
// Commander has printed its own errors and help already: --help and `help` exit 0, and a command
// line it cannot parse (an unknown option, a bad choice, a missing value or path) exits 2 as ours.
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`gatewarden: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
