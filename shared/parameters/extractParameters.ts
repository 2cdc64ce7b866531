import type { RequestRecord } from "../records/requestRecord.js";
import { bodyParameters } from "./bodyParameters.js";
import {
  MAX_NAME_CHARS,
  MAX_PARAMETERS_PER_REQUEST,
  MAX_SOURCE_CHARS_READ,
  MAX_VALUE_CHARS_EXAMINED,
} from "./parameterLimits.js";
import { createValueHasher, DEVELOPMENT_HASH_KEY, type ValueHasher } from "./parameterHasher.js";
import { pathParameters } from "./pathParameters.js";
import { formParameters } from "./queryParameters.js";
import type { ParameterLocation, RawParameter } from "./rawParameter.js";
import { valueTypeOf, type ValueType } from "./valueType.js";

/** One parameter of one request, as everything after ingest sees it: the value only hashed. */
export interface RequestParameter {
  /** Normalised name: lower-cased query/form/JSON name, or `{path:N}` for the Nth path segment. */
  name: string;
  location: ParameterLocation;
  /** Keyed hash of the value's examined prefix; see `createValueHasher`. */
  valueHash: string;
  valueType: ValueType;
  /** Length of the decoded value in UTF-16 code units, counted before the examination cut. */
  valueLength: number;
  /** The value in clear, cut to `MAX_VALUE_CHARS_EXAMINED`: present only with `showValues`. */
  clearValue?: string;
  /** Set when the value is an epoch time (seconds or milliseconds) within a week of the request:
   * what cache busters such as `_=1714644931123` carry. */
  timestampLike?: true;
}

/** How often one request reached a limit of `parameterLimits.ts`: 0 when it did not. */
export interface ParameterLimitsHit {
  /** Parameters beyond `MAX_PARAMETERS_PER_REQUEST`, dropped. */
  droppedParameters: number;
  /** Values longer than `MAX_VALUE_CHARS_EXAMINED`, cut before classifying and hashing. */
  cutValues: number;
  /** Names longer than `MAX_NAME_CHARS`, cut. */
  cutNames: number;
  /** 1 when the query string or body was longer than `MAX_SOURCE_CHARS_READ` and cut. */
  cutSources: number;
}

export interface ExtractedParameters {
  parameters: RequestParameter[];
  limitsHit: ParameterLimitsHit;
}

/** Reads one record's parameters; see `createParameterExtractor`. */
export type ParameterExtractor = (record: RequestRecord) => ExtractedParameters;

export interface ParameterExtractionOptions {
  /** HMAC key for values; null falls back to the public `DEVELOPMENT_HASH_KEY`. */
  hashKey: string | null;
  /** Keep clear values in `clearValue`, for debugging only: they then reach partials and alerts. */
  showValues: boolean;
}

/**
 * Builds the extractor the ingest runs once per record: query parameters first, then id-like path
 * segments, then top-level body fields, at most `MAX_PARAMETERS_PER_REQUEST` in all. Never throws
 * on malformed input: bad escapes stay as written, a cut JSON body keeps its complete fields.
 */
export function createParameterExtractor(options: ParameterExtractionOptions): ParameterExtractor {
  const hash = createValueHasher(options.hashKey ?? DEVELOPMENT_HASH_KEY);
  return (record) => extractWith(record, hash, options.showValues);
}

function extractWith(
  record: RequestRecord,
  hash: ValueHasher,
  showValues: boolean,
): ExtractedParameters {
  const limitsHit: ParameterLimitsHit = {
    droppedParameters: 0,
    cutValues: 0,
    cutNames: 0,
    cutSources: 0,
  };
  const raw = rawParametersOf(record, limitsHit);
  const parameters = raw.map((parameter) => {
    const finished = finish(parameter, hash, showValues, limitsHit);
    if (finished.valueType === "integer" && isNearEpoch(parameter.value, record.timeMs)) {
      finished.timestampLike = true;
    }
    return finished;
  });
  return { parameters, limitsHit };
}

