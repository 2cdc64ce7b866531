import { quoteValue } from "../parsing/recordRejection.js";
import { parseIsoTimeMs } from "../parsing/timestamp.js";
import { IpPrefixError } from "./ipPrefix.js";
import { emptyParsedFeed, FeedLineError, type ParsedFeed, readFeedLine } from "./parsedFeed.js";
import { readStixIpPattern } from "./stixIpPattern.js";
import { createThreatEntry, type ThreatEntry, type ThreatEntryFields } from "./threatEntry.js";

type StixObject = Record<string, unknown>;

/** What every entry of one indicator shares. */
type IndicatorFields = Omit<ThreatEntryFields, "listedAs">;

/**
 * Reads the IP indicators of a STIX 2.1 bundle (or a TAXII envelope: any object with an
 * `objects` array). Each address an indicator's pattern names becomes an entry valid from
 * `valid_from` until `valid_until`, with `name` as its detail and `confidence` as its score.
 * Revoked indicators, other pattern languages and non-IP patterns are rejected; objects that are
 * not indicators are passed over. When an id appears in several versions, the latest `modified`
 * wins. Line numbers point at the first mention of the indicator's id in the text.
 */
export function parseStixBundle(text: string, feedName: string): ParsedFeed {
  const parsed = emptyParsedFeed();
  const lines = new LineIndex(text);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parsed.rejections.push({
      line: lines.lineOfJsonError(message),
      reason: `not valid JSON: ${message}`,
    });
    return parsed;
  }

  const objects = objectsOf(document);
  if (objects === null) {
    parsed.rejections.push({
      line: 1,
      reason: "expected a STIX bundle: a JSON object with an objects array",
    });
    return parsed;
  }

  for (const indicator of latestIndicators(objects)) {
    const line = lines.lineOf(JSON.stringify(indicatorId(indicator)));
    readIndicator(parsed, indicator, feedName, line);
  }
  return parsed;
}

function objectsOf(document: unknown): StixObject[] | null {
  if (!isObject(document) || !Array.isArray(document.objects)) return null;
  return document.objects.filter(isObject);
}

function latestIndicators(objects: StixObject[]): StixObject[] {
  const latest = new Map<string, StixObject>();
  objects.forEach((object, index) => {
    if (object.type !== "indicator") return;
    const key = typeof object.id === "string" ? object.id : `#${index}`;
    const kept = latest.get(key);
    if (kept === undefined || modifiedMs(object) >= modifiedMs(kept)) latest.set(key, object);
  });
  return [...latest.values()];
}

function modifiedMs(object: StixObject): number {
  const modified =
    typeof object.modified === "string" ? parseIsoTimeMs(object.modified) : undefined;
  return modified ?? Number.NEGATIVE_INFINITY;
}

function readIndicator(
  into: ParsedFeed,
  indicator: StixObject,
  feedName: string,
  line: number,
): void {
  const id = indicatorId(indicator);
  let candidates: ThreatEntryFields[] = [];
  readFeedLine(into, line, () => {
    const shared = sharedFields(indicator, id);
    candidates = addressesOf(indicator, id).map((listedAs) => ({ listedAs, ...shared }));
    return null;
  });

  for (const fields of candidates) {
    readFeedLine(into, line, () => entryOf(feedName, line, id, fields));
  }
}

function sharedFields(indicator: StixObject, id: string): IndicatorFields {
  if (indicator.revoked === true) throw new FeedLineError(`${id} is revoked`);

  const fields: IndicatorFields = {};
  const validFromMs = timeField(indicator, "valid_from", id);
  const validUntilMs = timeField(indicator, "valid_until", id);
  if (validFromMs !== undefined && validUntilMs !== undefined && validUntilMs <= validFromMs) {
    throw new FeedLineError(`${id} has valid_until before or at valid_from`);
  }
  if (validFromMs !== undefined) fields.validFromMs = validFromMs;
  if (validUntilMs !== undefined) fields.validUntilMs = validUntilMs;
  if (typeof indicator.name === "string" && indicator.name !== "") fields.detail = indicator.name;
  if (typeof indicator.confidence === "number") fields.score = indicator.confidence;
  return fields;
}

function addressesOf(indicator: StixObject, id: string): string[] {
  if (indicator.pattern_type !== "stix") {
    throw new FeedLineError(
      `${id} has pattern_type ${quoteValue(indicator.pattern_type)}; expected "stix"`,
    );
  }
  if (typeof indicator.pattern !== "string") {
    throw new FeedLineError(`${id} has no pattern string`);
  }

  const pattern = readStixIpPattern(indicator.pattern);
  if (pattern.kind === "rejected") throw new FeedLineError(`${id}: ${pattern.reason}`);
  return pattern.addresses;
}

function entryOf(
  feedName: string,
  line: number,
  id: string,
  fields: ThreatEntryFields,
): ThreatEntry {
  try {
    return createThreatEntry(feedName, line, fields);
  } catch (error) {
    if (!(error instanceof IpPrefixError)) throw error;
    throw new FeedLineError(`${id}: ${error.message}`);
  }
}

function timeField(indicator: StixObject, field: string, id: string): number | undefined {
  const value = indicator[field];
  if (value === undefined) return undefined;
  const timeMs = typeof value === "string" ? parseIsoTimeMs(value) : undefined;
  if (timeMs === undefined) {
    throw new FeedLineError(`${id} has ${field} ${quoteValue(value)}; expected an RFC 3339 time`);
  }
  return timeMs;
}

function indicatorId(indicator: StixObject): string {
  return typeof indicator.id === "string" ? indicator.id : "indicator without an id";
}

function isObject(value: unknown): value is StixObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns offsets in a text into 1-based line numbers. */
class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let offset = text.indexOf("\n"); offset !== -1; offset = text.indexOf("\n", offset + 1)) {
      this.lineStarts.push(offset + 1);
    }
  }

  /** The line of the first occurrence of `needle`, or 1 when it does not occur. */
  lineOf(needle: string): number {
    const offset = this.text.indexOf(needle);
    return offset === -1 ? 1 : this.lineAt(offset);
  }

  /** The line a `JSON.parse` message points at with "position N", or 1 without one. */
  lineOfJsonError(message: string): number {
    const position = /position (\d+)/.exec(message)?.[1];
    return position === undefined ? 1 : this.lineAt(Number(position));
  }

  private lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}
