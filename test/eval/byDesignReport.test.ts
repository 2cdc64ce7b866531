import { describe, expect, it } from "vitest";
import { precisionRecallSpec } from "../../eval/charts/precisionRecallChart.js";
import type { Alert } from "../../shared/alerts/alert.js";
import type { DatasetLabel } from "../../eval/generator/datasetLabel.js";
import { attackLabelsOf, benignLabelsOf } from "../../eval/labels/readLabels.js";
import { matchAlerts } from "../../eval/matching/matchAlerts.js";
import { ALL_KINDS, kindMetrics } from "../../eval/metrics/kindMetrics.js";
import { describeFindings } from "../../eval/report/describeFindings.js";
import { evaluationMarkdown } from "../../eval/report/evaluationMarkdown.js";
import type { EvaluationReport } from "../../eval/report/evaluationReport.js";
import { alertFixture } from "../support/alertFixture.js";
import { attackLabel, benignLabel, WINDOW_MS, WINDOW_START_MS } from "./labelFixtures.js";

const ENDPOINT = "catalog-api;list-products";

const LABELS: DatasetLabel[] = [
  attackLabel({
    detectionId: "API_UnseenParam",
    entity: { endpoint: "orders-api;get-order", parameter: "debug" },
  }),
  benignLabel({
    id: "benign-03",
    scenario: "new-api-version",
    entity: { endpoint: ENDPOINT, parameter: "includeVariants" },
    startMs: WINDOW_START_MS + WINDOW_MS,
    endMs: WINDOW_START_MS + 6 * WINDOW_MS,
    description: "A new API version adds includeVariants.",
    expectedAlerts: [
      {
        detectionId: "API_UnseenParam",
        entity: { endpoint: ENDPOINT, parameter: "includeVariants" },
        maxAlerts: 1,
        reason: "One alert per endpoint and parameter, not one per client.",
      },
    ],
  }),
];

function unseenParam(endpoint: string, parameter: string, windowIndex: number): Alert {
  const windowStartMs = WINDOW_START_MS + windowIndex * WINDOW_MS;
  const base = alertFixture({ detectionId: "API_UnseenParam" });
  return {
    ...base,
    alertId: `${endpoint}-${parameter}-${windowIndex}`,
    endpoint,
    clientIp: "",
    statusCode: null,
    windowStartMs,
    windowEndMs: windowStartMs + WINDOW_MS,
    evidence: { ...base.evidence, details: { parameter } },
  };
}

/** One caught attack, one alert by design on new-api-version and one beyond its allowance. */
function report(): EvaluationReport {
  const alerts = [
    unseenParam("orders-api;get-order", "debug", 0),
    unseenParam(ENDPOINT, "includevariants", 1),
    unseenParam(ENDPOINT, "includevariants", 4),
  ];
  const outcome = matchAlerts(alerts, attackLabelsOf(LABELS), benignLabelsOf(LABELS));
  return {
    generatedAtMs: WINDOW_START_MS,
    commit: "abc1234",
    command: "npm run eval",
    parameters: {
      seed: 1,
      days: 14,
      warmupDays: 9,
      requestsPerDay: 20_000,
      attackScale: 1,
      attacksPerKind: 1,
      startDate: "2024-03-04",
    },
    dataset: { records: 1_000_000, attackRecords: 5, firstRecordMs: 0, lastRecordMs: 0 },
    replay: { records: 1_000_000, rejected: 0, late: 0, windows: 1008 },
    timings: [],
    labels: LABELS,
    outcome,
    metrics: kindMetrics(outcome, 1_000_000, new Set(ALL_KINDS)),
    latency: [],
    sweep: null,
    charts: { precisionRecall: "chart.png", baseline: null, baselineNote: "No chart." },
  };
}

describe("evaluation report with alerts by design", () => {
  const markdown = evaluationMarkdown(report());

  it("shows the alert by design in its own column and counts it correct in precision", () => {
    const row = markdown.split("\n").find((line) => line.startsWith("| `API_UnseenParam` "));

    expect(row).toBe(
      "| `API_UnseenParam` | implemented | 1 | 1 | 100% | 3 | 1 | 1 | 67% | 1 | 1.0 | 400 requests (no sweep run) |",
    );
  });

  it("shows the scenario's allowance, its alert by design and the false alarm beyond it", () => {
    expect(markdown).toContain(
      "| new-api-version | 2024-03-12 17:00 – 2024-03-12 18:40 | `catalog-api;list-products`, parameter `includeVariants` | at most 1 `API_UnseenParam` naming `catalog-api;list-products`, parameter `includeVariants` | 1 | 1 | API_UnseenParam: 1 |",
    );
    expect(markdown).toContain(
      "| 2024-03-12 17:00 | `API_UnseenParam` | `catalog-api;list-products`, parameter `includevariants` | by design |",
    );
    expect(markdown).toContain(
      "| 2024-03-12 18:00 | `API_UnseenParam` | `catalog-api;list-products`, parameter `includevariants` | false |",
    );
  });

  it("says in the findings how many alerts are false and how many by design", () => {
    expect(describeFindings(report())).toContain(
      "1 of the 3 alerts is false, 1.0 per million requests: it matched no attack and no allowance of a scenario;",
    );
    expect(describeFindings(report())).toContain(
      "1 alert is by design (1 API_UnseenParam on new-api-version)",
    );
  });

  it("notes the alert by design beside the precision bar of the chart", () => {
    const spec = precisionRecallSpec(report().metrics, "") as { data: { values: object[] } };

    expect(spec.data.values).toContainEqual({
      kind: "API_UnseenParam",
      measure: "precision",
      value: 2 / 3,
      note: "2/3 alerts, 1 by design",
    });
  });
});
