import type { Alert } from "../../shared/alerts/alert.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { baselineSpec } from "../charts/baselineChart.js";
import { countKeyPerWindow } from "../charts/keySeries.js";
import { writeChartPng } from "../charts/renderChart.js";
import type { MatchOutcome } from "../matching/matchAlerts.js";

/** Request-count detections, whose measure can be recounted from the records. */
const COUNT_KINDS = new Set(["API_PopulationSpikeInAPITraffic", "API_SpikeInAPITraffic"]);
const DAYS_BEFORE = 7;
const WINDOWS_AFTER = 12;

/**
 * Picks the alert to draw: the highest-scoring true alert of a request-count detection, else the
 * highest-scoring alert of one; null when the run raised none. Returns why it was picked.
 */
export function chooseBaselineAlert(
  outcome: MatchOutcome<Alert>,
): { alert: Alert; why: string } | null {
  const counted = outcome.alerts.filter(
    (judged) =>
      COUNT_KINDS.has(judged.alert.detectionId) && judged.alert.evidence.baseline !== undefined,
  );
  const byScore = [...counted].sort((left, right) => right.alert.score - left.alert.score);
  const matched = byScore.find((judged) => judged.verdict === "true");
  if (matched !== undefined) {
    return {
      alert: matched.alert,
      why: `It is the highest-scoring alert that matched an attack (${matched.labelIds.join(", ")}).`,
    };
  }
  const strongest = byScore[0];
  if (strongest === undefined) return null;
  return {
    alert: strongest.alert,
    why: "No request-count alert matched an attack; this is the highest-scoring one, a false alert.",
  };
}

/**
 * Draws the chosen alert's key per window over the days before it and writes the PNG to `path`.
 * Returns the paragraph that introduces the figure, or only an explanation when none was drawn.
 */
export async function writeBaselineFigure(
  outcome: MatchOutcome<Alert>,
  dataset: { files: readonly string[]; firstRecordMs: number },
  path: string,
  nowMs: number,
): Promise<{ drawn: boolean; note: string }> {
  const chosen = chooseBaselineAlert(outcome);
  if (chosen === null) {
    return {
      drawn: false,
      note: "No request-count alert was raised, so there is no baseline to draw.",
    };
  }
  const { alert, why } = chosen;
  const range = {
    fromMs: Math.max(dataset.firstRecordMs, alert.windowStartMs - DAYS_BEFORE * 86_400_000),
    toMs: alert.windowEndMs + WINDOWS_AFTER * WINDOW_MS,
  };
  const series = await countKeyPerWindow(dataset.files, alert, range, nowMs);
  await writeChartPng(baselineSpec(alert, series), path);
  const note = [
    `The figure recounts, from the replayed records, the requests of one alert's key (${alert.endpoint}${alert.statusCode === null ? "" : ` with status ${alert.statusCode}`}${alert.clientIp === "" ? "" : ` from ${alert.clientIp}`}) in every 20-minute window of up to ${DAYS_BEFORE} days before the alert and a few hours after it. ${why}`,
    "Blue points are the windows within an hour of the alert's time of day on earlier days, which the seasonal baseline compares with; the dashed line is the baseline centre the alert reports; the red point is the alert window.",
  ].join(" ");
  return { drawn: true, note };
}
