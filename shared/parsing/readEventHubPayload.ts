import { fromGatewayLogRecord } from "./fromGatewayLogRecord.js";
import { emptyBatch, type ParsedBatch, readOne, rejectedBatch } from "./parsedBatch.js";
import type { ParseOptions } from "./parseOptions.js";
import { quoteValue, RecordFieldError, toRejection } from "./recordRejection.js";
import { isPlainObject, readJson } from "./recordFields.js";

const ENVELOPE = "(envelope)";

/**
 * Reads one Event Hubs event body from an Azure Monitor diagnostic setting: `{"records":[...]}` as
 * an object, JSON text or UTF-8 bytes, or a single GatewayLogs record on its own. Never throws: a bad envelope is one rejection, an empty one
 * is one rejection (so empty events get counted), and each bad record is one rejection whose
 * source is `${source} record ${n}`, n counting from 1 within the envelope.
 */
export function readEventHubPayload(
  payload: unknown,
  source: string,
  options: ParseOptions,
): ParsedBatch {
  const raw = payload instanceof Uint8Array ? new TextDecoder().decode(payload) : payload;
  try {
    const records = envelopeRecords(typeof raw === "string" ? readJson(ENVELOPE, raw) : raw);
    return readRecords(records, source, options);
  } catch (error) {
    return rejectedBatch(toRejection(error, source, raw));
  }
}

function envelopeRecords(envelope: unknown): unknown[] {
  if (!isPlainObject(envelope)) {
    throw new RecordFieldError(
      ENVELOPE,
      `expected an object with a records array, got ${quoteValue(envelope)}`,
    );
  }
  // A lone record (a pretty-printed sample, or a log-to-eventhub message in the GatewayLogs shape)
  // is read as an envelope of one.
  if (!("records" in envelope) && isPlainObject(envelope.properties) && "time" in envelope) {
    return [envelope];
  }
  const records = envelope.records;
  if (!Array.isArray(records)) {
    throw new RecordFieldError(
      "records",
      `expected an array of log records, got ${quoteValue(records)}`,
    );
  }
  if (records.length === 0) throw new RecordFieldError("records", "envelope holds no records");
  return records;
}

function readRecords(records: unknown[], source: string, options: ParseOptions): ParsedBatch {
  const batch = emptyBatch();
  records.forEach((record, index) => {
    readOne(
      record,
      `${source} record ${index + 1}`,
      (raw) => fromGatewayLogRecord(raw, options),
      batch,
    );
  });
  return batch;
}
