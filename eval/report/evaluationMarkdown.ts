import type { Alert } from "../../shared/alerts/alert.js";
import type { AlertAllowance, AttackLabel } from "../generator/datasetLabel.js";
import { attackLabelsOf, benignLabelsOf } from "../labels/readLabels.js";
import { alertParameterOf } from "../matching/alertMatch.js";
import type { JudgedAlert } from "../matching/matchAlerts.js";
import { dailyRepeats, MIN_REPEAT_DAYS } from "../metrics/recurringAlerts.js";
import { smallestDetected, sizesTried, sweepPointsOf } from "../sweep/attackSizeSweep.js";
import { describeFindings } from "./describeFindings.js";
import { type EvaluationReport, falseAlertsOf, hardNegativeAlarms } from "./evaluationReport.js";
import { code, durationText, markdownTable, utcMinute } from "./markdownTable.js";

/** False alerts of a kind are listed one by one below this count, summarised above it. */
export const LIST_FALSE_ALERTS_BELOW = 20;

/** The whole of `docs/evaluation.md`, before prettier. */
export function evaluationMarkdown(report: EvaluationReport): string {
  return [
    header(report),
    datasetSection(report),
    resultsSection(report),
    `## What this says\n\n${describeFindings(report)}`,
    sweepSection(report),
    latencySection(report),
    missedSection(report),
    hardNegativeSection(report),
    falseAlertSection(report),
    dailyRepeatSection(report),
    relatedSection(report),
    baselineSection(report),
    runSection(report),
  ]
    .filter((section) => section !== "")
    .join("\n\n");
}

function header(report: EvaluationReport): string {
  return [
    "# Evaluation",
    "",
    `Generated on ${new Date(report.generatedAtMs).toISOString().slice(0, 10)} from commit ${code(report.commit)} by ${code(report.command)}.`,
    "Regenerate it with the same command; `eval/README.md` explains the method. Every number below",
    "comes from a synthetic dataset written by `eval/generator/`, replayed through gatewarden's own",
    "replay code (embedded Azurite, default settings), and matched against the generator's labels.",
  ].join("\n");
}

function datasetSection(report: EvaluationReport): string {
  const p = report.parameters;
  const attacks = attackLabelsOf(report.labels).length;
  const benign = benignLabelsOf(report.labels).length;
  const rows = [
    ["seed", String(p.seed)],
    [
      "days",
      `${p.days} (from ${p.startDate}; the first ${p.warmupDays} hold no attack or scenario)`,
    ],
    ["benign requests per day (weekly mean)", p.requestsPerDay.toLocaleString("en-US")],
    ["attack scale", String(p.attackScale)],
    ["attacks per detection", String(p.attacksPerKind)],
    ["records replayed", report.replay.records.toLocaleString("en-US")],
    ["of which attack records", report.dataset.attackRecords.toLocaleString("en-US")],
    ["labels", `${attacks} attacks, ${benign} benign hard negatives`],
    ["windows evaluated", String(report.replay.windows)],
    ["records rejected / late", `${report.replay.rejected} / ${report.replay.late}`],
    ["Tor exit list", code("torbulkexitlist.2024-03-12")],
    ["threat feed", code("et-compromised-ips.2026-08-22.txt")],
  ];
  return `## Dataset\n\n${markdownTable(["parameter", "value"], rows)}`;
}

function resultsSection(report: EvaluationReport): string {
  const rows = report.metrics.map((metric) => {
    const smallest = smallestCell(report, metric.detectionId, metric.implemented);
    return [
      code(metric.detectionId),
      metric.implemented ? "implemented" : "not implemented",
      String(metric.labels),
      String(metric.detectedLabels),
      metric.recall === null ? "–" : `${Math.round(metric.recall * 100)}%`,
      String(metric.alerts),
      metric.relatedAlerts > 0
        ? `${metric.trueAlerts} + ${metric.relatedAlerts} related`
        : String(metric.trueAlerts),
      String(metric.byDesignAlerts),
      metric.precision === null ? "–" : `${Math.round(metric.precision * 100)}%`,
      String(metric.falseAlerts),
      metric.falseAlertsPerMillion.toFixed(1),
      smallest,
    ];
  });
  const header = [
    "detection",
    "status",
    "labels",
    "detected",
    "recall",
    "alerts",
    "true alerts",
    "by design",
    "precision",
    "false alerts",
    "false alerts per million requests",
    "smallest detected attack",
  ];
  return [
    "## Results per detection",
    markdownTable(header, rows),
    [
      "A label is detected when at least one alert of its kind names its entity (client, endpoint,",
      "status code, as far as the label has them) in a window that overlaps the attack's window.",
      "Precision is (true + related + by design) ÷ alerts. Related alerts are of a kind the attack's",
      "label says its traffic also trips, such as the population spike that a single-client flood",
      "causes. Alerts by design are ones a benign hard negative's label allows because the",
      "detection's specification asks for them: of one kind, naming the entity the label gives, at",
      "most the number it gives (see the hard negatives below). They count as correct but detect",
      "nothing. Every other alert is false, including any beyond a scenario's allowance. A kind",
      "that is not implemented has recall 0 because nothing can raise it.",
    ].join(" "),
    `![Recall and precision per detection](${report.charts.precisionRecall})`,
  ].join("\n\n");
}

