import type { Alert, EvidenceRequest } from "../../shared/alerts/alert.js";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { ALL_KINDS } from "../metrics/kindMetrics.js";
import type { RealRun } from "../real/realTraffic.js";
import type { BusiestKey } from "../real/trafficProfile.js";
import { code, durationText, markdownTable, utcMinute } from "./markdownTable.js";

/** Alerts listed per dataset before the list is cut, to keep the page readable. */
export const MAX_LISTED_ALERTS = 200;
const SAMPLES_PER_ALERT = 3;

export interface RealTrafficReport {
  generatedAtMs: number;
  commit: string;
  command: string;
  runs: RealRun[];
}

/** The whole of `docs/real-traffic.md`, before prettier. */
export function realTrafficMarkdown(report: RealTrafficReport): string {
  return [
    header(report),
    summarySection(report.runs),
    ratesSection(report.runs),
    profileSection(report.runs),
    conversionSection(report.runs),
    ...report.runs.map(alertSection),
  ]
    .filter((section) => section !== "")
    .join("\n\n");
}

function header(report: RealTrafficReport): string {
  return [
    "# Real traffic",
    "",
    `Generated on ${new Date(report.generatedAtMs).toISOString().slice(0, 10)} from commit ${code(report.commit)} by ${code(report.command)}.`,
    "These logs are real and unlabelled: nobody knows which requests were attacks, so there is no",
    "recall or precision here. The page gives the alert rates and lists every alert with its",
    "evidence for a person to judge; the judgement column stays `to review` until someone has.",
    "Each log was replayed alone through `replayFiles` with an embedded Azurite and default",
    "settings, with the Tor exit list of 2024-03-12 and the Emerging Threats compromised-IP feed of",
    "2026-08-22. Those lists are years younger than the logs, so a listed-address alert means the",
    "address was listed later, not that it was listed when the request was made. Access logs carry",
    "no API or operation names, so endpoints are the method plus the templated path.",
  ].join("\n");
}

function summarySection(runs: readonly RealRun[]): string {
  const rows = runs.map((run) => [
    run.dataset.name,
    code(run.dataset.source),
    spanText(run),
    run.replay.records.toLocaleString("en-US"),
    String(run.replay.rejected),
    String(run.replay.windows),
    String(run.replay.alerts.length),
    perHundredThousand(run.replay.alerts.length, run.replay.records),
    durationText(run.replayMs),
  ]);
  return [
    "## Datasets",
    markdownTable(
      [
        "dataset",
        "file (under ../shared/data)",
        "time (UTC)",
        "requests",
        "rejected",
        "windows",
        "alerts",
        "alerts per 100k requests",
        "replay",
      ],
      rows,
    ),
    runs.map((run) => `- **${run.dataset.name}**: ${run.dataset.description}`).join("\n"),
  ].join("\n\n");
}

function profileSection(runs: readonly RealRun[]): string {
  const busiest = (key: BusiestKey | null) =>
    key === null ? "–" : `${key.requests} (${code(key.key)}, ${utcMinute(key.windowStartMs)})`;
  const rows = runs.map((run) => [
    run.dataset.name,
    run.profile.clients.toLocaleString("en-US"),
    run.profile.endpoints.toLocaleString("en-US"),
    `${run.profile.windowsWithRecords} of ${run.profile.windowsSpanned}`,
    busiest(run.profile.busiestEndpoint),
    busiest(run.profile.busiestClient),
  ]);
  return [
    "## How busy the logs are",
    "Recounted from the records: distinct clients and endpoint keys, the 20-minute windows that hold records out of those the log spans, and the busiest key of each volume detection in any one window.",
    markdownTable(
      [
        "dataset",
        "clients",
        "endpoints",
        "windows with records",
        "busiest endpoint × status in one window",
        "busiest client × endpoint × status in one window",
      ],
      rows,
    ),
    whyQuiet(runs),
  ].join("\n\n");
}

/** What stood between each log and the volume detections, from the default settings. */
function whyQuiet(runs: readonly RealRun[]): string {
  const settings = defaultDetectionSettings();
  const population = settings.populationSpike;
  const client = settings.clientTraffic;
  const intro = `With default settings \`API_PopulationSpikeInAPITraffic\` needs at least ${population.minRequests} requests for one endpoint and status code in a window and ${population.minHistoryWindows} evaluated windows of history for the key; \`API_SpikeInAPITraffic\` needs ${client.minRequests} from one client and ${client.minHistoryWindows} windows since the client first called the endpoint.`;
  const lines = runs.map((run) => {
    const limits: string[] = [];
    const endpointPeak = run.profile.busiestEndpoint?.requests ?? 0;
    const clientPeak = run.profile.busiestClient?.requests ?? 0;
    if (run.profile.windowsWithRecords <= population.minHistoryWindows) {
      limits.push(
        `it has records in only ${run.profile.windowsWithRecords} windows, so no key can gather ${population.minHistoryWindows} windows of history`,
      );
    }
    if (endpointPeak < population.minRequests) {
      limits.push(`no endpoint and status reached ${population.minRequests} requests in a window`);
    }
    if (clientPeak < client.minRequests) {
      limits.push(`no client reached ${client.minRequests} requests to one endpoint in a window`);
    }
    const text =
      limits.length === 0
        ? "the volume thresholds were reached; the baselines judged nothing unusual enough"
        : limits.join("; ");
    return `- **${run.dataset.name}**: ${text}.`;
  });
  return [intro, lines.join("\n")].join("\n\n");
}

