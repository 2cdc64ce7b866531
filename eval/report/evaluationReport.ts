import type { Alert } from "../../shared/alerts/alert.js";
import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import type { BenignLabel, DatasetLabel } from "../generator/datasetLabel.js";
import { benignLabelsOf } from "../labels/readLabels.js";
import type { JudgedAlert, MatchOutcome } from "../matching/matchAlerts.js";
import type { LatencySummary } from "../metrics/indicatorLatency.js";
import type { KindMetrics } from "../metrics/kindMetrics.js";
import type { SweepPoint } from "../sweep/attackSizeSweep.js";

/** Everything `docs/evaluation.md` is written from. */
export interface EvaluationReport {
  generatedAtMs: number;
  commit: string;
  command: string;
  parameters: {
    seed: number;
    days: number;
    warmupDays: number;
    requestsPerDay: number;
    attackScale: number;
    attacksPerKind: number;
    startDate: string;
  };
  dataset: { records: number; attackRecords: number; firstRecordMs: number; lastRecordMs: number };
  replay: { records: number; rejected: number; late: number; windows: number };
  timings: { attackScale: number; generateMs: number | null; replayMs: number }[];
  labels: DatasetLabel[];
  outcome: MatchOutcome<Alert>;
  metrics: KindMetrics[];
  latency: LatencySummary[];
  /** Null when no sweep ran. */
  sweep: { scales: number[]; points: SweepPoint[] } | null;
  charts: { precisionRecall: string; baseline: string | null; baselineNote: string };
}

/** False alerts of one kind, for the listing. */
export function falseAlertsOf(
  outcome: MatchOutcome<Alert>,
  detectionId: DetectionId,
): JudgedAlert<Alert>[] {
  return outcome.alerts.filter(
    (judged) => judged.verdict === "false" && judged.alert.detectionId === detectionId,
  );
}

/** One benign hard negative with the alerts that fell on it. */
export interface HardNegativeAlarms {
  label: BenignLabel;
  /** False alerts that fall on the scenario. */
  alerts: JudgedAlert<Alert>[];
  /** Alerts the scenario's `expectedAlerts` allow, judged by design. */
  byDesign: JudgedAlert<Alert>[];
}

/** The hard-negative false alarms and alerts by design, grouped by the benign label. */
export function hardNegativeAlarms(
  report: Pick<EvaluationReport, "labels" | "outcome">,
): HardNegativeAlarms[] {
  return benignLabelsOf(report.labels).map((label) => ({
    label,
    alerts: report.outcome.alerts.filter((judged) => judged.hardNegativeIds.includes(label.id)),
    byDesign: report.outcome.alerts.filter(
      (judged) => judged.verdict === "by design" && judged.labelIds.includes(label.id),
    ),
  }));
}
