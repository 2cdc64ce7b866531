import { correctAlertsOf, type KindMetrics } from "../metrics/kindMetrics.js";
import { dailyRepeats, MIN_REPEAT_DAYS } from "../metrics/recurringAlerts.js";
import { smallestDetected } from "../sweep/attackSizeSweep.js";
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
    falseAlertCauses(report),
    sweep(report),
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
  const byDesign = byDesignSentence(report, implemented);
  if (total === 0) return `None of the ${alerts} alerts is false.${byDesign}`;
  const perMillion = (total / Math.max(report.replay.records, 1)) * 1_000_000;
  const worst = [...implemented].sort((left, right) => right.falseAlerts - left.falseAlerts)[0]!;
  const onScenarios = new Set(
    hardNegativeAlarms(report).flatMap((group) =>
      group.alerts.map((judged) => judged.alert.alertId),
    ),
  ).size;
  const scenarioShare = `${onScenarios} of them ${onScenarios === 1 ? "falls" : "fall"} on a benign hard-negative scenario`;
  return [
    `${total} of the ${alerts} alerts ${total === 1 ? "is" : "are"} false, ${perMillion.toFixed(1)} per million requests: ${total === 1 ? "it matched" : "they matched"} no attack and no allowance of a scenario;`,
    `${worst.detectionId} raised the most (${worst.falseAlerts}, precision ${ratioText(correctAlertsOf(worst), worst.alerts)}).`,
    `${scenarioShare}, which is the traffic the generator built to look unusual without being an attack.${byDesign}`,
  ].join(" ");
}

/** The alerts by design, by scenario and kind, as a sentence with a leading space; "" when none. */
function byDesignSentence(report: EvaluationReport, implemented: readonly KindMetrics[]): string {
  const count = sum(implemented, (metric) => metric.byDesignAlerts);
  if (count === 0) return "";
  const where = hardNegativeAlarms(report)
    .filter((group) => group.byDesign.length > 0)
    .map((group) => {
      const kinds = [...new Set(group.byDesign.map((judged) => judged.alert.detectionId))];
      return `${group.byDesign.length} ${kinds.join(" and ")} on ${group.label.scenario}`;
    });
  const subject = count === 1 ? "alert is" : "alerts are";
  return ` ${count} ${subject} by design (${where.join(", ")}): within what the scenario's label allows because the detection's specification asks for it, so precision counts ${count === 1 ? "it" : "them"} as correct, and ${count === 1 ? "it detects" : "they detect"} nothing.`;
}

function falseAlertCauses(report: EvaluationReport): string {
  const repeats = dailyRepeats(report.outcome.alerts);
  const repeated = repeats.reduce((total, repeat) => total + repeat.alerts, 0);
  const coincident = report.outcome.alerts.filter(
    (judged) => judged.coincidentAttackIds.length > 0,
  ).length;
  const sentences: string[] = [];
  if (repeated > 0) {
    sentences.push(
      `${repeated} false alerts come from ${repeats.length} keys that alerted in the same window of the day on ${MIN_REPEAT_DAYS} or more days (listed under False alerts that repeat daily): a burst that recurs daily kept alerting instead of being learned.`,
    );
  }
  if (coincident > 0) {
    sentences.push(
      `${coincident} false alerts fall on an attack's own window and endpoint or client but are of a kind its label does not list as a side effect; they may be fair alerts that the labels do not expect.`,
    );
  }
  return sentences.join(" ");
}

function sweep(report: EvaluationReport): string {
  if (report.sweep === null) return "";
  const points = report.sweep.points;
  const scale = report.parameters.attackScale;
  const caughtLarger: string[] = [];
  const neverCaught: string[] = [];
  for (const metric of report.metrics) {
    if (!metric.implemented || metric.labels === 0) continue;
    const smallest = smallestDetected(points, metric.detectionId);
    if (smallest === null) neverCaught.push(metric.detectionId);
    else if (smallest.attackScale > scale) {
      caughtLarger.push(`${metric.detectionId} from ${smallest.size} ${smallest.sizeUnit}`);
    }
  }
  const parts: string[] = [];
  if (caughtLarger.length > 0) {
    parts.push(
      `Larger attacks than at scale ${scale} were caught by ${caughtLarger.join(" and ")}.`,
    );
  }
  if (neverCaught.length > 0)
    parts.push(`${neverCaught.join(" and ")} caught none of the sizes swept.`);
  return parts.join(" ");
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
