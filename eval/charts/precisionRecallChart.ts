import type { TopLevelSpec } from "vega-lite";
import { correctAlertsOf, type KindMetrics } from "../metrics/kindMetrics.js";
import { CHART_CONFIG } from "./renderChart.js";

interface Bar {
  kind: string;
  measure: "precision" | "recall";
  value: number;
  note: string;
}

/**
 * Grouped bars of recall and precision per detection kind, each with its counts beside it. A kind
 * with no alert shows "no alerts"; a kind not implemented shows only that note.
 */
export function precisionRecallSpec(
  metrics: readonly KindMetrics[],
  subtitle: string,
): TopLevelSpec {
  const kinds = metrics.map((metric) => metric.detectionId);
  const y = { field: "kind", type: "nominal", sort: kinds, title: null, axis: { labelLimit: 360 } };
  const yOffset = { field: "measure", sort: ["recall", "precision"] };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Recall and precision per detection", subtitle },
    width: 520,
    height: { step: 12 },
    config: CHART_CONFIG,
    data: { values: metrics.flatMap(barsOf) },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: {
            field: "value",
            type: "quantitative",
            scale: { domain: [0, 1.15] },
            axis: { format: "%", title: null, grid: true, values: [0, 0.25, 0.5, 0.75, 1] },
          },
          color: {
            field: "measure",
            type: "nominal",
            sort: ["recall", "precision"],
            scale: { domain: ["recall", "precision"], range: ["#1f77b4", "#ff7f0e"] },
            legend: { title: null, orient: "top" },
          },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 9, color: "#333333" },
        encoding: { x: { field: "value", type: "quantitative" }, text: { field: "note" } },
      },
    ],
  } as TopLevelSpec;
}

function barsOf(metric: KindMetrics): Bar[] {
  const kind = metric.detectionId;
  if (!metric.implemented) {
    return [{ kind, measure: "recall", value: 0, note: "not implemented" }];
  }
  const bars: Bar[] = [];
  if (metric.recall !== null) {
    const note = `${metric.detectedLabels}/${metric.labels} attacks`;
    bars.push({ kind, measure: "recall", value: metric.recall, note });
  }
  const correct = correctAlertsOf(metric);
  const byDesign = metric.byDesignAlerts > 0 ? `, ${metric.byDesignAlerts} by design` : "";
  const note = metric.alerts === 0 ? "no alerts" : `${correct}/${metric.alerts} alerts${byDesign}`;
  bars.push({ kind, measure: "precision", value: metric.precision ?? 0, note });
  return bars;
}