function ratesSection(runs: readonly RealRun[]): string {
  const rows = ALL_KINDS.map((kind) => [
    code(kind),
    ...runs.map((run) => {
      const count = run.replay.alerts.filter((alert) => alert.detectionId === kind).length;
      return `${perHundredThousand(count, run.replay.records)} (${count})`;
    }),
  ]);
  return [
    "## Alerts per 100k requests, by detection",
    "Each cell is the rate, with the number of alerts in brackets. Detections that gatewarden does not implement yet show 0.",
    markdownTable(["detection", ...runs.map((run) => run.dataset.name)], rows),
  ].join("\n\n");
}

function conversionSection(runs: readonly RealRun[]): string {
  const converted = runs.filter((run) => run.conversion !== null);
  return converted
    .map((run) => {
      const c = run.conversion!;
      return [
        `## Converting ${run.dataset.name}`,
        [
          `The EDGAR log is CSV, which gatewarden does not read; \`eval/real/convertEdgarLog.ts\` turns each row into an Apache common-log line: \`GET /Archives/edgar/data/<cik>/<accession without dashes>/<file>\` with the row's status and size, and no referer or user agent (EDGAR logs none).`,
          `The SEC anonymised the last octet of every address as three letters from a to j (\`104.197.32.ihd\`); the converter reads them as decimal digits (a = 0 … j = 9) and takes the number modulo 256, so the same token always gives the same octet.`,
          `That merges tokens 256 apart: ${c.distinctClients.toLocaleString("en-US")} distinct clients became ${c.distinctMappedClients.toLocaleString("en-US")} addresses.`,
          `Of ${c.rows.toLocaleString("en-US")} rows, ${c.written.toLocaleString("en-US")} were written; ${c.withoutStatus} had status 0 (no response logged) and were left out, and ${c.unreadable} could not be read${c.firstUnreadable === null ? "" : ` (first: ${c.firstUnreadable})`}.`,
          "The sample holds one day only, so no baseline detection has the day of history it needs before it may alert.",
        ].join(" "),
      ].join("\n\n");
    })
    .join("\n\n");
}

function alertSection(run: RealRun): string {
  const title = `## Alerts in ${run.dataset.name}`;
  const alerts = [...run.replay.alerts].sort(
    (left, right) =>
      left.windowStartMs - right.windowStartMs || left.detectionId.localeCompare(right.detectionId),
  );
  if (alerts.length === 0) return `${title}\n\nNo alerts.`;
  const listed = alerts.slice(0, MAX_LISTED_ALERTS);
  const rows = listed.map((alert, index) => [
    String(index + 1),
    code(alert.detectionId),
    utcMinute(alert.windowStartMs),
    entityText(alert),
    alert.description,
    observedText(alert),
    samplesText(alert.evidence.samples),
    "to review",
  ]);
  const cut =
    alerts.length > listed.length
      ? `Only the first ${listed.length} of ${alerts.length} alerts, in time order, are listed.`
      : "";
  return [
    title,
    cut,
    markdownTable(
      [
        "#",
        "detection",
        "window (UTC)",
        "entity",
        "description",
        "observed vs baseline",
        "sample requests",
        "judgement",
      ],
      rows,
    ),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}

function entityText(alert: Alert): string {
  return [
    alert.clientIp === "" ? "" : alert.clientIp,
    alert.endpoint === "" ? "" : code(alert.endpoint),
    alert.statusCode === null ? "" : `status ${alert.statusCode}`,
  ]
    .filter((part) => part !== "")
    .join(", ");
}

function observedText(alert: Alert): string {
  const evidence = alert.evidence;
  const baseline = evidence.baseline;
  const observed = `${evidence.observed} ${evidence.measure}`;
  if (baseline === undefined)
    return `${observed}; no baseline (indicator), score ${evidence.score}`;
  return `${observed} vs centre ${baseline.centre} (spread ${baseline.spread}, ${baseline.windows} windows over ${baseline.days} days), score ${evidence.score}`;
}

function samplesText(samples: readonly EvidenceRequest[]): string {
  if (samples.length === 0) return "–";
  const shown = samples.slice(0, SAMPLES_PER_ALERT).map((sample) => {
    const agent = sample.userAgent === undefined ? "" : `, UA ${code(sample.userAgent)}`;
    return `${sample.time.slice(11, 19)} ${sample.clientIp} ${code(`${sample.method} ${sample.path}`)} → ${sample.statusCode}, ${sample.responseBytes} B${agent}`;
  });
  const more =
    samples.length > SAMPLES_PER_ALERT ? ` (+${samples.length - SAMPLES_PER_ALERT} more)` : "";
  return `${shown.join("; ")}${more}`;
}

function spanText(run: RealRun): string {
  const { firstRecordMs, lastRecordMs } = run.replay;
  if (firstRecordMs === null || lastRecordMs === null) return "–";
  return `${utcMinute(firstRecordMs)} – ${utcMinute(lastRecordMs)}`;
}

function perHundredThousand(count: number, requests: number): string {
  if (requests === 0) return "–";
  return ((count / requests) * 100_000).toFixed(1);
}
