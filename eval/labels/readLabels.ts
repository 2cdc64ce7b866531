import { readFileSync } from "node:fs";
import { DETECTIONS } from "../../shared/alerts/alertCatalog.js";
import type { AttackLabel, BenignLabel, DatasetLabel } from "../generator/datasetLabel.js";

/** True for a benign hard negative, false for an injected attack. */
export function isBenignLabel(label: DatasetLabel): label is BenignLabel {
  return "benign" in label && label.benign === true;
}

/** The injected attacks among `labels`, in file order. */
export function attackLabelsOf(labels: readonly DatasetLabel[]): AttackLabel[] {
  return labels.filter((label): label is AttackLabel => !isBenignLabel(label));
}

/** The benign hard negatives among `labels`, in file order. */
export function benignLabelsOf(labels: readonly DatasetLabel[]): BenignLabel[] {
  return labels.filter(isBenignLabel);
}

/**
 * Reads the generator's `labels.ndjson`. Throws naming the file, the line and the field when a
 * line is not a label the matcher can use.
 */
export function readLabels(path: string): DatasetLabel[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const labels: DatasetLabel[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    labels.push(toLabel(line, `${path}:${index + 1}`));
  });
  return labels;
}

function toLabel(line: string, place: string): DatasetLabel {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`${place}: expected one JSON label per line`, { cause: error });
  }
  if (typeof value !== "object" || value === null) {
    throw new Error(`${place}: expected a JSON object, got ${line.slice(0, 80)}`);
  }
  const label = value as Record<string, unknown>;
  for (const field of ["id", "startMs", "endMs", "entity"] as const) {
    if (label[field] === undefined) throw new Error(`${place}: label lacks the field ${field}`);
  }
  if (label.benign !== true && !DETECTIONS.has(label.detectionId as never)) {
    throw new Error(
      `${place}: expected detectionId to be one of the 13 detections, got ${JSON.stringify(label.detectionId)}`,
    );
  }
  if (label.benign === true) checkAllowances(label.expectedAlerts, place);
  return value as DatasetLabel;
}

function checkAllowances(value: unknown, place: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new Error(`${place}: expected expectedAlerts to be an array`);
  value.forEach((allowance: Record<string, unknown> | null, index) => {
    const field = `expectedAlerts[${index}]`;
    if (!DETECTIONS.has(allowance?.detectionId as never)) {
      throw new Error(
        `${place}: expected ${field}.detectionId to be one of the 13 detections, got ${JSON.stringify(allowance?.detectionId)}`,
      );
    }
    if (typeof allowance?.entity !== "object" || allowance.entity === null) {
      throw new Error(`${place}: expected ${field}.entity to be an object`);
    }
    if (!Number.isInteger(allowance.maxAlerts) || (allowance.maxAlerts as number) < 1) {
      throw new Error(
        `${place}: expected ${field}.maxAlerts to be a whole number of at least 1, got ${JSON.stringify(allowance.maxAlerts)}`,
      );
    }
  });
}
