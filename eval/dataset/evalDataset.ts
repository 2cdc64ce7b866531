import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateDataset, LABELS_FILE, MANIFEST_FILE } from "../generator/generateDataset.js";
import type { DatasetLabel } from "../generator/datasetLabel.js";
import type { DatasetManifest } from "../generator/datasetManifest.js";
import { readLabels } from "../labels/readLabels.js";

/** A labelled dataset on disk, as the generator wrote it. */
export interface EvalDataset {
  dir: string;
  /** The day files, full paths, in time order. */
  files: string[];
  labels: DatasetLabel[];
  manifest: DatasetManifest;
}

/** What to generate: the generator's knobs that the evaluation exposes. */
export interface DatasetRequest {
  seed: number;
  days: number;
  requestsPerDay: number;
  attacksPerKind: number;
  attackScale: number;
  /** The shared data folder holding the Tor and threat lists the attackers are drawn from. */
  dataDir: string;
}

/**
 * Generates a dataset into `dir` with the generator's own function, then reads it back as the
 * evaluation does for `--data`. `onDay` is told each finished day (0-based).
 */
export function generateEvalDataset(
  request: DatasetRequest,
  dir: string,
  onDay: (day: number, records: number) => void = () => {},
): EvalDataset {
  generateDataset({ ...request, outDir: dir }, onDay);
  return readEvalDataset(dir);
}

/** Reads a dataset the generator wrote earlier, naming the missing file when there is one. */
export function readEvalDataset(dir: string): EvalDataset {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as DatasetManifest;
  } catch (error) {
    throw new Error(
      `--data ${dir}: cannot read ${MANIFEST_FILE}; expected a folder written by eval/generator`,
      { cause: error },
    );
  }
  return {
    dir,
    files: manifest.files.map((name) => join(dir, name)),
    labels: readLabels(join(dir, LABELS_FILE)),
    manifest,
  };
}
