import type { Alert } from "../alerts/alert.js";
import { toAlertRow, type AlertRow } from "../alerts/alertRow.js";
import type { FailedAlert } from "./alertSink.js";

/** An alert with its row and that row's JSON text, one line without the newline. */
export interface EncodedAlertRow {
  alert: Alert;
  row: AlertRow;
  json: string;
}

/**
 * Turns alerts into rows and JSON, setting aside any whose evidence JSON cannot carry (a BigInt, a
 * cycle) so that one such alert does not fail the batch around it.
 */
export function encodeAlertRows(alerts: readonly Alert[]): {
  encoded: EncodedAlertRow[];
  failed: FailedAlert[];
} {
  const encoded: EncodedAlertRow[] = [];
  const failed: FailedAlert[] = [];
  for (const alert of alerts) {
    const row = toAlertRow(alert);
    try {
      encoded.push({ alert, row, json: JSON.stringify(row) });
    } catch (error) {
      const reason = `alert row cannot be written as JSON: ${messageOf(error)}`;
      failed.push({ alert, reason });
    }
  }
  return { encoded, failed };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
