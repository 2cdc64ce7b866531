import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatasetLabel } from "../../../eval/generator/datasetLabel.js";
import type { DatasetManifest } from "../../../eval/generator/datasetManifest.js";
import { generateDataset } from "../../../eval/generator/generateDataset.js";
import type { GeneratorConfig } from "../../../eval/generator/generatorConfig.js";
import { createParseOptions } from "../../../shared/parsing/parseOptions.js";
import type { RecordRejection } from "../../../shared/parsing/recordRejection.js";
import { readEventHubPayload } from "../../../shared/parsing/readEventHubPayload.js";
import type { RequestRecord } from "../../../shared/records/requestRecord.js";

/** A generated dataset read back through gatewarden's own Event Hubs reader. */
export interface ReadDataset {
  files: string[];
  /** Records per envelope, in file order. */
  envelopeSizes: number[];
  /** Every record as our reader parsed it, in file order. */
  records: RequestRecord[];
  /** The raw JSON records, in the same order as `records`. */
  rawRecords: Array<Record<string, unknown>>;
  rejections: RecordRejection[];
  labels: DatasetLabel[];
  manifest: DatasetManifest;
}

/** Generates into a temporary folder, reads everything back, and removes the folder. */
export function generateAndRead(config: Partial<GeneratorConfig> = {}): ReadDataset {
  const dir = mkdtempSync(join(tmpdir(), "gatewarden-generator-"));
  try {
    generateDataset({ seed: 1, days: 2, requestsPerDay: 20_000, ...config, outDir: dir });
    return readDataset(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a generated folder with `readEventHubPayload`, the clock set after its last day. */
export function readDataset(dir: string): ReadDataset {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as DatasetManifest;
  const endMs = Date.parse(`${manifest.startDate}T00:00:00Z`) + manifest.days * 86_400_000;
  const options = createParseOptions(endMs);
  const files = readdirSync(dir)
    .filter((name) => name.startsWith("gatewaylogs-"))
    .sort();
  const result: ReadDataset = {
    files,
    envelopeSizes: [],
    records: [],
    rawRecords: [],
    rejections: [],
    labels: readLabels(dir),
    manifest,
  };
  for (const file of files) readFile(join(dir, file), options, result);
  return result;
}

function readFile(path: string, options: ReturnType<typeof createParseOptions>, into: ReadDataset) {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  lines.forEach((line, index) => {
    const envelope = JSON.parse(line) as { records: Array<Record<string, unknown>> };
    const batch = readEventHubPayload(envelope, `${path}:${index + 1}`, options);
    into.envelopeSizes.push(envelope.records.length);
    for (const record of batch.records) into.records.push(record);
    for (const raw of envelope.records) into.rawRecords.push(raw);
    for (const rejection of batch.rejections) into.rejections.push(rejection);
  });
}

/** The labels of a generated folder, in file order. */
export function readLabels(dir: string): DatasetLabel[] {
  return readFileSync(join(dir, "labels.ndjson"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as DatasetLabel);
}

/** The records inside [startMs, endMs). */
export function recordsBetween(records: readonly RequestRecord[], startMs: number, endMs: number) {
  return records.filter((record) => record.timeMs >= startMs && record.timeMs < endMs);
}

/** Query parameter `name` of a record, decoded, or undefined when absent. */
export function queryValue(record: RequestRecord, name: string): string | undefined {
  return new URLSearchParams(record.query).get(name) ?? undefined;
}
