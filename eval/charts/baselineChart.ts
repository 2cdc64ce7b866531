import type { TopLevelSpec } from "vega-lite";
import type { Alert } from "../../shared/alerts/alert.js";
import { slotOfDay, WINDOWS_PER_DAY, windowIndexOf } from "../../shared/windows/window.js";
import type { WindowCount } from "./keySeries.js";
import { CHART_CONFIG } from "./renderChart.js";

/** Windows either side of the alert's time of day that the seasonal baseline draws on (±1 h). */
const BAND_SLOTS = 3;

type Role = "other window" | "same time of day (±1 h)" | "alert window";

interface Point {
  timeMs: number;
  requests: number;
  role: Role;
}

/** One alert and its key's counts, drawn as one panel of the figure. */
export interface BaselinePanel {
  alert: Alert;
  series: readonly WindowCount[];
}

/** The panels one above the other, sharing the look of the other charts. */
export function baselineFigureSpec(panels: readonly BaselinePanel[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: CHART_CONFIG,
    vconcat: panels.map((panel) => baselinePanelSpec(panel.alert, panel.series)),
    resolve: { scale: { color: "independent" } },
  } as TopLevelSpec;
}

/**
 * The alert's key, window by window, before and after the alert: every window as a line, the
 * windows at the alert's time of day on earlier days (what the seasonal baseline compares with)
 * as points, the baseline centre from the alert's evidence as a dashed rule, the alert window red.
 */
function baselinePanelSpec(alert: Alert, series: readonly WindowCount[]) {
  const centre = alert.evidence.baseline?.centre ?? 0;
  const points = series.map((count) => ({
    timeMs: count.windowStartMs,
    requests: count.requests,
    role: roleOf(count.windowStartMs, alert),
  }));
  const x = {
    field: "timeMs",
    type: "temporal" as const,
    title: "window start (UTC)",
    scale: { type: "utc" as const },
    axis: { format: "%b %d", tickCount: "day" },
  };
  return {
    title: { text: titleOf(alert), subtitle: subtitleOf(alert) },
    width: 760,
    height: 260,
    layer: [
      {
        data: { values: points },
        mark: { type: "line", color: "#9e9e9e", strokeWidth: 1 },
        encoding: {
          x,
          y: { field: "requests", type: "quantitative", title: "requests per window" },
        },
      },
      {
        data: { values: points.filter((point) => point.role !== "other window") },
        mark: { type: "point", filled: true, size: 40 },
        encoding: {
          x,
          y: { field: "requests", type: "quantitative" },
          color: {
            field: "role",
            type: "nominal",
            scale: {
              domain: ["same time of day (±1 h)", "alert window"],
              range: ["#1f77b4", "#d62728"],
            },
            legend: { title: null, orient: "top-left", labelLimit: 260 },
          },
        },
      },
      {
        data: { values: [{ centre, label: `baseline centre ${round(centre)}` }] },
        layer: [
          {
            mark: { type: "rule", color: "#ff7f0e", strokeDash: [6, 4], strokeWidth: 2 },
            encoding: { y: { field: "centre", type: "quantitative" } },
          },
          {
            mark: { type: "text", align: "right", dy: -6, color: "#ff7f0e", x: "width" },
            encoding: { y: { field: "centre", type: "quantitative" }, text: { field: "label" } },
          },
        ],
      },
    ],
  };
}

function roleOf(windowStartMs: number, alert: Alert): Point["role"] {
  if (windowStartMs === alert.windowStartMs) return "alert window";
  const index = windowIndexOf(windowStartMs);
  const alertIndex = windowIndexOf(alert.windowStartMs);
  if (index > alertIndex) return "other window";
  const apart = Math.abs(slotOfDay(index) - slotOfDay(alertIndex));
  const circular = Math.min(apart, WINDOWS_PER_DAY - apart);
  return circular <= BAND_SLOTS ? "same time of day (±1 h)" : "other window";
}

function titleOf(alert: Alert): string {
  const status = alert.statusCode === null ? "" : `, status ${alert.statusCode}`;
  const client = alert.clientIp === "" ? "" : `, client ${alert.clientIp}`;
  return `${alert.alertType}: ${alert.endpoint}${status}${client}`;
}

function subtitleOf(alert: Alert): string {
  const baseline = alert.evidence.baseline;
  const window = new Date(alert.windowStartMs).toISOString().slice(0, 16).replace("T", " ");
  const history =
    baseline === undefined
      ? "no baseline"
      : `baseline centre ${round(baseline.centre)}, spread ${round(baseline.spread)} over ${baseline.windows} windows in ${baseline.days} days`;
  return `Window ${window} UTC: observed ${alert.evidence.observed} (${history}); score ${alert.score}`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
