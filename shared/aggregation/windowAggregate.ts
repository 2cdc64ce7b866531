import type { EvidenceRequest } from "../alerts/alert.js";
import type { DetectionId } from "../alerts/alertCatalog.js";
import { toEvidenceRequest } from "../alerts/evidenceRequest.js";
import type { RequestRecord } from "../records/requestRecord.js";
import type { RequestParameter } from "../parameters/extractParameters.js";
import { redactSecrets } from "../detectors/userAgent/redactSecrets.js";
import { compareSamples, keepSample, mergeSamples, SAMPLES_PER_KEY } from "./sampleReservoir.js";
import {
  addParameters,
  emptyParameters,
  mergeParameters,
  type ParameterAggregate,
} from "./parameterAggregate.js";
import {
  addToDistinct,
  emptyDistinct,
  mergeDistinct,
  type DistinctAggregate,
} from "./distinctAggregate.js";

/** What an endpoint key stands for, so alerts can name the API, operation and route. */
export interface EndpointInfo {
  apiId: string;
  operationId: string;
  method: string;
  /** A sample path of the endpoint; the smallest one seen, so merges agree. */
  samplePath: string;
  resourceId: string;
}

/** Request counts and sizes for one key in one window. */
export interface TrafficStats {
  requests: number;
  requestBytesTotal: number;
  responseBytesTotal: number;
  latencyMsTotal: number;
}

/**
 * One client's requests to one endpoint with one status code in one window: the count, the
 * largest sizes and latency, and the request that showed each extreme, as evidence.
 */
export interface ClientStats {
  requests: number;
  responseBytesMax: number;
  requestBytesMax: number;
  latencyMsMax: number;
  responseBytesTotal: number;
  requestBytesTotal: number;
  latencyMsTotal: number;
  /** The requests with the largest response, request and latency (often the same one). */
  extremes: { response: EvidenceRequest; request: EvidenceRequest; latency: EvidenceRequest };
}

/** A per-request finding that needs no baseline (attack user agent, listed address). */
export interface IndicatorFinding {
  detectionId: DetectionId;
  /** Kind of match within the detection, e.g. `log4shell` or a feed name. */
  category: string;
  /** What matched, already redacted: a UA fragment, a feed entry. */
  indicator: string;
}

/** Findings folded per client, endpoint, detection and indicator: one line per incident. */
export interface IndicatorHit extends IndicatorFinding {
  clientIp: string;
  endpoint: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  samples: EvidenceRequest[];
}

/**
 * Everything the detectors need from one 20-minute window, in a form that merges exactly:
 * merging partials from any split of the records gives the aggregate of all of them.
 */
export interface WindowAggregate {
  windowIndex: number;
  records: number;
  endpoints: Map<string, EndpointInfo>;
  /** All clients to one endpoint with one status code; key `endpoint␟status`. */
  population: Map<string, TrafficStats>;
  /** Sample requests per population key. */
  samples: Map<string, EvidenceRequest[]>;
  /** Key `detection␟client␟endpoint␟category␟indicator` (the indicator lower-cased). */
  indicators: Map<string, IndicatorHit>;
  /** One client to one endpoint with one status code; key `client␟endpoint␟status`. */
  clients: Map<string, ClientStats>;
  /** Per endpoint, the parameter names seen and their value types (unseen parameter and type). */
  parameters: ParameterAggregate;
  /** Distinct endpoints per client and distinct parameter values (spray, enumeration). */
  distinct: DistinctAggregate;
}

export const KEY_SEPARATOR = "\u001f";
const MAX_SAMPLE_UA_CHARS = 200;

export function emptyAggregate(windowIndex: number): WindowAggregate {
  return {
    windowIndex,
    records: 0,
    endpoints: new Map(),
    population: new Map(),
    samples: new Map(),
    indicators: new Map(),
    clients: new Map(),
    parameters: emptyParameters(),
    distinct: emptyDistinct(),
  };
}

export function populationKeyOf(endpoint: string, statusCode: number): string {
  return `${endpoint}${KEY_SEPARATOR}${statusCode}`;
}

export function clientKeyOf(clientIp: string, endpoint: string, statusCode: number): string {
  return `${clientIp}${KEY_SEPARATOR}${endpoint}${KEY_SEPARATOR}${statusCode}`;
}

