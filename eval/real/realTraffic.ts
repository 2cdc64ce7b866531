import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../shared/logging/logger.js";
import type { ReplayOutcome } from "../replay/replayForEvaluation.js";
import { runReplayChild } from "../replay/runReplayChild.js";
import { SHARED_DATA_DIR, THREAT_FEED, TOR_EXIT_LIST } from "../run/evalOptions.js";
import { convertEdgarLog, type EdgarConversion } from "./convertEdgarLog.js";
import { profileTraffic, type TrafficProfile } from "./trafficProfile.js";

/** One real, unlabelled log and how to read it. */
export interface RealDataset {
  name: string;
  /** Path relative to the shared data folder, for the report. */
  source: string;
  description: string;
  /** Set for EDGAR, which needs converting before gatewarden can read it. */
  edgar?: boolean;
}

export const REAL_DATASETS: readonly RealDataset[] = [
  {
    name: "elastic-apache",
    source: "elastic-apache-logs/apache_logs",
    description:
      "10,000 Apache combined-log lines from a personal website (semicomplete.com), 17-20 May 2015. Every line is stamped in minute 05 of its hour, so only one window in three holds records.",
  },
  {
    name: "edgar",
    source: "edgar-logs/edgar-log20170101-1pct-sample.csv.gz",
    description:
      "A 1% row sample of the SEC EDGAR document-retrieval log of 1 January 2017, converted to common-log lines.",
    edgar: true,
  },
  {
    name: "secrepo",
    source: "secrepo-weblogs/access.log.2021-10-22",
    description:
      "One day (22 October 2021) of the access log of www.secrepo.com, with exploit probes.",
  },
];

/** One real dataset replayed. */
export interface RealRun {
  dataset: RealDataset;
  replay: ReplayOutcome;
  conversion: EdgarConversion | null;
  profile: TrafficProfile;
  replayMs: number;
}

/**
 * Replays each real dataset through the product with the evaluation's Tor list and feed, one
 * child process each, converting EDGAR into a temporary access log first.
 */
export async function runRealTraffic(logger: Logger): Promise<RealRun[]> {
  const workDir = mkdtempSync(join(tmpdir(), "gatewarden-eval-real-"));
  try {
    const runs: RealRun[] = [];
    for (const dataset of REAL_DATASETS) runs.push(await runOne(dataset, workDir, logger));
    return runs;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function runOne(dataset: RealDataset, workDir: string, logger: Logger): Promise<RealRun> {
  const sourcePath = join(SHARED_DATA_DIR, dataset.source);
  let conversion: EdgarConversion | null = null;
  let path = sourcePath;
  if (dataset.edgar === true) {
    conversion = await convertEdgarLog(sourcePath, join(workDir, `${dataset.name}.log`));
    logger.info("converted EDGAR log", { rows: conversion.rows, written: conversion.written });
    path = conversion.outPath;
  }
  const startedMs = Date.now();
  const replay = await runReplayChild(
    { paths: [path], format: "access-log", torExitLists: [TOR_EXIT_LIST], feeds: [THREAT_FEED] },
    dataset.name,
  );
  const replayMs = Date.now() - startedMs;
  const profile = await profileTraffic(path, "access-log", Date.now());
  return { dataset, replay, conversion, profile, replayMs };
}
