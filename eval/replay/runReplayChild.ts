import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReplayInput, ReplayOutcome } from "./replayForEvaluation.js";

/** Heap for one replay child: a headroom, as a replay holds a window's aggregates and baselines. */
export const REPLAY_HEAP_MB = 10_240;

const CHILD_SCRIPT = fileURLToPath(new URL("./replayChild.ts", import.meta.url));

/**
 * Runs `replayForEvaluation` in a child Node process with a raised heap limit and resolves with
 * its outcome. The child's log lines go to this process's stderr, tagged with `label`.
 */
export async function runReplayChild(input: ReplayInput, label: string): Promise<ReplayOutcome> {
  const workDir = mkdtempSync(join(tmpdir(), "gatewarden-eval-replay-"));
  const outPath = join(workDir, "outcome.json");
  try {
    await runChild(JSON.stringify({ input, outPath, label }), label);
    return JSON.parse(readFileSync(outPath, "utf8")) as ReplayOutcome;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function runChild(argument: string, label: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `--max-old-space-size=${REPLAY_HEAP_MB}`, CHILD_SCRIPT, argument],
    // The IPC channel is only a lifeline: it closes when this process dies, however it dies, and
    // the child then stops instead of replaying on for minutes with no one to read its outcome.
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`replay ${label} ended with ${signal ?? `exit code ${String(code)}`}`));
    });
  });
}
