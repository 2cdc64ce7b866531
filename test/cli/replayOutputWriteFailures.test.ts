import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";
import { gatewarden, gatewardenWithEnv, type CliResult } from "./runGatewarden.js";

const TOR_EXIT = "185.241.208.232";
// Every write to /dev/full fails with ENOSPC, as on a full disk.
const FULL = "/dev/full";

/** One call from a Tor exit, which raises an alert, and a line that is rejected unless left out. */
async function torCallAndList(
  rejectedLine = "not json\n",
): Promise<{ input: string; torList: string }> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-write-failure-"));
  const input = join(folder, "eh.json");
  const torList = join(folder, "torbulkexitlist");
  const record = gatewayLogRecord({ time: "2024-03-12T10:01:00Z", ip: TOR_EXIT });
  await writeFile(input, `${JSON.stringify(envelope([record]))}\n${rejectedLine}`);
  await writeFile(torList, `${TOR_EXIT}\n`);
  return { input, torList };
}

/** Runs the command line with its stdout on `stdoutPath`, as `> stdoutPath` in a shell does. */
async function gatewardenWithStdoutOn(stdoutPath: string, ...args: string[]): Promise<CliResult> {
  const stdout = await open(stdoutPath, "w");
  try {
    const child = spawn(process.execPath, ["--import", "tsx", "shared/cli/main.ts", ...args], {
      stdio: ["ignore", stdout.fd, "pipe"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const code = await new Promise<number>((done) => child.on("close", (exit) => done(exit ?? -1)));
    return { code, stdout: "", stderr };
  } finally {
    await stdout.close();
  }
}

describe.skipIf(!existsSync(FULL))(
  "gatewarden replay output write failures",
  { timeout: 120_000 },
  () => {
    it("says the alerts could not be written to the --out file and why, once, with exit 2 and no lease advice", async () => {
      const { input, torList } = await torCallAndList();

      const result = await gatewarden(
        "replay",
        input,
        "--tor-exit-list",
        torList,
        "--out",
        FULL,
        "--quiet",
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `gatewarden: --out ${FULL}: cannot write the alerts there: no space left on device; the replay stopped, and the file holds only the alerts written before\n`,
      );
    });

    it("names the device's refusal of --out /proc/version, or the missing permission when not root, with exit 2", async () => {
      const { input, torList } = await torCallAndList();
      const out = "/proc/version";

      const result = await gatewarden(
        "replay",
        input,
        "--tor-exit-list",
        torList,
        "--out",
        out,
        "--quiet",
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        process.getuid?.() === 0
          ? `gatewarden: --out ${out}: cannot write the alerts there: the device refused the write (input/output error); the replay stopped, and the file holds only the alerts written before\n`
          : `gatewarden: --out ${out}: cannot write the alerts there: permission denied\n`,
      );
    });

    it("adds when to replay again when a --storage store keeps the window claimed", async () => {
      const { input, torList } = await torCallAndList();

      const result = await gatewardenWithEnv(
        { GATEWARDEN_TABLE_PREFIX: `t${randomBytes(6).toString("hex")}` },
        "replay",
        input,
        "--storage",
        inject("azuriteConnectionString"),
        "--tor-exit-list",
        torList,
        "--out",
        FULL,
        "--quiet",
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `gatewarden: --out ${FULL}: cannot write the alerts there: no space left on device; the replay stopped, and the file holds only the alerts written before. The store keeps the window it was evaluating claimed for up to 10 minute(s) (GATEWARDEN_EVALUATION_LEASE_MINUTES); replay again after that to evaluate it\n`,
      );
    });

    it("says the dead letters could not be written to the --dead-letters file and why, with exit 2", async () => {
      const { input, torList } = await torCallAndList();
      const out = join(await mkdtemp(join(tmpdir(), "gatewarden-write-failure-out-")), "a.ndjson");

      const result = await gatewarden(
        "replay",
        input,
        "--tor-exit-list",
        torList,
        "--out",
        out,
        "--dead-letters",
        FULL,
        "--quiet",
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `gatewarden: --dead-letters ${FULL}: cannot write the dead letters there: no space left on device; the alerts were written, but the file holds only the dead letters written before\n`,
      );
    });

    it("says stdout cannot be written, in one line without a stack, with exit 2, for NDJSON and for --table", async () => {
      const { input, torList } = await torCallAndList("");

      const results = await Promise.all([
        gatewardenWithStdoutOn(FULL, "replay", input, "--tor-exit-list", torList, "--quiet"),
        gatewardenWithStdoutOn(
          FULL,
          "replay",
          input,
          "--tor-exit-list",
          torList,
          "--quiet",
          "--table",
        ),
      ]);

      expect(results.map((result) => result.code)).toEqual([2, 2]);
      expect(results.map((result) => result.stderr)).toEqual([
        "gatewarden: stdout: cannot write there: no space left on device\n",
        "gatewarden: stdout: cannot write there: no space left on device\n",
      ]);
    });
  },
);
