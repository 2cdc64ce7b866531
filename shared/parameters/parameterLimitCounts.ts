import type { ParameterLimitsHit } from "./extractParameters.js";

/**
 * Records that reached a limit of `parameterLimits.ts`, by limit: a record counts once per limit
 * however many of its parameters reached it, and once in `records` whatever it reached. What is
 * past a limit is not examined, so a parameter an attacker pushes past it escapes the parameter
 * detections: these counts are how the operator sees that it happened.
 */
export interface ParameterLimitCounts {
  /** Records that reached at least one of the limits below. */
  records: number;
  /** Records with parameters past `MAX_PARAMETERS_PER_REQUEST`, dropped. */
  parametersPerRequest: number;
  /** Records with a name longer than `MAX_NAME_CHARS`, cut. */
  nameChars: number;
  /** Records with a value longer than `MAX_VALUE_CHARS_EXAMINED`, hashed by its examined head. */
  valueChars: number;
  /** Records whose query string or body was longer than `MAX_SOURCE_CHARS_READ`, cut. */
  sourceChars: number;
}

type LimitKind = Exclude<keyof ParameterLimitCounts, "records">;

interface LimitDescription {
  kind: LimitKind;
  /** The log field that carries the kind's count. */
  field: string;
  /** How the replay summary names the limit. */
  label: string;
  reached: (hit: ParameterLimitsHit) => boolean;
}

/** In the order the summary lists them. */
const LIMITS: readonly LimitDescription[] = [
  {
    kind: "parametersPerRequest",
    field: "parametersPerRequestHit",
    label: "parameters per request",
    reached: (hit) => hit.droppedParameters > 0,
  },
  {
    kind: "nameChars",
    field: "parameterNameCharsHit",
    label: "name length",
    reached: (hit) => hit.cutNames > 0,
  },
  {
    kind: "valueChars",
    field: "parameterValueCharsHit",
    label: "value length examined",
    reached: (hit) => hit.cutValues > 0,
  },
  {
    kind: "sourceChars",
    field: "parameterSourceCharsHit",
    label: "query or body length read",
    reached: (hit) => hit.cutSources > 0,
  },
];

export function noParameterLimitsHit(): ParameterLimitCounts {
  return { records: 0, parametersPerRequest: 0, nameChars: 0, valueChars: 0, sourceChars: 0 };
}

/** Counts one record's extraction into `counts`; a record under every limit changes nothing. */
export function countParameterLimitsHit(
  counts: ParameterLimitCounts,
  hit: ParameterLimitsHit,
): void {
  let reachedAny = false;
  for (const limit of LIMITS) {
    if (!limit.reached(hit)) continue;
    counts[limit.kind] += 1;
    reachedAny = true;
  }
  if (reachedAny) counts.records += 1;
}

/** Adds `more` into `counts`: the two must count different records (other batches, windows). */
export function addParameterLimitCounts(
  counts: ParameterLimitCounts,
  more: Readonly<ParameterLimitCounts>,
): void {
  counts.records += more.records;
  for (const limit of LIMITS) counts[limit.kind] += more[limit.kind];
}

/**
 * The counts as log fields: `parameterLimitsHit` (records) and one field per limit, or no field
 * at all when no record reached a limit. Counts only, so they are safe to log.
 */
export function parameterLimitFieldsOf(
  counts: Readonly<ParameterLimitCounts>,
): Record<string, number> {
  if (counts.records === 0) return {};
  const fields: Record<string, number> = { parameterLimitsHit: counts.records };
  for (const limit of LIMITS) fields[limit.field] = counts[limit.kind];
  return fields;
}

/** `parameters per request: 3, name length: 1`: the limits that were reached, with their records. */
export function describeParameterLimitsHit(counts: Readonly<ParameterLimitCounts>): string {
  return LIMITS.filter((limit) => counts[limit.kind] > 0)
    .map((limit) => `${limit.label}: ${counts[limit.kind]}`)
    .join(", ");
}
