import type { RequestParameter } from "../parameters/extractParameters.js";
import { parameterKeyOf, redactedValueOf } from "../parameters/extractParameters.js";
import type { RequestRecord } from "../records/requestRecord.js";
import { DistinctSketch } from "../sketches/distinctSketch.js";
import { hashText } from "../sketches/hashText.js";

/** One client's reach in a window: the distinct endpoints it called, and how many calls 404ed. */
export interface ClientReach {
  endpoints: DistinctSketch;
  requests: number;
  notFound: number;
}

/** A parameter value as evidence may show it: redacted, with its keyed hash to order by. */
export interface ValueSample {
  valueHash: string;
  /** `integer, 5 chars, #1f0c9a2b` (see `redactedValueOf`); never the clear value by default. */
  redacted: string;
}

/** The distinct values one parameter of one endpoint received in a window. */
export interface ValueSpread {
  values: DistinctSketch;
  requests: number;
  /** Requests answered with a 4xx status: guesses that missed. */
  failed: number;
  /** The `SAMPLES_PER_SPREAD` values with the smallest hashes, so merges agree. */
  samples: ValueSample[];
}

/** `ValueSpread` over all clients, with the distinct clients that sent the parameter. */
export interface EndpointValueSpread extends ValueSpread {
  clients: DistinctSketch;
}

/**
 * Distinct counts of one window, mergeable like the rest of the aggregate: distinct endpoints
 * per client, and distinct parameter values per client × endpoint × parameter and per endpoint ×
 * parameter. Parameter values arrive as keyed hashes and never appear in clear.
 */
export interface DistinctAggregate {
  /** Key: client. */
  clients: Map<string, ClientReach>;
  /** Key: `client␟endpoint␟parameter`, the parameter as `parameterKeyOf` names it. */
  clientValues: Map<string, ValueSpread>;
  /** Key: `endpoint␟parameter`. */
  endpointValues: Map<string, EndpointValueSpread>;
}

export const SAMPLES_PER_SPREAD = 3;
const SEPARATOR = "\u001f";

export function emptyDistinct(): DistinctAggregate {
  return { clients: new Map(), clientValues: new Map(), endpointValues: new Map() };
}

export function clientValueKeyOf(clientIp: string, endpoint: string, parameter: string): string {
  return `${clientIp}${SEPARATOR}${endpoint}${SEPARATOR}${parameter}`;
}

export function endpointValueKeyOf(endpoint: string, parameter: string): string {
  return `${endpoint}${SEPARATOR}${parameter}`;
}

export function splitClientValueKey(key: string): {
  clientIp: string;
  endpoint: string;
  parameter: string;
} {
  const first = key.indexOf(SEPARATOR);
  const last = key.lastIndexOf(SEPARATOR);
  return {
    clientIp: key.slice(0, first),
    endpoint: key.slice(first + 1, last),
    parameter: key.slice(last + 1),
  };
}

export function splitEndpointValueKey(key: string): { endpoint: string; parameter: string } {
  const cut = key.lastIndexOf(SEPARATOR);
  return { endpoint: key.slice(0, cut), parameter: key.slice(cut + 1) };
}

/** Folds one request, and its extracted parameters, into the distinct counts. */
export function addToDistinct(
  distinct: DistinctAggregate,
  record: RequestRecord,
  parameters: readonly RequestParameter[],
): void {
  const reach = reachOf(distinct.clients, record.clientIp);
  reach.endpoints.addText(record.endpoint);
  reach.requests += 1;
  if (record.statusCode === 404) reach.notFound += 1;

  if (parameters.length === 0) return;
  const failed = record.statusCode >= 400 && record.statusCode < 500 ? 1 : 0;
  const clientHash = hashText(record.clientIp);
  // A parameter repeated in one request (`a=1&a=2`) is one request but two values.
  const seen = new Set<string>();
  for (const parameter of parameters) {
    const name = parameterKeyOf(parameter);
    const firstInRequest = !seen.has(name);
    seen.add(name);
    const clientKey = clientValueKeyOf(record.clientIp, record.endpoint, name);
    noteValue(clientSpreadOf(distinct.clientValues, clientKey), parameter, firstInRequest, failed);
    const endpointSpread = endpointSpreadOf(
      distinct.endpointValues,
      endpointValueKeyOf(record.endpoint, name),
    );
    noteValue(endpointSpread, parameter, firstInRequest, failed);
    endpointSpread.clients.addHash(clientHash);
  }
}

/** Adds `from` into `into`; commutative, associative and idempotent on the sketches. */
export function mergeDistinct(into: DistinctAggregate, from: DistinctAggregate): void {
  for (const [key, reach] of from.clients) {
    const known = reachOf(into.clients, key);
    known.endpoints.merge(reach.endpoints);
    known.requests += reach.requests;
    known.notFound += reach.notFound;
  }
  for (const [key, spread] of from.clientValues) {
    mergeSpread(clientSpreadOf(into.clientValues, key), spread);
  }
  for (const [key, spread] of from.endpointValues) {
    const known = endpointSpreadOf(into.endpointValues, key);
    mergeSpread(known, spread);
    known.clients.merge(spread.clients);
  }
}

/** The parameter's keyed hash (hex) read as a 52-bit integer: it is uniform already. */
export function hashOfValue(valueHash: string): number {
  return Number.parseInt(valueHash.slice(0, 13), 16);
}

