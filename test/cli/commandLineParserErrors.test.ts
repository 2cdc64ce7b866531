import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accessLogLine } from "../replay/accessLogLines.js";
import { gatewarden } from "./runGatewarden.js";

const FORMATS =
  "auto, eventhub, storage-archive, log-analytics-json, log-analytics-csv, access-log";

async function accessLog(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-parser-"));
  const input = join(folder, "gateway.log");
  await writeFile(input, `${accessLogLine(Date.parse("2015-05-17T10:05:03Z"))}\n`);
  return input;
}

describe("gatewarden command-line parser errors", { timeout: 120_000 }, () => {
  it("prints the package's version with --version and exits 0", async () => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };

    const result = await gatewarden("--version");

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  // Each mistake was followed by the whole usage, about 50 lines, burying the one that mattered.
  it("exits 2, not 1, for a bad --format, an unknown option, --out without a value, replay without paths and --quiet with --verbose, in commander's words and a pointer to --help", async () => {
    const input = await accessLog();

    const results = await Promise.all([
      gatewarden("replay", input, "--format", "bogus"),
      gatewarden("replay", input, "--bogus"),
      gatewarden("replay", input, "--out"),
      gatewarden("replay"),
      gatewarden("replay", input, "--quiet", "--verbose"),
    ]);

    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2, 2]);
    expect(results.map((result) => result.stderr)).toEqual(
      [
        `error: option '--format <format>' argument 'bogus' is invalid. Allowed choices are ${FORMATS}.`,
        "error: unknown option '--bogus'",
        "error: option '--out <file>' argument missing",
        "error: missing required argument 'paths'",
        "error: option '--quiet' cannot be used with option '--verbose'",
      ].map((message) => `${message}\n(add --help for the usage)\n`),
    );
    for (const result of results) expect(result.stdout).toBe("");
  });

  it("exits 2 for doctor's parser errors as for replay's", async () => {
    const input = await accessLog();

    const results = await Promise.all([
      gatewarden("doctor", input, "--format", "bogus"),
      gatewarden("doctor", input, "--bogus"),
      gatewarden("doctor", input, "--sample"),
      gatewarden("doctor"),
    ]);

    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
    expect(results.map((result) => result.stderr.split("\n")[0])).toEqual([
      `error: option '--format <format>' argument 'bogus' is invalid. Allowed choices are ${FORMATS}.`,
      "error: unknown option '--bogus'",
      "error: option '--sample <records>' argument missing",
      "error: missing required argument 'paths'",
    ]);
  });

  it("exits 2 for an unknown command and for no command at all", async () => {
    const [unknown, none] = await Promise.all([gatewarden("replya"), gatewarden()]);

    expect([unknown.code, none.code]).toEqual([2, 2]);
    expect(unknown.stderr.split("\n")[0]).toBe("error: unknown command 'replya'");
    expect(none.stderr).toContain("Usage: gatewarden [options] [command]\n");
  });

  it("exits 0 for --help and help, printing the usage on stdout", async () => {
    const results = await Promise.all([
      gatewarden("--help"),
      gatewarden("replay", "--help"),
      gatewarden("doctor", "--help"),
      gatewarden("help", "replay"),
    ]);

    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    expect(results.map((result) => result.stderr)).toEqual(["", "", "", ""]);
    expect(results.map((result) => result.stdout.split("\n")[0])).toEqual([
      "Usage: gatewarden [options] [command]",
      "Usage: gatewarden replay [options] <paths...>",
      "Usage: gatewarden doctor [options] <paths...>",
      "Usage: gatewarden replay [options] <paths...>",
    ]);
  });
});