export function splitClientKey(key: string): {
  clientIp: string;
  endpoint: string;
  statusCode: number;
} {
  const first = key.indexOf(KEY_SEPARATOR);
  const last = key.lastIndexOf(KEY_SEPARATOR);
  return {
    clientIp: key.slice(0, first),
    endpoint: key.slice(first + 1, last),
    statusCode: Number(key.slice(last + 1)),
  };
}

export function splitPopulationKey(key: string): { endpoint: string; statusCode: number } {
  const cut = key.lastIndexOf(KEY_SEPARATOR);
  return { endpoint: key.slice(0, cut), statusCode: Number(key.slice(cut + 1)) };
}

/**
 * Folds one record, what the ingest-time inspectors found in it, and its extracted parameters
 * (values already hashed) into the aggregate.
 */
export function addRecord(
  aggregate: WindowAggregate,
  record: RequestRecord,
  findings: readonly IndicatorFinding[],
  parameters: readonly RequestParameter[] = [],
): void {
  aggregate.records += 1;
  noteEndpoint(aggregate.endpoints, record.endpoint, {
    apiId: record.apiId,
    operationId: record.operationId,
    method: record.method,
    samplePath: record.path,
    resourceId: record.resourceId,
  });

  const key = populationKeyOf(record.endpoint, record.statusCode);
  addTraffic(aggregate.population, key, {
    requests: 1,
    requestBytesTotal: record.requestBytes,
    responseBytesTotal: record.responseBytes,
    latencyMsTotal: record.latencyMs,
  });
  // Evidence is built only for a record that can become a sample or a client's extreme: most
  // records of a busy key are neither, and building it is a good part of folding a record.
  let evidence: EvidenceRequest | undefined;
  const evidenceOf = () => (evidence ??= toEvidenceRequest(record));
  const samples = samplesOf(aggregate.samples, key);
  if (mayBecomeSample(samples, record.timeMs)) keepSample(samples, evidenceOf());
  const clientKey = clientKeyOf(record.clientIp, record.endpoint, record.statusCode);
  const known = aggregate.clients.get(clientKey);
  if (known && !mayBecomeExtreme(known, record)) {
    known.requests += 1;
    known.responseBytesTotal += record.responseBytes;
    known.requestBytesTotal += record.requestBytes;
    known.latencyMsTotal += record.latencyMs;
  } else {
    const first = evidenceOf();
    addClient(aggregate.clients, clientKey, {
      requests: 1,
      responseBytesMax: record.responseBytes,
      requestBytesMax: record.requestBytes,
      latencyMsMax: record.latencyMs,
      responseBytesTotal: record.responseBytes,
      requestBytesTotal: record.requestBytes,
      latencyMsTotal: record.latencyMs,
      extremes: { response: first, request: first, latency: first },
    });
  }

  for (const finding of findings) addFinding(aggregate.indicators, record, finding);
  addParameters(aggregate.parameters, record, parameters);
  addToDistinct(aggregate.distinct, record, parameters);
}

/** Adds `from` into `into`. Commutative and associative, so partials can merge in any order. */
export function mergeAggregates(into: WindowAggregate, from: WindowAggregate): void {
  if (into.windowIndex !== from.windowIndex) {
    throw new Error(`cannot merge window ${from.windowIndex} into window ${into.windowIndex}`);
  }
  into.records += from.records;
  for (const [key, info] of from.endpoints) noteEndpoint(into.endpoints, key, info);
  for (const [key, stats] of from.population) addTraffic(into.population, key, stats);
  for (const [key, samples] of from.samples) mergeSamples(samplesOf(into.samples, key), samples);
  for (const [key, hit] of from.indicators) mergeHit(into.indicators, key, hit);
  for (const [key, stats] of from.clients) addClient(into.clients, key, stats);
  mergeParameters(into.parameters, from.parameters);
  mergeDistinct(into.distinct, from.distinct);
}

