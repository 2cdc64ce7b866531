import type { EvidenceRequest } from "../alerts/alert.js";
import { toEvidenceRequest } from "../alerts/evidenceRequest.js";
import {
  parameterKeyOf,
  redactedValueOf,
  type RequestParameter,
} from "../parameters/extractParameters.js";
import type { ValueType } from "../parameters/valueType.js";
import type { RequestRecord } from "../records/requestRecord.js";
import { compareSamples } from "./sampleReservoir.js";

/**
 * Distinct parameter names kept per endpoint and window. A scanner that invents names could
 * otherwise grow one window without bound; past the cap the largest names are dropped and the
 * endpoint is marked `namesCapped`, which the unseen-parameter detector reads as churn.
 */
export const MAX_NAMES_PER_ENDPOINT = 256;

/** Distinct clients kept per endpoint × parameter; beyond it `more` is set. */
export const MAX_CLIENTS_PER_PARAMETER = 16;

/**
 * Distinct clients kept per endpoint × parameter × value type: enough to tell a rollout (many
 * clients start sending a new type together) from one attacker, as `learnFromClients` does.
 */
export const MAX_CLIENTS_PER_TYPE = 8;

/** The smallest few client addresses of a set, and whether there were more: merges exactly. */
export interface CappedClients {
  ips: string[];
  more: boolean;
}

/** A value as evidence shows it (redacted), with the request that carried it. */
export interface ParameterSample {
  value: string;
  request: EvidenceRequest;
}

/** The values of one type that one parameter received in a window. */
export interface ValueTypeStats {
  values: number;
  clients: CappedClients;
  /** The earliest such value, so merges agree. */
  sample: ParameterSample;
}

/** One parameter of one endpoint in one window. */
export interface ParameterStats {
  /** Requests that carried it (a repeated name counts once). */
  requests: number;
  /** Values that were epoch timestamps near the request time (cache busters). */
  timestampValues: number;
  clients: CappedClients;
  types: Partial<Record<ValueType, ValueTypeStats>>;
}

/** The parameters one endpoint received in a window, keyed by `parameterKeyOf`. */
export interface EndpointParameters {
  parameters: Map<string, ParameterStats>;
  /** More than `MAX_NAMES_PER_ENDPOINT` distinct names came; the largest were dropped. */
  namesCapped: boolean;
}

/** Per endpoint, its parameters in the window. Merging partials in any order gives one result. */
export type ParameterAggregate = Map<string, EndpointParameters>;

export function emptyParameters(): ParameterAggregate {
  return new Map();
}

/** Folds one record's extracted parameters (values already hashed) into the aggregate. */
export function addParameters(
  aggregate: ParameterAggregate,
  record: RequestRecord,
  parameters: readonly RequestParameter[],
): void {
  if (parameters.length === 0) return;
  const endpoint = endpointOf(aggregate, record.endpoint);
  const request = toEvidenceRequest(record);
  const seen = new Map<string, ParameterStats>();
  for (const parameter of parameters) {
    const key = parameterKeyOf(parameter);
    const counted = seen.get(key);
    const stats: ParameterStats = counted ?? {
      requests: 1,
      timestampValues: 0,
      clients: { ips: [record.clientIp], more: false },
      types: {},
    };
    if (parameter.timestampLike) stats.timestampValues += 1;
    addType(stats.types, parameter.valueType, {
      values: 1,
      clients: { ips: [record.clientIp], more: false },
      sample: { value: redactedValueOf(parameter), request },
    });
    seen.set(key, stats);
  }
  for (const [key, stats] of seen) addStats(endpoint, key, stats);
}

/** Adds `from` into `into`; commutative and associative, with the name cap applied exactly. */
export function mergeParameters(into: ParameterAggregate, from: ParameterAggregate): void {
  for (const [endpointKey, fromEndpoint] of from) {
    const endpoint = endpointOf(into, endpointKey);
    endpoint.namesCapped ||= fromEndpoint.namesCapped;
    for (const [key, stats] of fromEndpoint.parameters) addStats(endpoint, key, copyStats(stats));
  }
}

