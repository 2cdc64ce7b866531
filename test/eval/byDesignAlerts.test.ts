import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BenignLabel } from "../../eval/generator/datasetLabel.js";
import { readLabels } from "../../eval/labels/readLabels.js";
import { alertNamesEntity, type MatchableAlert } from "../../eval/matching/alertMatch.js";
import { matchAlerts } from "../../eval/matching/matchAlerts.js";
import { kindMetrics } from "../../eval/metrics/kindMetrics.js";
import {
  attackLabel,
  benignLabel,
  matchableAlert,
  WINDOW_MS,
  WINDOW_START_MS,
} from "./labelFixtures.js";

const ENDPOINT = "catalog-api;list-products";

/** The `new-api-version` hard negative as the generator labels it, over six fixture windows. */
function newApiVersion(overrides: Partial<BenignLabel> = {}): BenignLabel {
  return benignLabel({
    id: "benign-03",
    scenario: "new-api-version",
    entity: { endpoint: ENDPOINT, parameter: "includeVariants" },
    endMs: WINDOW_START_MS + 6 * WINDOW_MS,
    expectedAlerts: [
      {
        detectionId: "API_UnseenParam",
        entity: { endpoint: ENDPOINT, parameter: "includeVariants" },
        maxAlerts: 1,
        reason: "One alert per endpoint and parameter, not one per client.",
      },
    ],
    ...overrides,
  });
}

/** An API_UnseenParam alert on the endpoint, about `parameter` (lower-cased, as the detector writes it). */
function unseenParamAlert(parameter: string, windowIndex = 0): MatchableAlert {
  const windowStartMs = WINDOW_START_MS + windowIndex * WINDOW_MS;
  return matchableAlert({
    detectionId: "API_UnseenParam",
    apiId: "catalog-api",
    endpoint: ENDPOINT,
    clientIp: "",
    statusCode: null,
    windowStartMs,
    windowEndMs: windowStartMs + WINDOW_MS,
    evidence: { details: { parameter } },
  });
}

describe("alerts by design on a hard negative", () => {
  it("judges an API_UnseenParam alert naming the endpoint and the new parameter as by design, not false", () => {
    const outcome = matchAlerts([unseenParamAlert("includevariants")], [], [newApiVersion()]);

    expect(outcome.alerts[0]).toMatchObject({
      verdict: "by design",
      labelIds: ["benign-03"],
      hardNegativeIds: [],
    });
  });

  it("judges a second such alert on the scenario as false, a false alarm of the scenario", () => {
    const first = unseenParamAlert("includevariants", 0);
    const second = unseenParamAlert("includevariants", 3);

    const outcome = matchAlerts([second, first], [], [newApiVersion()]);

    expect(outcome.alerts.map((judged) => judged.verdict)).toEqual(["false", "by design"]);
    expect(outcome.alerts[0]?.hardNegativeIds).toEqual(["benign-03"]);
  });

  it("judges an alert naming another parameter on the scenario's endpoint and time as false", () => {
    const outcome = matchAlerts([unseenParamAlert("debug")], [], [newApiVersion()]);

    expect(outcome.alerts[0]).toMatchObject({ verdict: "false", hardNegativeIds: ["benign-03"] });
  });

  it("judges an alert that names no parameter as false", () => {
    const alert = { ...unseenParamAlert("includevariants"), evidence: { details: {} } };

    const outcome = matchAlerts([alert], [], [newApiVersion()]);

    expect(outcome.alerts[0]?.verdict).toBe("false");
  });

  it("judges an alert of another kind on the new parameter as false", () => {
    const alert = {
      ...unseenParamAlert("includevariants"),
      detectionId: "API_UnseenParamType" as const,
    };

    const outcome = matchAlerts([alert], [], [newApiVersion()]);

    expect(outcome.alerts[0]?.verdict).toBe("false");
  });

  it("judges a fitting alert outside the scenario's time as false", () => {
    const before = unseenParamAlert("includevariants", -1);

    const outcome = matchAlerts([before], [], [newApiVersion()]);

    expect(outcome.alerts[0]?.verdict).toBe("false");
  });

  it("leaves an alert that matches an attack true, without using the allowance", () => {
    const attack = attackLabel({
      detectionId: "API_UnseenParam",
      entity: { endpoint: ENDPOINT, parameter: "includeVariants" },
    });
    const first = unseenParamAlert("includevariants", 0);
    const later = unseenParamAlert("includevariants", 2);

    const outcome = matchAlerts([first, later], [attack], [newApiVersion()]);

    expect(outcome.alerts.map((judged) => judged.verdict)).toEqual(["true", "by design"]);
  });

  it("raises no alert by design on a scenario whose label allows none", () => {
    const outcome = matchAlerts(
      [unseenParamAlert("includevariants")],
      [],
      [newApiVersion({ expectedAlerts: undefined })],
    );

    expect(outcome.alerts[0]?.verdict).toBe("false");
  });
});

