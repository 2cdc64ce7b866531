import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";

export const ATTACK_TYPES = ["sqli", "xss", "path-traversal", "cmdi"] as const;
export type AttackType = (typeof ATTACK_TYPES)[number];

/** One labelled parameter value of the HttpParamsDataset: `norm` for benign. */
export interface PayloadRow {
  payload: string;
  attackType: AttackType | "norm";
}

/** The rows split for learning and measuring; see `splitPayloads`. */
export interface PayloadSplit {
  learning: string[];
  heldOut: string[];
  attacks: { payload: string; attackType: AttackType }[];
}

/** Every fifth benign row, counted in file order among benign rows, is held back. */
export const HOLD_OUT_EVERY = 5;

const KNOWN_TYPES = new Set<string>(["norm", ...ATTACK_TYPES]);

/** Reads `payload_train.csv` (`payload,length,attack_type,label`, every field quoted). */
export function readPayloads(path: string): PayloadRow[] {
  const records = parseCsv(readFileSync(path), { columns: true }) as Record<string, string>[];
  return records.map((record, index) => {
    const attackType = record.attack_type ?? "";
    if (!KNOWN_TYPES.has(attackType)) {
      throw new Error(
        `${path} row ${index + 1}: attack_type ${JSON.stringify(attackType)} is not one of ${[...KNOWN_TYPES].join(", ")}`,
      );
    }
    return { payload: record.payload ?? "", attackType: attackType as PayloadRow["attackType"] };
  });
}

/**
 * Benign rows 5, 10, 15… (1-based, among benign rows) are held out and every other benign row
 * teaches the parameter; every attack row is sent. Deterministic, and spread over the whole file.
 */
export function splitPayloads(rows: readonly PayloadRow[]): PayloadSplit {
  const split: PayloadSplit = { learning: [], heldOut: [], attacks: [] };
  let benignSeen = 0;
  for (const { payload, attackType } of rows) {
    if (attackType !== "norm") {
      split.attacks.push({ payload, attackType });
      continue;
    }
    benignSeen += 1;
    if (benignSeen % HOLD_OUT_EVERY === 0) split.heldOut.push(payload);
    else split.learning.push(payload);
  }
  return split;
}
