/**
 * Why one input record was not turned into a request record. Rejections are data: readers return
 * them next to the good records, and the caller counts and dead-letters them.
 */
export interface RecordRejection {
  /** The field at fault, as named in the source format (`properties.responseCode`, `TimeGenerated`). */
  field: string;
  /** What was wrong, with the offending value quoted and cut to a readable length. */
  reason: string;
  /** Where the record came from: file and line, or partition and sequence number. */
  source: string;
  /** The raw record, cut to `MAX_KEPT_RAW_CHARS`, kept so an operator can replay it after a fix. */
  raw: string;
}

export const MAX_KEPT_RAW_CHARS = 16_384;

/** Thrown inside a reader for one record; caught at the record boundary and turned into data. */
export class RecordFieldError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "RecordFieldError";
  }
}

/** A RecordFieldError for a field the record does not have at all (no key, no column, no cell). */
export class MissingFieldError extends RecordFieldError {
  constructor(field: string, reason: string) {
    super(field, reason);
    this.name = "MissingFieldError";
  }
}

/** Quotes a value for an error message without letting a huge or binary value flood it. */
export function quoteValue(value: unknown, maxChars = 80): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (value === undefined) text = "undefined";
  // JSON would show these as null; JSON.parse makes Infinity of a number such as 1e400.
  else if (typeof value === "number" && !Number.isFinite(value)) text = nonFiniteText(value);
  else text = safeStringify(value);
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length} chars)`;
}

export function toRejection(error: unknown, source: string, raw: unknown): RecordRejection {
  const rawText = typeof raw === "string" ? raw : safeStringify(raw);
  const kept = rawText.length > MAX_KEPT_RAW_CHARS ? rawText.slice(0, MAX_KEPT_RAW_CHARS) : rawText;
  if (error instanceof RecordFieldError) {
    return { field: error.field, reason: error.message, source, raw: kept };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { field: "(record)", reason: message, source, raw: kept };
}

function nonFiniteText(value: number): string {
  return Number.isNaN(value) ? "NaN" : `${value} (a number too large to hold, such as 1e400)`;
}

/**
 * JSON text of the value, or a description of it when it has none: String() of an array nested
 * 100,000 deep overflows the stack just as JSON.stringify does, so neither may be the fallback.
 */
function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeDescription(value);
  } catch (error) {
    const why = error instanceof Error ? error.message : "not serialisable";
    return `${typeDescription(value)} (${why})`;
  }
}

function typeDescription(value: unknown): string {
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value);
  return String(value);
}
