import Table from "cli-table3";
import type { Alert } from "../alerts/alert.js";
import type { Severity } from "../alerts/alertCatalog.js";

export interface AlertTableOptions {
  /** ANSI colour for headings and severities; pass false when the output is not a TTY. */
  colour: boolean;
}

/** Content widths in characters; with padding and borders the table is 119 columns wide. */
const COLUMNS = [
  { heading: "Window (UTC)", widthChars: 11 },
  { heading: "Type", widthChars: 21 },
  { heading: "Severity", widthChars: 13 },
  { heading: "Endpoint", widthChars: 23 },
  { heading: "Client", widthChars: 15 },
  { heading: "Observed vs baseline", widthChars: 9 },
  { heading: "Score", widthChars: 5 },
] as const;

const PADDING_CHARS = 1;

const SEVERITY_COLOURS: Record<Severity, number | undefined> = {
  High: 31,
  Medium: 33,
  Low: 36,
  Informational: undefined,
};

const compactNumber = new Intl.NumberFormat("en-US", {
  notation: "compact",
  maximumFractionDigits: 1,
});

/**
 * A table of alerts for a terminal, at most 120 columns wide: one row of facts per alert with its
 * description wrapped in a full-width row beneath, ordered by window, then highest score first.
 * An alert sent more than once shows once, as its newest row (see `newestPerAlertId`).
 */
export function formatAlertTable(
  alerts: readonly Alert[],
  options: AlertTableOptions = { colour: false },
): string {
  if (alerts.length === 0) return "No alerts.";

  const table = new Table({
    head: COLUMNS.map(({ heading }) => (options.colour ? bold(heading) : heading)),
    colWidths: COLUMNS.map(({ widthChars }) => widthChars + 2 * PADDING_CHARS),
    wordWrap: true,
    style: { head: [], border: [], "padding-left": PADDING_CHARS, "padding-right": PADDING_CHARS },
  });
  for (const alert of newestPerAlertId(alerts).sort(byWindowThenScore)) {
    table.push(factsRow(alert, options), [{ colSpan: COLUMNS.length, content: alert.description }]);
  }
  return table.toString();
}

/**
 * One alert per `AlertId`: the one raised last, the later given among equals. Log Analytics keeps
 * the same row (`summarize arg_max(TimeGenerated, *) by AlertId`), so an indicator alert raised
 * early and again at its window's close counts once, with the close's figures.
 */
export function newestPerAlertId(alerts: readonly Alert[]): Alert[] {
  const newest = new Map<string, Alert>();
  for (const alert of alerts) {
    const kept = newest.get(alert.alertId);
    if (kept === undefined || alert.raisedAtMs >= kept.raisedAtMs) newest.set(alert.alertId, alert);
  }
  return [...newest.values()];
}

function byWindowThenScore(left: Alert, right: Alert): number {
  return (
    left.windowStartMs - right.windowStartMs ||
    right.score - left.score ||
    left.alertId.localeCompare(right.alertId)
  );
}

function factsRow(alert: Alert, options: AlertTableOptions): Table.HorizontalTableRow {
  const baseline =
    alert.baselineValue === null ? "none" : compactNumber.format(alert.baselineValue);
  return [
    windowCell(alert),
    wrapAt(alert.alertType, TYPE_BREAKS, COLUMNS[1].widthChars),
    options.colour ? coloured(alert.severity) : alert.severity,
    wrapAt(alert.endpoint, ENDPOINT_BREAKS, COLUMNS[3].widthChars),
    alert.clientIp === ""
      ? "all clients"
      : wrapAt(alert.clientIp, ADDRESS_BREAKS, COLUMNS[4].widthChars),
    `${compactNumber.format(alert.observedValue)}\nvs ${baseline}`,
    compactNumber.format(alert.score),
  ];
}

function windowCell(alert: Alert): string {
  const start = new Date(alert.windowStartMs).toISOString();
  const end = new Date(alert.windowEndMs).toISOString();
  return `${start.slice(0, 10)}\n${start.slice(11, 16)}-${end.slice(11, 16)}`;
}

/** Where a cell may break: between type name words, after path and address separators. */
const TYPE_BREAKS = /(?<=_)|(?<=[a-z])(?=[A-Z])/;
const ENDPOINT_BREAKS = /(?<=[/ ;?&])/;
const ADDRESS_BREAKS = /(?<=[:.])/;

/** Packs `text`'s pieces into lines of at most `widthChars`; only an over-long piece is cut. */
function wrapAt(text: string, boundary: RegExp, widthChars: number): string {
  const pieces = text.split(boundary).flatMap((piece) => slices(piece, widthChars));
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line !== "" && line.length + piece.length > widthChars) {
      lines.push(line);
      line = "";
    }
    line += piece;
  }
  lines.push(line);
  return lines.join("\n");
}

function slices(piece: string, widthChars: number): string[] {
  const result: string[] = [];
  for (let start = 0; start < piece.length; start += widthChars) {
    result.push(piece.slice(start, start + widthChars));
  }
  return result;
}

function coloured(severity: Severity): string {
  const code = SEVERITY_COLOURS[severity];
  return code === undefined ? severity : `\u001b[${code}m${severity}\u001b[39m`;
}

function bold(text: string): string {
  return `\u001b[1m${text}\u001b[22m`;
}
