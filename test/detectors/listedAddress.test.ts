import { describe, expect, it } from "vitest";
import { addRecord, emptyAggregate } from "../../shared/aggregation/windowAggregate.js";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { suspiciousIpDetector, torExitNodeDetector } from "../../shared/detectors/listedAddress.js";
import { createRecordInspector } from "../../shared/detectors/recordInspector.js";
import { ThreatIntelSet } from "../../shared/threatIntel/threatIntelSet.js";
import { windowIndexOf, windowRangeOf } from "../../shared/windows/window.js";
import { requestRecord } from "../support/records.js";

const TIME_MS = Date.parse("2024-05-02T10:03:00Z");
const WINDOW = windowIndexOf(TIME_MS);

function listsWithTorAndFeed(): ThreatIntelSet {
  const set = new ThreatIntelSet();
  set.addTorExitList("185.241.208.232\n", "torbulkexitlist");
  set.addFeed("2.57.122.0/24 ; SBL123\n", "spamhaus-edrop", { format: "cidr-list" });
  return set;
}

function detectFor(clientIps: string[], settings = defaultDetectionSettings()) {
  const lists = listsWithTorAndFeed();
  const inspect = createRecordInspector(settings, { current: () => lists });
  const aggregate = emptyAggregate(WINDOW);
  clientIps.forEach((clientIp, index) => {
    const record = requestRecord({ clientIp, callerIp: clientIp, timeMs: TIME_MS + index * 1000 });
    addRecord(aggregate, record, inspect(record));
  });
  const context = {
    window: { ...windowRangeOf(WINDOW), index: WINDOW },
    aggregate,
    evaluatedWindows: [],
    baselines: new Map(),
    settings,
    nowMs: Date.parse("2024-05-02T10:05:00Z"),
  };
  return [...torExitNodeDetector.detect(context), ...suspiciousIpDetector.detect(context)].map(
    (d) => d.alert,
  );
}

describe("listed-address detections", () => {
  it("raises one API_AccessFromTorExitNode alert per client and endpoint with the request count", () => {
    const alerts = detectFor(["185.241.208.232", "185.241.208.232", "203.0.113.5"]);

    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      alertType: "API_AccessFromTorExitNode",
      severity: "Medium",
      tactics: "Pre-attack",
      clientIp: "185.241.208.232",
      observedValue: 2,
      raisedAtMs: Date.parse("2024-05-02T10:05:00Z"),
    });
    expect(alerts[0]!.evidence.details?.indicators).toEqual([
      { category: "torbulkexitlist", indicator: "185.241.208.232 (line 1)", count: 2 },
    ]);
  });

  it("raises API_AccessFromSuspiciousIP with High severity naming the feed and the range that matched", () => {
    const [alert] = detectFor(["2.57.122.53"]);

    expect(alert).toMatchObject({
      alertType: "API_AccessFromSuspiciousIP",
      severity: "High",
      clientIp: "2.57.122.53",
    });
    expect(alert!.description).toContain(
      "The address is listed by the threat-intelligence feed spamhaus-edrop as 2.57.122.0/24 (line 1, SBL123).",
    );
  });

  it("stays silent for a listed address when its detection is switched off", () => {
    const settings = defaultDetectionSettings();
    settings.torExitNode.enabled = false;

    expect(detectFor(["185.241.208.232"], settings)).toEqual([]);
  });
});
