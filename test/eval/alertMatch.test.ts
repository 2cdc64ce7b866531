import { describe, expect, it } from "vitest";
import {
  alertIsRelatedToLabel,
  alertMatchesLabel,
  entityAgrees,
} from "../../eval/matching/alertMatch.js";
import { matchAlerts } from "../../eval/matching/matchAlerts.js";
import {
  attackLabel,
  benignLabel,
  matchableAlert,
  WINDOW_MS,
  WINDOW_START_MS,
} from "./labelFixtures.js";

describe("alertMatchesLabel", () => {
  it("matches an alert of the same kind on the same entity in an overlapping window", () => {
    expect(alertMatchesLabel(matchableAlert(), attackLabel())).toBe(true);
  });

  it("matches an alert whose window only partly overlaps the label's span", () => {
    const alert = matchableAlert({
      windowStartMs: WINDOW_START_MS + WINDOW_MS - 1,
      windowEndMs: WINDOW_START_MS + 2 * WINDOW_MS - 1,
    });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(true);
  });

  it("does not match an alert about another client", () => {
    const alert = matchableAlert({ clientIp: "198.51.100.21" });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("does not match an alert on another endpoint", () => {
    const alert = matchableAlert({ endpoint: "orders-api;get-order" });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("does not match an alert in the adjacent window that starts where the label ends", () => {
    const alert = matchableAlert({
      windowStartMs: WINDOW_START_MS + WINDOW_MS,
      windowEndMs: WINDOW_START_MS + 2 * WINDOW_MS,
    });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("does not match an alert in the adjacent window that ends where the label starts", () => {
    const alert = matchableAlert({
      windowStartMs: WINDOW_START_MS - WINDOW_MS,
      windowEndMs: WINDOW_START_MS,
    });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("does not match an alert of another kind on the same entity and window", () => {
    const alert = matchableAlert({ detectionId: "API_PopulationSpikeInAPITraffic" });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("tells a request-payload alert from a response-payload alert of the same alert type", () => {
    const label = attackLabel({ detectionId: "API_SpikeInPayload/request" });
    const request = matchableAlert({ detectionId: "API_SpikeInPayload/request" });
    const response = matchableAlert({ detectionId: "API_SpikeInPayload/response" });

    expect(request.alertType).toBe(response.alertType);
    expect(alertMatchesLabel(request, label)).toBe(true);
    expect(alertMatchesLabel(response, label)).toBe(false);
  });

  it("does not match an alert with another status code when both carry one", () => {
    const alert = matchableAlert({ statusCode: 404 });

    expect(alertMatchesLabel(alert, attackLabel())).toBe(false);
  });

  it("matches on the client alone when the label names only a client", () => {
    const label = attackLabel({
      detectionId: "API_AccessFromTorExitNode",
      entity: { clientIp: "198.51.100.20" },
    });
    const alert = matchableAlert({
      detectionId: "API_AccessFromTorExitNode",
      endpoint: "catalog-api;get-product",
      statusCode: null,
    });

    expect(alertMatchesLabel(alert, label)).toBe(true);
  });
});

describe("entityAgrees", () => {
  it("accepts an alert without a status code against a label that has one", () => {
    const alert = matchableAlert({ statusCode: null });

    expect(entityAgrees(alert, attackLabel().entity)).toBe(true);
  });

  it("matches an API-wide entity by the alert's API id", () => {
    expect(entityAgrees(matchableAlert(), { apiId: "orders-api" })).toBe(true);
    expect(entityAgrees(matchableAlert(), { apiId: "content-api" })).toBe(false);
  });
});

describe("alertIsRelatedToLabel", () => {
  it("accepts a population alert on the endpoint of a client flood that lists it as related", () => {
    const label = attackLabel({ relatedDetections: ["API_PopulationSpikeInAPITraffic"] });
    const alert = matchableAlert({ detectionId: "API_PopulationSpikeInAPITraffic", clientIp: "" });

    expect(alertIsRelatedToLabel(alert, label)).toBe(true);
  });

  it("rejects a kind the label does not list as related", () => {
    const alert = matchableAlert({ detectionId: "API_PopulationSpikeInAPITraffic", clientIp: "" });

    expect(alertIsRelatedToLabel(alert, attackLabel())).toBe(false);
  });
});

describe("matchAlerts", () => {
  it("judges true, related and false alerts and puts false ones on the hard negative they overlap", () => {
    const label = attackLabel({ relatedDetections: ["API_PopulationSpikeInAPITraffic"] });
    const own = matchableAlert();
    const related = matchableAlert({
      detectionId: "API_PopulationSpikeInAPITraffic",
      clientIp: "",
    });
    const stray = matchableAlert({ clientIp: "203.0.113.9" });
    const later = matchableAlert({
      clientIp: "203.0.113.9",
      windowStartMs: WINDOW_START_MS + WINDOW_MS,
      windowEndMs: WINDOW_START_MS + 2 * WINDOW_MS,
    });

    const outcome = matchAlerts([own, related, stray, later], [label], [benignLabel()]);

    expect(outcome.alerts.map((judged) => judged.verdict)).toEqual([
      "true",
      "related",
      "false",
      "false",
    ]);
    expect(outcome.alerts.map((judged) => judged.hardNegativeIds)).toEqual([
      [],
      [],
      ["benign-01"],
      [],
    ]);
    expect(outcome.labels[0]?.alerts).toEqual([own]);
  });

  it("marks a false alert on an attack's endpoint and window that the label does not list as related", () => {
    const population = matchableAlert({
      detectionId: "API_PopulationSpikeInAPITraffic",
      clientIp: "",
    });

    const outcome = matchAlerts([population], [attackLabel()], []);

    expect(outcome.alerts[0]).toMatchObject({
      verdict: "false",
      coincidentAttackIds: ["attack-01"],
    });
  });
});