function smallestCell(
  report: EvaluationReport,
  kind: AttackLabel["detectionId"],
  implemented: boolean,
): string {
  if (!implemented) return "not implemented";
  const points =
    report.sweep?.points ?? sweepPointsOf(report.outcome.labels, report.parameters.attackScale);
  const smallest = smallestDetected(points, kind);
  const tried = sizesTried(points, kind);
  if (tried.length === 0) return "–";
  const unit = points.find((point) => point.detectionId === kind)?.sizeUnit ?? "";
  if (smallest === null) return `none of ${tried.join(", ")} ${unit}`;
  const scope = report.sweep === null ? " (no sweep run)" : ` (scale ${smallest.attackScale})`;
  return `${smallest.size} ${smallest.sizeUnit}${scope}`;
}

function sweepSection(report: EvaluationReport): string {
  if (report.sweep === null) {
    return "## Attack-size sweep\n\nNo sweep in this run; `npm run eval -- --sweep` replays the dataset at several attack scales and fills the last column above with the smallest attack each detection caught.";
  }
  const { scales, points } = report.sweep;
  const rows = report.metrics
    .filter((metric) => metric.implemented)
    .map((metric) => [
      code(metric.detectionId),
      ...scales.map((scale) => {
        const at = points.filter(
          (point) => point.detectionId === metric.detectionId && point.attackScale === scale,
        );
        if (at.length === 0) return "–";
        return at
          .map((point) => `${point.size} ${point.detected ? "caught" : "missed"}`)
          .join(", ");
      }),
    ]);
  return [
    "## Attack-size sweep",
    `The dataset was generated again at attack scales ${scales.join(", ")} (same seed, same benign traffic) and replayed each time. Sizes are in each attack's own unit (see the labels); kinds not implemented are left out.`,
    markdownTable(["detection", ...scales.map((scale) => `scale ${scale}`)], rows),
  ].join("\n\n");
}

function latencySection(report: EvaluationReport): string {
  const rows = report.latency.map((latency) => [
    code(latency.detectionId),
    String(latency.labels),
    latency.medianMs === null ? "–" : minutesText(latency.medianMs),
    latency.maxMs === null ? "–" : minutesText(latency.maxMs),
  ]);
  return [
    "## Event-to-alert latency of indicator detections",
    "The alert's `raisedAtMs` (event time at which the replay's timer raised it) minus the label's start, which is the start of the attack's window, so the figure includes the minutes before the attack's first request.",
    markdownTable(["detection", "detected labels", "median", "max"], rows),
  ].join("\n\n");
}

function minutesText(ms: number): string {
  return `${(ms / 60_000).toFixed(1)} min`;
}

function missedSection(report: EvaluationReport): string {
  const implemented = new Set(
    report.metrics.filter((metric) => metric.implemented).map((metric) => metric.detectionId),
  );
  const missed = report.outcome.labels.filter(
    (judged) => judged.alerts.length === 0 && implemented.has(judged.label.detectionId),
  );
  if (missed.length === 0)
    return "## Missed attacks\n\nEvery attack of an implemented kind was detected.";
  const rows = missed.map((judged) => [
    judged.label.id,
    code(judged.label.detectionId),
    utcMinute(judged.label.startMs),
    entityText(judged.label.entity),
    judged.label.description,
  ]);
  return [
    "## Missed attacks",
    "Attacks of implemented kinds that no alert of their kind matched.",
    markdownTable(["label", "detection", "window (UTC)", "entity", "description"], rows),
  ].join("\n\n");
}

