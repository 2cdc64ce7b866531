import type { KindMetrics } from "../metrics/kindMetrics.js";
import { type EvaluationReport, hardNegativeAlarms } from "./evaluationReport.js";
import { ratioText } from "./markdownTable.js";

/**
 * The "what this says" text, built from the numbers so that it stays true when the numbers
 * change: coverage, recall, where the false alerts come from, and the limits of the method.
 */
export function describeFindings(report: EvaluationReport): string {
  const implemented = report.metrics.filter((metric) => metric.implemented);
  return [
    coverage(report.metrics, implemented),
    recall(implemented),
    falseAlerts(report, implemented),
    limits(report),
  ]
    .filter((sentence) => sentence !== "")
    .join(" ");
}

function coverage(all: readonly KindMetrics[], implemented: readonly KindMetrics[]): string {
  const missing = all.filter((metric) => !metric.implemented).map((metric) => metric.detectionId);
  const head = `${implemented.length} of the ${all.length} detections are implemented.`;
  if (missing.length === 0) return head;
  return `${head} The other ${missing.length} (${missing.join(", ")}) raise nothing yet, so their attacks all went undetected and the overall recall says more about coverage than about quality.`;
}

function recall(implemented: readonly KindMetrics[]): string {
  const labels = sum(implemented, (metric) => metric.labels);
  const detected = sum(implemented, (metric) => metric.detectedLabels);
  if (labels === 0) return "The dataset holds no attack of an implemented kind.";
  const missedKinds = implemented
    .filter((metric) => metric.detectedLabels < metric.labels)
    .map((metric) => metric.detectionId);
  const missed =
    missedKinds.length === 0
      ? "none was missed"
      : `the misses are in ${missedKinds.join(", ")} (listed under Missed attacks)`;
  return `The implemented detections caught ${ratioText(detected, labels)} of the attacks aimed at them; ${missed}.`;
}

function falseAlerts(report: EvaluationReport, implemented: readonly KindMetrics[]): string {
  const total = sum(implemented, (metric) => metric.falseAlerts);
  const alerts = sum(implemented, (metric) => metric.alerts);
  if (alerts === 0) return "No alert was raised at all.";
  if (total === 0) return `All ${alerts} alerts matched an attack.`;
  const perMillion = (total / Math.max(report.replay.records, 1)) * 1_000_000;
  const worst = [...implemented].sort((left, right) => right.falseAlerts - left.falseAlerts)[0]!;
  const onScenarios = new Set(
    hardNegativeAlarms(report).flatMap((group) =>
      group.alerts.map((judged) => judged.alert.alertId),
    ),
  ).size;
  const scenarioShare = `${onScenarios} of them fall on a benign hard-negative scenario`;
  return [
    `${total} of the ${alerts} alerts matched no attack, ${perMillion.toFixed(1)} per million requests;`,
    `${worst.detectionId} raised the most (${worst.falseAlerts}, precision ${ratioText(worst.trueAlerts + worst.relatedAlerts, worst.alerts)}).`,
    `${scenarioShare}, which is the traffic the generator built to look unusual without being an attack.`,
  ].join(" ");
}

function limits(report: EvaluationReport): string {
  const perKind = report.metrics.reduce((most, metric) => Math.max(most, metric.labels), 0);
  return [
    `Each kind has at most ${perKind} labelled attack${perKind === 1 ? "" : "s"} here, so a recall is close to a yes or no, not a rate.`,
    "The traffic is synthetic and comes from our own generator; these figures show how the detectors behave on traffic shaped like it, and say little about a particular real API (see docs/real-traffic.md for real logs, unlabelled).",
  ].join(" ");
}

function sum(metrics: readonly KindMetrics[], valueOf: (metric: KindMetrics) => number): number {
  return metrics.reduce((total, metric) => total + valueOf(metric), 0);
}