describe("alertNamesEntity", () => {
  it("compares the parameter without regard to case", () => {
    const entity = { endpoint: ENDPOINT, parameter: "includeVariants" };

    expect(alertNamesEntity(unseenParamAlert("includevariants"), entity)).toBe(true);
    expect(alertNamesEntity(unseenParamAlert("includeVariant"), entity)).toBe(false);
  });

  it("does not accept an alert that leaves out a field the entity gives", () => {
    const alert = matchableAlert({ statusCode: null });

    expect(alertNamesEntity(alert, { endpoint: "orders-api;list-orders", statusCode: 200 })).toBe(
      false,
    );
  });
});

describe("kindMetrics with alerts by design", () => {
  it("counts an alert by design as correct in precision and not as false", () => {
    const attack = attackLabel({
      detectionId: "API_UnseenParam",
      entity: { endpoint: "orders-api;get-order", parameter: "debug" },
    });
    const caught = matchableAlert({
      detectionId: "API_UnseenParam",
      endpoint: "orders-api;get-order",
      clientIp: "",
      statusCode: null,
    });
    const alerts = [
      caught,
      unseenParamAlert("includevariants", 1),
      unseenParamAlert("includevariants", 2),
    ];

    const outcome = matchAlerts(alerts, [attack], [newApiVersion()]);
    const metric = kindMetrics(outcome, 1_000_000, new Set(["API_UnseenParam"])).find(
      (candidate) => candidate.detectionId === "API_UnseenParam",
    );

    expect(metric).toMatchObject({
      alerts: 3,
      trueAlerts: 1,
      relatedAlerts: 0,
      byDesignAlerts: 1,
      falseAlerts: 1,
      falseAlertsPerMillion: 1,
    });
    expect(metric?.precision).toBeCloseTo(2 / 3);
  });
});

describe("readLabels with expectedAlerts", () => {
  let dir = "";

  afterEach(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  function labelsFile(label: object): string {
    dir = mkdtempSync(join(tmpdir(), "gatewarden-labels-"));
    const path = join(dir, "labels.ndjson");
    writeFileSync(path, `${JSON.stringify(label)}\n`);
    return path;
  }

  it("reads a benign label's allowance", () => {
    const path = labelsFile(newApiVersion());

    expect(readLabels(path)).toEqual([newApiVersion()]);
  });

  it("rejects an allowance of no alerts, naming the line and the field", () => {
    const label = newApiVersion();
    const path = labelsFile({
      ...label,
      expectedAlerts: [{ ...label.expectedAlerts![0], maxAlerts: 0 }],
    });

    expect(() => readLabels(path)).toThrow(
      `${path}:1: expected expectedAlerts[0].maxAlerts to be a whole number of at least 1, got 0`,
    );
  });

  it("rejects an allowance of an unknown detection", () => {
    const label = newApiVersion();
    const path = labelsFile({
      ...label,
      expectedAlerts: [{ ...label.expectedAlerts![0], detectionId: "API_Unknown" }],
    });

    expect(() => readLabels(path)).toThrow(
      `${path}:1: expected expectedAlerts[0].detectionId to be one of the 13 detections, got "API_Unknown"`,
    );
  });
});
