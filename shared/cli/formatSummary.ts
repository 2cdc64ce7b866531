import { describeParameterLimitsHit } from "../parameters/parameterLimitCounts.js";
import type { ReplaySummary } from "../replay/replayFiles.js";
import { newestPerAlertId } from "../sinks/alertTable.js";

/**
 * The end-of-replay summary: what was read, what was set aside, what fired, how fast.
 * `deadLetters` says where rejected and late records went, e.g. "written to dl.ndjson".
 */
export function formatSummary(summary: ReplaySummary, deadLetters: string): string {
  // An alert raised early and again at its window's close is one finding, as the table shows it;
  // the latency lines still read every row, because they need each alert's first raise.
  const findings = newestPerAlertId(summary.alerts);
  const byType = new Map<string, number>();
  for (const alert of findings) byType.set(alert.alertType, (byType.get(alert.alertType) ?? 0) + 1);
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.records / seconds) : summary.records;
  // The times span every record read, late and already counted ones too: beside a count of 0
  // they would date records that were not counted.
  const span =
    summary.records === 0 || summary.firstRecordMs === null || summary.lastRecordMs === null
      ? "no records"
      : `${new Date(summary.firstRecordMs).toISOString()} → ${new Date(summary.lastRecordMs).toISOString()}`;
  const lines = [
    "Replay summary",
    `  files             ${summary.files}`,
    `  records counted   ${summary.records}  (${span})`,
    `  records rejected  ${summary.rejected}${summary.rejected > 0 ? `  (${deadLetters})` : ""}`,
    `  records late      ${summary.late}${summary.late > 0 ? `  (their window was already evaluated; ${deadLetters})` : ""}`,
    ...(summary.alreadyCounted > 0
      ? [
          `  already counted   ${summary.alreadyCounted}  (an earlier replay of the same files into this store)`,
        ]
      : []),
    ...parameterLimitLines(summary.parameterLimitsHit),
    `  windows evaluated ${summary.windows}`,
    `  alerts            ${findings.length}`,
    ...[...byType].sort().map(([type, count]) => `    ${type.padEnd(36)} ${count}`),
    ...latencyLines(summary.alerts),
    `  table requests    ${summary.tableRequests}`,
    `  elapsed           ${seconds.toFixed(1)} s  (${rate} records/s)`,
  ];
  return lines.join("\n");
}

/** Said only when a record reached a limit: its parameters past it were not examined. */
function parameterLimitLines(counts: ReplaySummary["parameterLimitsHit"]): string[] {
  if (counts.records === 0) return [];
  const records = counts.records === 1 ? "1 record" : `${counts.records} records`;
  return [`  parameter limits hit  ${records} (${describeParameterLimitsHit(counts)})`];
}

/**
 * How long after the first matching request each indicator alert was raised, in event time: the
 * detection latency the fast pass gives, before Azure's own log delivery delay.
 */
function latencyLines(alerts: ReplaySummary["alerts"]): string[] {
  const firstRaise = new Map<string, number>();
  for (const alert of alerts) {
    const firstSeen = alert.evidence.details?.firstSeen;
    if (typeof firstSeen !== "string") continue;
    const latencyMs = alert.raisedAtMs - Date.parse(firstSeen);
    firstRaise.set(alert.alertId, Math.min(firstRaise.get(alert.alertId) ?? latencyMs, latencyMs));
  }
  if (firstRaise.size === 0) return [];
  const sorted = [...firstRaise.values()].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const max = sorted.at(-1)!;
  return [
    `  indicator latency median ${(median / 1000).toFixed(0)} s, max ${(max / 1000).toFixed(0)} s of event time (${sorted.length} alerts)`,
  ];
}