function addClient(clients: Map<string, ClientStats>, key: string, stats: ClientStats): void {
  const known = clients.get(key);
  if (!known) {
    clients.set(key, { ...stats, extremes: { ...stats.extremes } });
    return;
  }
  known.requests += stats.requests;
  known.latencyMsTotal += stats.latencyMsTotal;
  known.responseBytesTotal += stats.responseBytesTotal;
  known.requestBytesTotal += stats.requestBytesTotal;
  known.extremes.response = larger(
    known.extremes.response,
    stats.extremes.response,
    "responseBytes",
  );
  known.extremes.request = larger(known.extremes.request, stats.extremes.request, "requestBytes");
  known.extremes.latency = larger(known.extremes.latency, stats.extremes.latency, "latencyMs");
  known.responseBytesMax = Math.max(known.responseBytesMax, stats.responseBytesMax);
  known.requestBytesMax = Math.max(known.requestBytesMax, stats.requestBytesMax);
  known.latencyMsMax = Math.max(known.latencyMsMax, stats.latencyMsMax);
}

/** False when a full reservoir's last sample is earlier: the record cannot displace any. */
function mayBecomeSample(samples: readonly EvidenceRequest[], timeMs: number): boolean {
  if (samples.length < SAMPLES_PER_KEY) return true;
  const last = samples[samples.length - 1];
  return last === undefined || timeMs <= Date.parse(last.time);
}

/** False when every one of the record's values is below the client's extreme: none changes. */
function mayBecomeExtreme(stats: ClientStats, record: RequestRecord): boolean {
  return (
    record.responseBytes >= stats.responseBytesMax ||
    record.requestBytes >= stats.requestBytesMax ||
    record.latencyMs >= stats.latencyMsMax
  );
}

/** The request with the larger value; on a tie the earlier one, so merge order does not matter. */
function larger(
  a: EvidenceRequest,
  b: EvidenceRequest,
  field: "responseBytes" | "requestBytes" | "latencyMs",
): EvidenceRequest {
  if (a[field] !== b[field]) return a[field] > b[field] ? a : b;
  return compareSamples(a, b) <= 0 ? a : b;
}

function noteEndpoint(endpoints: Map<string, EndpointInfo>, key: string, info: EndpointInfo): void {
  const known = endpoints.get(key);
  if (!known || info.samplePath < known.samplePath) endpoints.set(key, { ...info });
}

function addTraffic(map: Map<string, TrafficStats>, key: string, stats: TrafficStats): void {
  const known = map.get(key);
  if (!known) {
    map.set(key, { ...stats });
    return;
  }
  known.requests += stats.requests;
  known.requestBytesTotal += stats.requestBytesTotal;
  known.responseBytesTotal += stats.responseBytesTotal;
  known.latencyMsTotal += stats.latencyMsTotal;
}

function samplesOf(map: Map<string, EvidenceRequest[]>, key: string): EvidenceRequest[] {
  let samples = map.get(key);
  if (!samples) {
    samples = [];
    map.set(key, samples);
  }
  return samples;
}

function addFinding(
  hits: Map<string, IndicatorHit>,
  record: RequestRecord,
  finding: IndicatorFinding,
): void {
  const key = [
    finding.detectionId,
    record.clientIp,
    record.endpoint,
    finding.category,
    // One line per fragment whatever its case; the line shows the case that sorts first.
    finding.indicator.toLowerCase(),
  ].join(KEY_SEPARATOR);
  mergeHit(hits, key, {
    ...finding,
    clientIp: record.clientIp,
    endpoint: record.endpoint,
    count: 1,
    firstSeenMs: record.timeMs,
    lastSeenMs: record.timeMs,
    // The header as sent (cut, secrets redacted); the finding's fragment has its escapes decoded.
    samples: [
      toEvidenceRequest(record, redactSecrets(record.userAgent.slice(0, MAX_SAMPLE_UA_CHARS))),
    ],
  });
}

function mergeHit(hits: Map<string, IndicatorHit>, key: string, hit: IndicatorHit): void {
  const known = hits.get(key);
  if (!known) {
    hits.set(key, { ...hit, samples: [...hit.samples] });
    return;
  }
  // The same for any order of merging, so that partials merge as if one process saw them all.
  if (hit.indicator < known.indicator) known.indicator = hit.indicator;
  known.count += hit.count;
  known.firstSeenMs = Math.min(known.firstSeenMs, hit.firstSeenMs);
  known.lastSeenMs = Math.max(known.lastSeenMs, hit.lastSeenMs);
  mergeSamples(known.samples, hit.samples);
}
