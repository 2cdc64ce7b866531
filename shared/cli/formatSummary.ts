import type { ReplaySummary } from "../replay/replayFiles.js";

/** The end-of-replay summary: what was read, what was set aside, what fired, how fast. */
export function formatSummary(summary: ReplaySummary): string {
  const byType = new Map<string, number>();
  for (const alert of summary.alerts)
    byType.set(alert.alertType, (byType.get(alert.alertType) ?? 0) + 1);
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.records / seconds) : summary.records;
  const span =
    summary.firstRecordMs === null || summary.lastRecordMs === null
      ? "no records"
      : `${new Date(summary.firstRecordMs).toISOString()} → ${new Date(summary.lastRecordMs).toISOString()}`;
  const lines = [
    "Replay summary",
    `  files             ${summary.files}`,
    `  records counted   ${summary.records}  (${span})`,
    `  records rejected  ${summary.rejected}  (kept as dead letters)`,
    `  records late      ${summary.late}  (their window was already evaluated; kept as dead letters)`,
    `  windows evaluated ${summary.windows}`,
    `  alerts            ${summary.alerts.length}`,
    ...[...byType].sort().map(([type, count]) => `    ${type.padEnd(36)} ${count}`),
    `  table requests    ${summary.tableRequests}`,
    `  elapsed           ${seconds.toFixed(1)} s  (${rate} records/s)`,
  ];
  return lines.join("\n");
}
