import type { Alert } from "../../shared/alerts/alert.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { baselineFigureSpec, type BaselinePanel } from "../charts/baselineChart.js";
import { countKeyPerWindow } from "../charts/keySeries.js";
import { writeChartPng } from "../charts/renderChart.js";
import type { JudgedAlert, MatchOutcome } from "../matching/matchAlerts.js";
import { dailyRepeats } from "../metrics/recurringAlerts.js";

/** Request-count detections, whose measure can be recounted from the records. */
const COUNT_KINDS = new Set(["API_PopulationSpikeInAPITraffic", "API_SpikeInAPITraffic"]);
const DAYS_BEFORE = 7;
const WINDOWS_AFTER = 12;

/** An alert picked for the figure, and the sentence that says why. */
interface Choice {
  alert: Alert;
  why: string;
}

/**
 * Picks up to two alerts to draw: the highest-scoring true alert of a request-count detection,
 * and the false alert of such a detection that repeated on the most days.
 */
export function chooseBaselineAlerts(outcome: MatchOutcome<Alert>): Choice[] {
  const counted = outcome.alerts.filter(
    (judged) =>
      COUNT_KINDS.has(judged.alert.detectionId) && judged.alert.evidence.baseline !== undefined,
  );
  const choices: Choice[] = [];
  const matched = highestScoring(counted.filter((judged) => judged.verdict === "true"));
  if (matched !== undefined) {
    const labels = matched.labelIds.join(", ");
    choices.push({
      alert: matched.alert,
      why: `The upper panel is the highest-scoring alert that matched an attack (${labels}).`,
    });
  }
  const repeat = dailyRepeats(counted)[0];
  if (repeat !== undefined) {
    choices.push({
      alert: repeat.alert,
      why: `The ${choices.length === 0 ? "only" : "lower"} panel is the latest of ${repeat.alerts} false alerts that this key raised at the same time of day on ${repeat.days} days.`,
    });
  }
  return choices;
}

/**
 * Draws the chosen alerts' keys per window over the days before them and writes the PNG to
 * `path`. Returns the paragraph that introduces the figure, or only an explanation when none was
 * drawn.
 */
export async function writeBaselineFigure(
  outcome: MatchOutcome<Alert>,
  dataset: { files: readonly string[]; firstRecordMs: number },
  path: string,
  nowMs: number,
): Promise<{ drawn: boolean; note: string }> {
  const choices = chooseBaselineAlerts(outcome);
  if (choices.length === 0) {
    return {
      drawn: false,
      note: "No request-count alert was raised, so there is no baseline to draw.",
    };
  }
  const panels: BaselinePanel[] = [];
  for (const { alert } of choices) {
    const range = {
      fromMs: Math.max(dataset.firstRecordMs, alert.windowStartMs - DAYS_BEFORE * 86_400_000),
      toMs: alert.windowEndMs + WINDOWS_AFTER * WINDOW_MS,
    };
    panels.push({ alert, series: await countKeyPerWindow(dataset.files, alert, range, nowMs) });
  }
  await writeChartPng(baselineFigureSpec(panels), path);
  const note = [
    `Each panel recounts, from the replayed records, the requests of one alert's key in every 20-minute window of up to ${DAYS_BEFORE} days before the alert and a few hours after it.`,
    ...choices.map((choice) => choice.why),
    "Blue points are the windows within an hour of the alert's time of day on earlier days, which the seasonal baseline compares with; the dashed line is the baseline centre the alert reports; the red point is the alert window.",
  ].join(" ");
  return { drawn: true, note };
}

function highestScoring(judged: readonly JudgedAlert<Alert>[]): JudgedAlert<Alert> | undefined {
  return [...judged].sort((left, right) => right.alert.score - left.alert.score)[0];
}
