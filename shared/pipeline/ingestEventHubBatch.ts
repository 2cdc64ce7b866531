import type { ParseOptions } from "../parsing/parseOptions.js";
import { readEventHubPayload } from "../parsing/readEventHubPayload.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { RequestRecord } from "../records/requestRecord.js";
import type { RecordInspector } from "../detectors/recordInspector.js";
import { noParameterLimitsHit } from "../parameters/parameterLimitCounts.js";
import { ingestRecords, type IngestStores, type IngestSummary } from "./ingestRecords.js";

export interface HubEvent {
  sequenceNumber: number;
  /** The event body as the Functions host hands it over: object, string or bytes. */
  body: unknown;
}

export interface EventHubBatchSummary extends IngestSummary {
  events: number;
  /** Events at or below the partition's committed sequence number: a redelivery, not counted again. */
  skippedEvents: number;
}

/**
 * Ingests one trigger invocation's events from one partition. Events already counted by an
 * earlier delivery are skipped, whatever the new batch boundaries are.
 */
export async function ingestEventHubBatch(
  partitionId: string,
  events: readonly HubEvent[],
  parseOptions: ParseOptions,
  inspect: RecordInspector,
  stores: IngestStores,
): Promise<EventHubBatchSummary> {
  const committedThrough = await stores.batches.committedThrough(partitionId);
  const fresh = [...events]
    .filter((event) => event.sequenceNumber > committedThrough)
    .sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const skippedEvents = events.length - fresh.length;
  if (fresh.length === 0) {
    return {
      events: events.length,
      skippedEvents,
      records: 0,
      rejected: 0,
      late: 0,
      windows: 0,
      clientKeysDropped: 0,
      populationKeysDropped: 0,
      distinctKeysDropped: 0,
      parameterLimitsHit: noParameterLimitsHit(),
    };
  }

  const records: RequestRecord[] = [];
  const rejections: RecordRejection[] = [];
  for (const event of fresh) {
    const source = `partition ${partitionId} sequence ${event.sequenceNumber}`;
    const parsed = readEventHubPayload(event.body, source, parseOptions);
    records.push(...parsed.records);
    rejections.push(...parsed.rejections);
  }
  const batch = {
    partitionId,
    firstSeq: fresh[0]!.sequenceNumber,
    lastSeq: fresh.at(-1)!.sequenceNumber,
  };
  const summary = await ingestRecords(batch, records, rejections, inspect, stores);
  return { ...summary, events: events.length, skippedEvents };
}
