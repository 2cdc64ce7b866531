import type { SyntheticTraffic } from "./syntheticTraffic.js";

export interface EnvelopeSpan {
  envelopes: number;
  recordsPerEnvelope: number;
  startMs: number;
  /** The records' times are spread evenly over this span, in order. */
  spanMs: number;
}

/**
 * Event Hubs event bodies, `{"records":[...]}` as JSON text, the way an Azure Monitor diagnostic
 * setting batches GatewayLogs records into events.
 */
export function syntheticEnvelopes(traffic: SyntheticTraffic, span: EnvelopeSpan): string[] {
  const total = span.envelopes * span.recordsPerEnvelope;
  const envelopes: string[] = [];
  for (let envelope = 0; envelope < span.envelopes; envelope++) {
    const records: Record<string, unknown>[] = [];
    for (let slot = 0; slot < span.recordsPerEnvelope; slot++) {
      const position = envelope * span.recordsPerEnvelope + slot;
      records.push(traffic.record(span.startMs + Math.floor((position * span.spanMs) / total)));
    }
    envelopes.push(JSON.stringify({ records }));
  }
  return envelopes;
}
