import type { Alert } from "../../shared/alerts/alert.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readLogFile } from "../../shared/parsing/readLogFile.js";
import type { RequestRecord } from "../../shared/records/requestRecord.js";
import { WINDOW_MS, windowIndexOf } from "../../shared/windows/window.js";

/** The requests of one key in one 20-minute window. */
export interface WindowCount {
  windowStartMs: number;
  requests: number;
}

/** What an alert counts: its endpoint with its status code, and its client when it names one. */
export type AlertKey = Pick<Alert, "endpoint" | "statusCode" | "clientIp">;

/** True when `record` belongs to the alert's key. */
export function recordHasKey(record: RequestRecord, key: AlertKey): boolean {
  if (record.endpoint !== key.endpoint) return false;
  if (key.statusCode !== null && record.statusCode !== key.statusCode) return false;
  return key.clientIp === "" || record.clientIp === key.clientIp;
}

/**
 * Recounts the key's requests per window over [fromMs, toMs) by reading the replayed files again,
 * one window after another, empty windows as zero. `nowMs` is the reader's clock.
 */
export async function countKeyPerWindow(
  files: readonly string[],
  key: AlertKey,
  range: { fromMs: number; toMs: number },
  nowMs: number,
): Promise<WindowCount[]> {
  const firstIndex = windowIndexOf(range.fromMs);
  const counts = new Array<number>(windowIndexOf(range.toMs - 1) - firstIndex + 1).fill(0);
  const options = createParseOptions(nowMs);
  for (const file of files.filter((path) => mayHold(path, range))) {
    for await (const chunk of readLogFile(file, "eventhub", options)) {
      for (const record of chunk.records) {
        if (record.timeMs < range.fromMs || record.timeMs >= range.toMs) continue;
        if (!recordHasKey(record, key)) continue;
        const slot = windowIndexOf(record.timeMs) - firstIndex;
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
    }
  }
  return counts.map((requests, offset) => ({
    windowStartMs: (firstIndex + offset) * WINDOW_MS,
    requests,
  }));
}

const DAY_FILE = /(\d{4}-\d{2}-\d{2})\.ndjson$/;
const DAY_MS = 86_400_000;

// The generator writes one file per UTC day named after it; other names are always read.
function mayHold(path: string, range: { fromMs: number; toMs: number }): boolean {
  const day = DAY_FILE.exec(path)?.[1];
  if (day === undefined) return true;
  const dayStartMs = Date.parse(`${day}T00:00:00Z`);
  return dayStartMs < range.toMs && range.fromMs < dayStartMs + DAY_MS;
}
