/**
 * One evaluation replay in a Node process of its own, so its heap limit can be raised and is freed
 * when it ends. Started by `runReplayChild` with `{ input, outPath, label }` as JSON in argv; writes
 * the outcome as JSON to `outPath`.
 */
import { writeFileSync } from "node:fs";
import { createLineLogger } from "../../shared/logging/logger.js";
import type { ReplayProgress } from "../../shared/replay/replayFiles.js";
import { replayForEvaluation, type ReplayInput } from "./replayForEvaluation.js";

interface ChildArguments {
  input: ReplayInput;
  outPath: string;
  label: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? "{}") as ChildArguments;
  const logger = createLineLogger(`gatewarden:eval:${args.label}`, "info");
  stopWithParent(logger);
  const outcome = await replayForEvaluation(args.input, logger, progressLogger(logger));
  writeFileSync(args.outPath, JSON.stringify(outcome));
  logger.info("replay done", {
    records: outcome.records,
    windows: outcome.windows,
    alerts: outcome.alerts.length,
    seconds: Math.round(outcome.elapsedMs / 1000),
  });
}

/**
 * Exits when the evaluation that started this replay is gone: its IPC channel closes. The channel
 * is unreferenced, so it never keeps a finished replay alive.
 */
function stopWithParent(logger: ReturnType<typeof createLineLogger>): void {
  process.channel?.unref();
  process.once("disconnect", () => {
    logger.warn("the evaluation that started this replay is gone; stopping");
    process.exit(1);
  });
}

/** One line per 100,000 records replayed (files are read as the replay goes). */
function progressLogger(logger: ReturnType<typeof createLineLogger>) {
  let reported = 0;
  const startedMs = Date.now();
  return (progress: ReplayProgress) => {
    const hundredThousands = Math.floor(progress.done / 100_000);
    if (hundredThousands === reported) return;
    reported = hundredThousands;
    logger.info("replaying", {
      records: progress.done,
      read: progress.total,
      seconds: Math.round((Date.now() - startedMs) / 1000),
    });
  };
}

main().then(
  // The embedded Azurite's sockets may keep the loop alive after it is stopped.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