function hardNegativeSection(report: EvaluationReport): string {
  const groups = hardNegativeAlarms(report);
  const rows = groups.map((group) => [
    group.label.scenario,
    `${utcMinute(group.label.startMs)} – ${utcMinute(group.label.endMs)}`,
    entityText(group.label.entity),
    (group.label.expectedAlerts ?? []).map(allowanceText).join("; ") || "–",
    String(group.byDesign.length),
    String(group.alerts.length),
    kindCounts(group.alerts),
    group.label.description,
  ]);
  const details = groups
    .filter((group) => group.alerts.length + group.byDesign.length > 0)
    .map((group) => {
      const judged = [...group.byDesign, ...group.alerts].sort(
        (left, right) => left.alert.windowStartMs - right.alert.windowStartMs,
      );
      const listed = judged.slice(0, LIST_FALSE_ALERTS_BELOW);
      const more = judged.length - listed.length;
      const reasons = (group.label.expectedAlerts ?? []).map(
        (allowance) => `Allowed by design: ${allowanceText(allowance)}. ${allowance.reason}`,
      );
      return [
        `### ${group.label.scenario}`,
        ...reasons,
        markdownTable(
          ["window (UTC)", "detection", "entity", "verdict", "observed vs baseline"],
          listed.map((entry) => [
            utcMinute(entry.alert.windowStartMs),
            code(entry.alert.detectionId),
            alertEntityText(entry.alert),
            entry.verdict,
            observedText(entry.alert),
          ]),
        ),
        more > 0 ? `And ${more} more false alarms, of the kinds counted above.` : "",
      ]
        .filter((part) => part !== "")
        .join("\n\n");
    });
  return [
    "## Hard negatives: false alarms and alerts by design",
    "Alerts that fall on a benign hard negative: the alert's window overlaps the scenario's time and the alert names the scenario's entity (any entity when the scenario names none). A scenario's label may allow alerts by design, the ones the detection's specification asks for on such traffic: of one kind, naming every entity field the allowance gives, at most the number it gives. Alerts within the allowance, earliest window first, are by design: precision counts them as correct, and they detect nothing. Every other alert on the scenario is a false alarm, also counted as a false alert above; so is one beyond the allowance. A scenario that names no entity and spans days (`marketing-day`, `spa-startup`) claims every false alert in its time, so its count is an upper bound on what it caused, and an alert can fall on two scenarios.",
    markdownTable(
      [
        "scenario",
        "time (UTC)",
        "entity",
        "allowed by design",
        "by design",
        "false alarms",
        "false alarms by detection",
        "scenario description",
      ],
      rows,
    ),
    ...details,
  ].join("\n\n");
}

function allowanceText(allowance: AlertAllowance): string {
  return `at most ${allowance.maxAlerts} ${code(allowance.detectionId)} naming ${entityText(allowance.entity)}`;
}

function falseAlertSection(report: EvaluationReport): string {
  const parts = ["## False alerts"];
  for (const metric of report.metrics) {
    if (metric.falseAlerts === 0) continue;
    const alerts = falseAlertsOf(report.outcome, metric.detectionId);
    parts.push(`### ${code(metric.detectionId)}: ${metric.falseAlerts} false alerts`);
    parts.push(
      metric.falseAlerts < LIST_FALSE_ALERTS_BELOW
        ? falseAlertTable(alerts, report)
        : falseAlertSummary(alerts),
    );
  }
  if (parts.length === 1) parts.push("No false alerts.");
  return parts.join("\n\n");
}

function falseAlertTable(alerts: readonly JudgedAlert<Alert>[], report: EvaluationReport): string {
  const scenarioOf = new Map(benignLabelsOf(report.labels).map((label) => [label.id, label]));
  const rows = alerts.map((judged) => [
    utcMinute(judged.alert.windowStartMs),
    alertEntityText(judged.alert),
    observedText(judged.alert),
    judged.hardNegativeIds.map((id) => scenarioOf.get(id)?.scenario ?? id).join(", ") || "–",
    judged.coincidentAttackIds.join(", ") || "–",
    judged.alert.description,
  ]);
  return markdownTable(
    [
      "window (UTC)",
      "entity",
      "observed vs baseline",
      "hard negative",
      "coincides with attack",
      "description",
    ],
    rows,
  );
}

function falseAlertSummary(alerts: readonly JudgedAlert<Alert>[]): string {
  const byDay = countBy(alerts, (judged) => utcMinute(judged.alert.windowStartMs).slice(0, 10));
  const byEntity = countBy(alerts, (judged) => alertEntityText(judged.alert));
  const topEntities = [...byEntity].sort((left, right) => right[1] - left[1]).slice(0, 10);
  const strongest = [...alerts].sort((left, right) => right.alert.score - left.alert.score)[0];
  const coincident = alerts.filter((judged) => judged.coincidentAttackIds.length > 0);
  const coincidentIds = [...new Set(coincident.flatMap((judged) => judged.coincidentAttackIds))];
  const coincidence =
    coincident.length === 0
      ? ""
      : ` ${coincident.length} of them coincide with an attack's own window and endpoint or client (${coincidentIds.join(", ")}), whose label does not list this kind as a side effect.`;
  return [
    `Too many to list one by one. By day (UTC): ${[...byDay].map(([day, count]) => `${day}: ${count}`).join("; ")}.${coincidence}`,
    markdownTable(
      ["entity (top 10)", "false alerts"],
      topEntities.map(([entity, count]) => [entity, String(count)]),
    ),
    strongest === undefined ? "" : `The highest-scoring one: ${strongest.alert.description}`,
  ]
    .filter((part) => part !== "")
    .join("\n\n");
}