function rawParametersOf(record: RequestRecord, limitsHit: ParameterLimitsHit): RawParameter[] {
  const query = formParameters(cut(record.query, limitsHit), "query", MAX_PARAMETERS_PER_REQUEST);
  limitsHit.droppedParameters += query.droppedPairs;
  const raw = query.parameters;

  const pathRoom = MAX_PARAMETERS_PER_REQUEST - raw.length;
  const path = pathParameters(record.path, MAX_PARAMETERS_PER_REQUEST);
  raw.push(...path.slice(0, pathRoom));
  limitsHit.droppedParameters += Math.max(0, path.length - pathRoom);

  if (record.requestBody !== "") {
    const bodyRoom = MAX_PARAMETERS_PER_REQUEST - raw.length;
    const body = bodyParameters(cut(record.requestBody, limitsHit), MAX_PARAMETERS_PER_REQUEST);
    raw.push(...body.parameters.slice(0, bodyRoom));
    limitsHit.droppedParameters +=
      body.droppedFields + Math.max(0, body.parameters.length - bodyRoom);
  }
  return raw;
}

function cut(text: string, limitsHit: ParameterLimitsHit): string {
  if (text.length <= MAX_SOURCE_CHARS_READ) return text;
  limitsHit.cutSources += 1;
  return text.slice(0, MAX_SOURCE_CHARS_READ);
}

function finish(
  parameter: RawParameter,
  hash: ValueHasher,
  showValues: boolean,
  limitsHit: ParameterLimitsHit,
): RequestParameter {
  let name = parameter.name;
  if (name.length > MAX_NAME_CHARS) {
    name = name.slice(0, MAX_NAME_CHARS);
    limitsHit.cutNames += 1;
  }
  let examined = parameter.value;
  if (examined.length > MAX_VALUE_CHARS_EXAMINED) {
    examined = examined.slice(0, MAX_VALUE_CHARS_EXAMINED);
    limitsHit.cutValues += 1;
  }
  const finished: RequestParameter = {
    name,
    location: parameter.location,
    valueHash: hash(examined),
    valueType: typeOfExamined(examined, parameter.value),
    valueLength: parameter.value.length,
  };
  if (showValues) finished.clearValue = examined;
  return finished;
}

/**
 * Characters before the cut that the rest of a long value is classified with: enough for a
 * syntax sequence that straddles the cut, and for base64 or hex to be recognised as such.
 */
const REST_OVERLAP_CHARS = 64;

/**
 * The type of a value's examined head, except that a cut value whose unexamined rest classifies
 * as syntax is syntax: a payload padded past the first 1,024 characters is still seen. The rest
 * is already bounded by `MAX_SOURCE_CHARS_READ`, and classification is linear.
 */
function typeOfExamined(examined: string, whole: string): ValueType {
  const type = valueTypeOf(examined);
  if (examined.length === whole.length || type === "syntax") return type;
  const rest = whole.slice(examined.length - REST_OVERLAP_CHARS);
  return valueTypeOf(rest) === "syntax" ? "syntax" : type;
}

const TIMESTAMP_TOLERANCE_MS = 7 * 24 * 3_600_000;

/** An integer value of 10 digits (epoch seconds) or 13 (milliseconds) near the request time. */
function isNearEpoch(value: string, timeMs: number): boolean {
  if (value.length !== 10 && value.length !== 13) return false;
  const epochMs = value.length === 10 ? Number(value) * 1000 : Number(value);
  return Math.abs(epochMs - timeMs) <= TIMESTAMP_TOLERANCE_MS;
}

/** `query:page`, `path:{path:2}`, `body:email`: one parameter's identity on an endpoint. */
export function parameterKeyOf(parameter: Pick<RequestParameter, "name" | "location">): string {
  return `${parameter.location}:${parameter.name}`;
}

/** The inverse of `parameterKeyOf`. */
export function splitParameterKey(key: string): { location: ParameterLocation; name: string } {
  const colon = key.indexOf(":");
  return { location: key.slice(0, colon) as ParameterLocation, name: key.slice(colon + 1) };
}

/**
 * How evidence shows a value: `integer, 3 chars, #1f0c9a2b`, or the clear value in quotes after
 * it when clear values are on. Never the value itself otherwise.
 */
export function redactedValueOf(
  parameter: Pick<RequestParameter, "valueType" | "valueLength" | "valueHash" | "clearValue">,
): string {
  const redacted = `${parameter.valueType}, ${parameter.valueLength} chars, #${parameter.valueHash.slice(0, 8)}`;
  return parameter.clearValue === undefined
    ? redacted
    : `${redacted}, ${JSON.stringify(parameter.clearValue.slice(0, 200))}`;
}
