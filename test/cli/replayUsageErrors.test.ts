import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accessLogLine } from "../replay/accessLogLines.js";
import { gatewarden, gatewardenWithEnv } from "./runGatewarden.js";

const LINE = `${accessLogLine(Date.parse("2015-05-17T10:05:03Z"))}\n`;

/** One access log in a fresh folder, and a second fresh folder for outputs. */
async function inputAndOutputFolder(): Promise<{ input: string; outFolder: string }> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-usage-"));
  const input = join(folder, "gateway.log");
  await writeFile(input, LINE);
  return { input, outFolder: await mkdtemp(join(tmpdir(), "gatewarden-usage-out-")) };
}

/** A path no one may create a file in: root writes anywhere chmod allows, but not into /sys. */
async function unwritablePath(outFolder: string): Promise<string> {
  if (process.getuid?.() === 0 && process.platform === "linux") return "/sys/alerts.ndjson";
  const locked = join(outFolder, "locked");
  await mkdir(locked);
  await chmod(locked, 0o500);
  return join(locked, "alerts.ndjson");
}

describe("gatewarden command-line mistakes", { timeout: 120_000 }, () => {
  it("refuses an --out that is a folder, in a missing folder, below a file or unwritable, in one line naming --out, with exit 2", async () => {
    const { input, outFolder } = await inputAndOutputFolder();
    const missing = join(outFolder, "no-such-folder", "alerts.ndjson");
    const belowFile = join(input, "alerts.ndjson");
    const unwritable = await unwritablePath(outFolder);

    const results = await Promise.all(
      [outFolder, missing, belowFile, unwritable].map((out) =>
        gatewarden("replay", input, "--out", out, "--quiet"),
      ),
    );

    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
    expect(results.map((result) => result.stderr)).toEqual([
      `gatewarden: --out ${outFolder}: that is a folder; expected a file to write the alerts to\n`,
      `gatewarden: --out ${missing}: cannot write the alerts there: the folder ${join(outFolder, "no-such-folder")} does not exist\n`,
      `gatewarden: --out ${belowFile}: cannot write the alerts there: a part of the path is a file, not a folder\n`,
      `gatewarden: --out ${unwritable}: cannot write the alerts there: permission denied\n`,
    ]);
    expect(await readFile(input, "utf8")).toBe(LINE);
  });

  // An empty folder exited 1, as if the replay had failed, after starting Azurite.
  it("refuses a folder that holds no log file, naming it, with exit 2 and nothing written", async () => {
    const empty = await mkdtemp(join(tmpdir(), "gatewarden-empty-"));
    const out = join(empty, "..", `${empty.split("/").pop()}-alerts.ndjson`);

    const result = await gatewarden("replay", empty, "--out", out);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`gatewarden: no log files found in ${empty}\n`);
    await expect(readFile(out, "utf8")).rejects.toThrow("ENOENT");
  });

  it("refuses a --dead-letters that is a folder, naming --dead-letters", async () => {
    const { input, outFolder } = await inputAndOutputFolder();

    const result = await gatewarden(
      "replay",
      input,
      "--out",
      join(outFolder, "alerts.ndjson"),
      "--dead-letters",
      outFolder,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatewarden: --dead-letters ${outFolder}: that is a folder; expected a file to write the dead letters to\n`,
    );
  });

  it("says 'no such file or folder' for a missing path in doctor as in replay, with exit 2", async () => {
    const missing = join(tmpdir(), "gatewarden-no-such-path", "gateway.log");

    const [doctor, replay] = await Promise.all([
      gatewarden("doctor", missing),
      gatewarden("replay", missing),
    ]);

    expect([doctor.code, replay.code]).toEqual([2, 2]);
    expect(doctor.stderr).toBe(`gatewarden: ${missing}: no such file or folder\n`);
    expect(replay.stderr).toBe(`gatewarden: ${missing}: no such file or folder\n`);
  });

  it("refuses a --storage value that is not a connection string, without echoing it", async () => {
    const { input } = await inputAndOutputFolder();
    const expected =
      'expected key=value parts separated by ";": DefaultEndpointsProtocol, AccountName and AccountKey (TableEndpoint optional), or TableEndpoint and SharedAccessSignature, or UseDevelopmentStorage=true';

    const [garbage, noProtocol] = await Promise.all([
      gatewarden("replay", input, "--storage", "garbage"),
      gatewarden("replay", input, "--storage", "AccountName=gw;AccountKey=c2VjcmV0"),
    ]);

    expect([garbage.code, noProtocol.code]).toEqual([2, 2]);
    expect(garbage.stderr).toBe(
      `gatewarden: --storage: not a Table Storage connection string, part 1 of 1 is not key=value; ${expected}\n`,
    );
    expect(noProtocol.stderr).toBe(
      `gatewarden: --storage: not a Table Storage connection string, it has no DefaultEndpointsProtocol; ${expected}\n`,
    );
  });

  it("refuses --out - with --table, which would mix NDJSON and the table on stdout", async () => {
    const { input } = await inputAndOutputFolder();

    const result = await gatewarden("replay", input, "--out", "-", "--table");

    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "gatewarden: --out - and --table both write to stdout, so the NDJSON rows and the table would mix; write the alerts to a file with --out <file>, or leave out one of the two\n",
    );
  });

  it("names --detection, not GATEWARDEN_DETECTION, when the flag's value is wrong, and refuses an empty one", async () => {
    const { input } = await inputAndOutputFolder();

    const [notJson, unknownKey, empty, fromEnv] = await Promise.all([
      gatewarden("replay", input, "--detection", "{"),
      gatewarden("replay", input, "--detection", '{"nope":1}'),
      gatewarden("replay", input, "--detection", ""),
      gatewardenWithEnv({ GATEWARDEN_DETECTION: "{" }, "replay", input),
    ]);

    expect([notJson.code, unknownKey.code, empty.code, fromEnv.code]).toEqual([2, 2, 2, 2]);
    expect(notJson.stderr).toBe('gatewarden: --detection: expected JSON, got "{"\n');
    expect(unknownKey.stderr).toBe('gatewarden: --detection: (root): Unrecognized key: "nope"\n');
    expect(empty.stderr).toBe(
      `gatewarden: --detection: expected JSON such as '{"populationSpike":{"sensitivity":8}}', got ""\n`,
    );
    expect(fromEnv.stderr).toBe('gatewarden: GATEWARDEN_DETECTION: expected JSON, got "{"\n');
  });

  it("refuses an empty --out instead of writing the alerts to stdout", async () => {
    const { input } = await inputAndOutputFolder();

    const result = await gatewarden("replay", input, "--out", "");

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'gatewarden: --out: expected a file path, or "-" for stdout, got ""\n',
    );
  });

  it("warns that an empty input file held no records", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-usage-"));
    const input = join(folder, "empty.log");
    await writeFile(input, "");

    const result = await gatewarden("replay", input, "--quiet");

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `gatewarden:replay warn ${input} held no records; nothing was replayed\n`,
    );
  });
});
