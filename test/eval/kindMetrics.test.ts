import { describe, expect, it } from "vitest";
import { matchAlerts } from "../../eval/matching/matchAlerts.js";
import { indicatorLatency } from "../../eval/metrics/indicatorLatency.js";
import { kindMetrics } from "../../eval/metrics/kindMetrics.js";
import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import { attackLabel, matchableAlert, WINDOW_MS, WINDOW_START_MS } from "./labelFixtures.js";

const LATER_MS = WINDOW_START_MS + 6 * WINDOW_MS;
const IMPLEMENTED = new Set<DetectionId>([
  "API_SpikeInAPITraffic",
  "API_PopulationSpikeInAPITraffic",
  "API_AccessFromTorExitNode",
]);

/**
 * Two client-spike attacks (one caught, with three stray alerts of the same kind), one Tor visit
 * caught on two endpoints, and a population alert the first attack lists as related.
 */
function handMadeOutcome() {
  const caught = attackLabel({
    id: "attack-01",
    relatedDetections: ["API_PopulationSpikeInAPITraffic"],
  });
  const missed = attackLabel({
    id: "attack-02",
    entity: { clientIp: "198.51.100.30", endpoint: "orders-api;list-orders" },
    startMs: LATER_MS,
    endMs: LATER_MS + WINDOW_MS,
  });
  const tor = attackLabel({
    id: "attack-03",
    detectionId: "API_AccessFromTorExitNode",
    entity: { clientIp: "185.220.101.1" },
  });
  const torAlert = (endpoint: string) =>
    matchableAlert({
      detectionId: "API_AccessFromTorExitNode",
      clientIp: "185.220.101.1",
      endpoint,
      statusCode: null,
    });
  const stray = (clientIp: string) => matchableAlert({ clientIp });
  const alerts = [
    matchableAlert(),
    stray("203.0.113.1"),
    stray("203.0.113.2"),
    stray("203.0.113.3"),
    torAlert("catalog-api;get-product"),
    torAlert("catalog-api;list-products"),
    matchableAlert({ detectionId: "API_PopulationSpikeInAPITraffic", clientIp: "" }),
  ];
  return matchAlerts(alerts, [caught, missed, tor], []);
}

describe("kindMetrics", () => {
  const metrics = kindMetrics(handMadeOutcome(), 250_000, IMPLEMENTED);
  const of = (kind: DetectionId) => metrics.find((metric) => metric.detectionId === kind);

  it("gives every one of the 13 detections a row, in catalog order", () => {
    expect(metrics).toHaveLength(13);
    expect(metrics[0]?.detectionId).toBe("API_PopulationSpikeInAPITraffic");
  });

  it("computes recall, precision and false alerts per million for a kind with misses and strays", () => {
    expect(of("API_SpikeInAPITraffic")).toEqual({
      detectionId: "API_SpikeInAPITraffic",
      implemented: true,
      labels: 2,
      detectedLabels: 1,
      recall: 0.5,
      alerts: 4,
      trueAlerts: 1,
      relatedAlerts: 0,
      byDesignAlerts: 0,
      falseAlerts: 3,
      precision: 0.25,
      falseAlertsPerMillion: 12,
    });
  });

  it("counts every alert on a detected label as true, one label detected once", () => {
    const tor = of("API_AccessFromTorExitNode");

    expect(tor?.recall).toBe(1);
    expect(tor?.alerts).toBe(2);
    expect(tor?.trueAlerts).toBe(2);
    expect(tor?.precision).toBe(1);
    expect(tor?.falseAlertsPerMillion).toBe(0);
  });

  it("counts a related alert as correct and leaves recall empty for a kind without labels", () => {
    const population = of("API_PopulationSpikeInAPITraffic");

    expect(population?.recall).toBeNull();
    expect(population?.relatedAlerts).toBe(1);
    expect(population?.falseAlerts).toBe(0);
    expect(population?.precision).toBe(1);
  });

  it("reports a kind outside the implemented set as not implemented with no precision", () => {
    const unseen = of("API_UnseenParam");

    expect(unseen?.implemented).toBe(false);
    expect(unseen?.alerts).toBe(0);
    expect(unseen?.precision).toBeNull();
  });
});

describe("indicatorLatency", () => {
  it("takes the earliest matching alert per label and gives the median and maximum", () => {
    const minute = 60_000;
    const labels = ["198.51.100.1", "198.51.100.2"].map((clientIp, index) =>
      attackLabel({
        id: `attack-0${index + 1}`,
        detectionId: "API_AccessFromTorExitNode",
        entity: { clientIp },
      }),
    );
    const alert = (clientIp: string, raisedAfterMinutes: number) => ({
      ...matchableAlert({ detectionId: "API_AccessFromTorExitNode", clientIp }),
      raisedAtMs: WINDOW_START_MS + raisedAfterMinutes * minute,
    });
    const outcome = matchAlerts(
      [alert("198.51.100.1", 10), alert("198.51.100.1", 5), alert("198.51.100.2", 15)],
      labels,
      [],
    );

    const tor = indicatorLatency(outcome.labels)[0];

    expect(tor).toEqual({
      detectionId: "API_AccessFromTorExitNode",
      labels: 2,
      medianMs: 10 * minute,
      maxMs: 15 * minute,
    });
  });
});