function dailyRepeatSection(report: EvaluationReport): string {
  const repeats = dailyRepeats(report.outcome.alerts);
  if (repeats.length === 0) return "";
  const rows = repeats.map((repeat) => [
    code(repeat.alert.detectionId),
    alertEntityText(repeat.alert),
    slotText(repeat.slotOfDay),
    String(repeat.days),
    String(repeat.alerts),
    observedText(repeat.alert),
  ]);
  return [
    "## False alerts that repeat daily",
    `Keys whose false alerts fall in the same window of the day on ${MIN_REPEAT_DAYS} or more days: a burst that recurs at that time every day and alerted each time instead of becoming part of its baseline. The last column is the latest of those alerts.`,
    markdownTable(
      [
        "detection",
        "entity",
        "time of day (UTC)",
        "days",
        "alerts",
        "latest: observed vs baseline",
      ],
      rows,
    ),
  ].join("\n\n");
}

function slotText(slot: number): string {
  const startMinutes = slot * 20;
  const clock = (minutes: number) =>
    `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `${clock(startMinutes)}–${clock(startMinutes + 20)}`;
}

function relatedSection(report: EvaluationReport): string {
  const related = report.outcome.alerts.filter((judged) => judged.verdict === "related");
  if (related.length === 0) return "";
  const rows = related.map((judged) => [
    code(judged.alert.detectionId),
    utcMinute(judged.alert.windowStartMs),
    alertEntityText(judged.alert),
    judged.labelIds.join(", "),
  ]);
  return [
    "## Related alerts",
    "Alerts of another kind on an attack's own traffic, which the attack's label lists as expected side effects. They count as correct.",
    markdownTable(["detection", "window (UTC)", "entity", "attack label"], rows),
  ].join("\n\n");
}

function baselineSection(report: EvaluationReport): string {
  const image =
    report.charts.baseline === null
      ? ""
      : `\n\n![One alert against its baseline](${report.charts.baseline})`;
  return `## One alert against its baseline\n\n${report.charts.baselineNote}${image}`;
}

function runSection(report: EvaluationReport): string {
  const rows = report.timings.map((timing) => [
    String(timing.attackScale),
    timing.generateMs === null ? "read from --data" : durationText(timing.generateMs),
    durationText(timing.replayMs),
  ]);
  return [
    "## Run",
    markdownTable(["attack scale", "generation", "replay"], rows),
    "Replays run one after another in a child Node process each, on the machine that ran the command; other work on that machine slows them.",
  ].join("\n\n");
}

function entityText(entity: AttackLabel["entity"]): string {
  const parts = [
    entity.clientIp === undefined ? "" : `client ${entity.clientIp}`,
    entity.endpoint === undefined ? "" : code(entity.endpoint),
    entity.statusCode === undefined ? "" : `status ${entity.statusCode}`,
    entity.apiId === undefined ? "" : `API ${code(entity.apiId)}`,
    entity.parameter === undefined ? "" : `parameter ${code(entity.parameter)}`,
  ].filter((part) => part !== "");
  return parts.length === 0 ? "any" : parts.join(", ");
}

function alertEntityText(alert: Alert): string {
  const parameter = alertParameterOf(alert);
  const parts = [
    alert.clientIp === "" ? "" : `client ${alert.clientIp}`,
    alert.endpoint === "" ? "" : code(alert.endpoint),
    alert.statusCode === null ? "" : `status ${alert.statusCode}`,
    parameter === null ? "" : `parameter ${code(parameter)}`,
  ].filter((part) => part !== "");
  return parts.join(", ");
}

function observedText(alert: Alert): string {
  const baseline = alert.evidence.baseline;
  if (baseline === undefined) return `${alert.evidence.observed} (${alert.evidence.measure})`;
  return `${alert.evidence.observed} vs ${baseline.centre} (spread ${baseline.spread}, ${baseline.windows} windows), score ${alert.score}`;
}

function kindCounts(alerts: readonly JudgedAlert<Alert>[]): string {
  const counts = countBy(alerts, (judged) => judged.alert.detectionId);
  if (counts.size === 0) return "–";
  return [...counts].map(([kind, count]) => `${kind}: ${count}`).join(", ");
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