function noteValue(
  spread: ValueSpread,
  parameter: RequestParameter,
  firstInRequest: boolean,
  failed: number,
): void {
  spread.values.addHash(hashOfValue(parameter.valueHash));
  if (firstInRequest) {
    spread.requests += 1;
    spread.failed += failed;
  }
  // The redacted text is built only for a value that will be kept: most are not.
  if (wouldKeep(spread.samples, parameter.valueHash)) {
    spread.samples = withSample(spread.samples, {
      valueHash: parameter.valueHash,
      redacted: redactedValueOf(parameter),
    });
  }
}

function wouldKeep(samples: readonly ValueSample[], valueHash: string): boolean {
  if (samples.length < SAMPLES_PER_SPREAD) return true;
  return valueHash < samples[samples.length - 1]!.valueHash;
}

function mergeSpread(into: ValueSpread, from: ValueSpread): void {
  into.values.merge(from.values);
  into.requests += from.requests;
  into.failed += from.failed;
  for (const sample of from.samples) into.samples = withSample(into.samples, sample);
}

/**
 * The samples with `sample` added, in hash order, cut to `SAMPLES_PER_SPREAD`: a new array of
 * exactly that length. A push would make room for 17 items, and a merged window holds a spread
 * per client, endpoint and parameter, most with one sample.
 */
function withSample(samples: ValueSample[], sample: ValueSample): ValueSample[] {
  if (samples.some((kept) => kept.valueHash === sample.valueHash)) return samples;
  const kept = samples.concat(sample).sort(byValueHash);
  return kept.length > SAMPLES_PER_SPREAD ? kept.slice(0, SAMPLES_PER_SPREAD) : kept;
}

function byValueHash(a: ValueSample, b: ValueSample): number {
  return a.valueHash < b.valueHash ? -1 : a.valueHash > b.valueHash ? 1 : 0;
}

function reachOf(map: Map<string, ClientReach>, key: string): ClientReach {
  let reach = map.get(key);
  if (!reach) {
    reach = { endpoints: new DistinctSketch(), requests: 0, notFound: 0 };
    map.set(key, reach);
  }
  return reach;
}

function clientSpreadOf(map: Map<string, ValueSpread>, key: string): ValueSpread {
  let spread = map.get(key);
  if (!spread) {
    spread = { values: new DistinctSketch(), requests: 0, failed: 0, samples: [] };
    map.set(key, spread);
  }
  return spread;
}

function endpointSpreadOf(map: Map<string, EndpointValueSpread>, key: string): EndpointValueSpread {
  let spread = map.get(key);
  if (!spread) {
    spread = {
      values: new DistinctSketch(),
      clients: new DistinctSketch(),
      requests: 0,
      failed: 0,
      samples: [],
    };
    map.set(key, spread);
  }
  return spread;
}

type EncodedReach = [key: string, endpoints: string, requests: number, notFound: number];
type EncodedSpread = [
  key: string,
  values: string,
  requests: number,
  failed: number,
  samples: ValueSample[],
];
type EncodedEndpointSpread = [...EncodedSpread, clients: string];

/**
 * The form the aggregate codec stores, as three top-level lists so the codec writes one line per
 * entry; sketches as `DistinctSketch.encode()` strings.
 */
export interface EncodedDistinct {
  distinctClients: EncodedReach[];
  distinctClientValues: EncodedSpread[];
  distinctEndpointValues: EncodedEndpointSpread[];
}

export function encodeDistinct(distinct: DistinctAggregate): EncodedDistinct {
  return {
    distinctClients: [...distinct.clients].map(([key, reach]) => [
      key,
      reach.endpoints.encode(),
      reach.requests,
      reach.notFound,
    ]),
    distinctClientValues: [...distinct.clientValues].map(([key, spread]) =>
      encodeSpread(key, spread),
    ),
    distinctEndpointValues: [...distinct.endpointValues].map(([key, spread]) => [
      ...encodeSpread(key, spread),
      spread.clients.encode(),
    ]),
  };
}

export function decodeDistinct(encoded: EncodedDistinct): DistinctAggregate {
  for (const field of ["distinctClients", "distinctClientValues", "distinctEndpointValues"]) {
    if (!Array.isArray(encoded[field as keyof EncodedDistinct])) {
      throw new Error(
        `partial aggregate: expected a list ${field}, got ${typeof encoded[field as keyof EncodedDistinct]}`,
      );
    }
  }
  return {
    clients: new Map(
      encoded.distinctClients.map(([key, endpoints, requests, notFound]) => [
        key,
        {
          endpoints: DistinctSketch.decode(endpoints, `distinct endpoints of client ${key}`),
          requests,
          notFound,
        },
      ]),
    ),
    clientValues: new Map(
      encoded.distinctClientValues.map((entry) => [entry[0], decodeSpread(entry)]),
    ),
    endpointValues: new Map(
      encoded.distinctEndpointValues.map((entry) => [
        entry[0],
        {
          ...decodeSpread(entry),
          clients: DistinctSketch.decode(entry[5], `distinct clients of ${entry[0]}`),
        },
      ]),
    ),
  };
}

function encodeSpread(key: string, spread: ValueSpread): EncodedSpread {
  return [key, spread.values.encode(), spread.requests, spread.failed, spread.samples];
}

function decodeSpread([key, values, requests, failed, samples]:
  EncodedSpread | EncodedEndpointSpread): ValueSpread {
  return {
    values: DistinctSketch.decode(values, `distinct values of ${key}`),
    requests,
    failed,
    samples,
  };
}