/** `[endpoint, {parameters: [key, stats][], namesCapped}][]`: JSON-ready, for the codec. */
export type EncodedParameters = [
  string,
  { parameters: [string, ParameterStats][]; namesCapped: boolean },
][];

export function encodeParameters(aggregate: ParameterAggregate): EncodedParameters {
  return [...aggregate].map(([endpoint, { parameters, namesCapped }]) => [
    endpoint,
    { parameters: [...parameters], namesCapped },
  ]);
}

export function decodeParameters(encoded: EncodedParameters): ParameterAggregate {
  return new Map(
    encoded.map(([endpoint, { parameters, namesCapped }]) => [
      endpoint,
      { parameters: new Map(parameters), namesCapped },
    ]),
  );
}

function endpointOf(aggregate: ParameterAggregate, endpointKey: string): EndpointParameters {
  let endpoint = aggregate.get(endpointKey);
  if (!endpoint) {
    endpoint = { parameters: new Map(), namesCapped: false };
    aggregate.set(endpointKey, endpoint);
  }
  return endpoint;
}

function addStats(endpoint: EndpointParameters, key: string, stats: ParameterStats): void {
  const known = endpoint.parameters.get(key);
  if (known) {
    known.requests += stats.requests;
    known.timestampValues += stats.timestampValues;
    mergeClients(known.clients, stats.clients, MAX_CLIENTS_PER_PARAMETER);
    for (const [type, typeStats] of typeEntries(stats.types)) addType(known.types, type, typeStats);
    return;
  }
  if (!makeRoom(endpoint, key)) return;
  endpoint.parameters.set(key, stats);
}

/**
 * Keeps the `MAX_NAMES_PER_ENDPOINT` smallest keys: the same set whatever the order of adds and
 * merges, so the cap does not break exact merging. False when `key` itself is the one dropped.
 */
function makeRoom(endpoint: EndpointParameters, key: string): boolean {
  if (endpoint.parameters.size < MAX_NAMES_PER_ENDPOINT) return true;
  endpoint.namesCapped = true;
  let largest = key;
  for (const known of endpoint.parameters.keys()) if (known > largest) largest = known;
  if (largest === key) return false;
  endpoint.parameters.delete(largest);
  return true;
}

function addType(
  types: Partial<Record<ValueType, ValueTypeStats>>,
  type: ValueType,
  stats: ValueTypeStats,
): void {
  const known = types[type];
  if (!known) {
    types[type] = { ...stats, clients: { ips: [...stats.clients.ips], more: stats.clients.more } };
    return;
  }
  known.values += stats.values;
  mergeClients(known.clients, stats.clients, MAX_CLIENTS_PER_TYPE);
  if (compareParameterSamples(stats.sample, known.sample) < 0) known.sample = stats.sample;
}

function compareParameterSamples(a: ParameterSample, b: ParameterSample): number {
  const byRequest = compareSamples(a.request, b.request);
  if (byRequest !== 0) return byRequest;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Union of two capped sets, cut to the `cap` smallest addresses. */
function mergeClients(into: CappedClients, from: CappedClients, cap: number): void {
  const union = [...new Set([...into.ips, ...from.ips])].sort();
  into.more ||= from.more || union.length > cap;
  into.ips = union.slice(0, cap);
}

function copyStats(stats: ParameterStats): ParameterStats {
  const types: Partial<Record<ValueType, ValueTypeStats>> = {};
  for (const [type, typeStats] of typeEntries(stats.types)) {
    types[type] = {
      ...typeStats,
      clients: { ...typeStats.clients, ips: [...typeStats.clients.ips] },
    };
  }
  return { ...stats, clients: { ...stats.clients, ips: [...stats.clients.ips] }, types };
}

/** The value types a parameter received, with their stats. */
export function typeEntries(
  types: Partial<Record<ValueType, ValueTypeStats>>,
): [ValueType, ValueTypeStats][] {
  return Object.entries(types) as [ValueType, ValueTypeStats][];
}
