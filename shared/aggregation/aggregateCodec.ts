import { gunzipSync, gzipSync } from "node:zlib";
import type { EvidenceRequest } from "../alerts/alert.js";
import { compareSamples } from "./sampleReservoir.js";
import type {
  ClientStats,
  EndpointInfo,
  IndicatorHit,
  TrafficStats,
  WindowAggregate,
} from "./windowAggregate.js";
import {
  decodeParameters,
  encodeParameters,
  type EncodedParameters,
} from "./parameterAggregate.js";
import { decodeDistinct, encodeDistinct, type EncodedDistinct } from "./distinctAggregate.js";

// 3: distinct endpoint and parameter-value sketches (`distinct…` lists), and parameter names
// with their value types per endpoint (`parameters`).
const CODEC_VERSION = 3;

interface EncodedAggregate extends EncodedDistinct {
  version: number;
  windowIndex: number;
  records: number;
  endpoints: [string, EndpointInfo][];
  population: [string, TrafficStats][];
  samples: [string, EvidenceRequest[]][];
  indicators: [string, IndicatorHit][];
  clients: [string, ClientStats][];
  parameters: EncodedParameters;
}

/**
 * Gzip-compressed text, one line per map entry: partial aggregates compress several-fold, which
 * keeps Table entities few, and no single string has to hold the whole aggregate.
 */
export function encodeAggregate(aggregate: WindowAggregate): Buffer {
  const encoded: EncodedAggregate = {
    version: CODEC_VERSION,
    windowIndex: aggregate.windowIndex,
    records: aggregate.records,
    endpoints: [...aggregate.endpoints],
    population: [...aggregate.population],
    samples: [...aggregate.samples],
    indicators: [...aggregate.indicators],
    clients: [...aggregate.clients],
    parameters: encodeParameters(aggregate.parameters),
    ...encodeDistinct(aggregate.distinct),
  };
  return gzipLines(encodedLines(encoded));
}

export function decodeAggregate(bytes: Uint8Array): WindowAggregate {
  const encoded = parseEncoded(gunzipSync(bytes));
  if (encoded.version !== CODEC_VERSION) {
    throw new Error(
      `partial aggregate has codec version ${encoded.version}; this build reads version ${CODEC_VERSION}`,
    );
  }
  return {
    windowIndex: encoded.windowIndex,
    records: encoded.records,
    endpoints: new Map(encoded.endpoints),
    population: new Map(encoded.population),
    samples: new Map(encoded.samples),
    indicators: new Map(encoded.indicators),
    clients: new Map(encoded.clients),
    parameters: decodeParameters(encoded.parameters),
    distinct: decodeDistinct(encoded),
  };
}

/**
 * The text form: a header line with the scalar fields and the names of the list fields, then one
 * `field\tJSON item` line per list item. A client's extreme requests are written once when they
 * are the same request. (A partial without a header line is the older single-JSON form.)
 */
function* encodedLines(encoded: EncodedAggregate): Generator<string> {
  const header: Record<string, unknown> = { format: LINES_FORMAT, lists: [] as string[] };
  const lists: [string, unknown[]][] = [];
  for (const [field, value] of Object.entries(encoded)) {
    if (Array.isArray(value)) lists.push([field, value]);
    else header[field] = value;
  }
  header.lists = lists.map(([field]) => field);
  yield JSON.stringify(header);
  for (const [field, items] of lists) {
    const compact = field === "clients" ? compactClient : (item: unknown) => item;
    for (const item of items) yield `${field}\t${JSON.stringify(compact(item))}`;
  }
}

function parseEncoded(bytes: Buffer): EncodedAggregate {
  const headerEnd = bytes.indexOf(0x0a);
  if (headerEnd < 0) return JSON.parse(bytes.toString("utf8")) as EncodedAggregate;
  const header = JSON.parse(bytes.toString("utf8", 0, headerEnd)) as Record<string, unknown>;
  if (header.format !== LINES_FORMAT) {
    throw new Error(
      `partial aggregate has format ${String(header.format)}; expected ${LINES_FORMAT}`,
    );
  }
  const lists = header.lists as string[];
  const encoded: Record<string, unknown> = { ...header };
  delete encoded.format;
  delete encoded.lists;
  const itemsOf = new Map<string, unknown[]>(lists.map((field) => [field, []]));
  for (const [field, items] of itemsOf) encoded[field] = items;
  forEachLine(bytes, headerEnd + 1, (line) => {
    const tab = line.indexOf("\t");
    const field = line.slice(0, tab);
    const items = itemsOf.get(field);
    if (!items) throw new Error(`partial aggregate has a line for unknown field ${field}`);
    const item = JSON.parse(line.slice(tab + 1)) as unknown;
    items.push(field === "clients" ? expandClient(item as CompactClient) : item);
  });
  return encoded as unknown as EncodedAggregate;
}

const LINES_FORMAT = "lines-1";
/** Lines per gzip member: members concatenate into one gzip stream, and each stays small. */
const LINES_PER_MEMBER = 20_000;
const SLICE_BYTES = 8 * 1024 * 1024;

function gzipLines(lines: Iterable<string>): Buffer {
  const members: Buffer[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) members.push(gzipSync(block.join("\n") + "\n", { level: 6 }));
    block = [];
  };
  for (const line of lines) {
    block.push(line);
    if (block.length >= LINES_PER_MEMBER) flush();
  }
  flush();
  return Buffer.concat(members);
}

/** Calls `visit` for each non-empty line from `start`, decoding a few megabytes at a time. */
function forEachLine(bytes: Buffer, start: number, visit: (line: string) => void): void {
  let from = start;
  while (from < bytes.length) {
    let end = bytes.indexOf(0x0a, Math.min(from + SLICE_BYTES, bytes.length - 1));
    if (end < 0) end = bytes.length;
    for (const line of bytes.toString("utf8", from, end).split("\n")) if (line) visit(line);
    from = end + 1;
  }
}

/** A client entry with its extremes as `[response, request, latency]`; 0 = the response's, 1 = the request's. */
type CompactClient = [string, Omit<ClientStats, "extremes"> & { extremes: unknown[] }];

function compactClient(item: unknown): CompactClient {
  const [key, stats] = item as [string, ClientStats];
  const { response, request, latency } = stats.extremes;
  const requestRef = sameRequest(request, response) ? 0 : request;
  const latencyRef = sameRequest(latency, response)
    ? 0
    : sameRequest(latency, request)
      ? 1
      : latency;
  return [key, { ...stats, extremes: [response, requestRef, latencyRef] }];
}

function expandClient([key, stats]: CompactClient): [string, ClientStats] {
  const [response, requestRef, latencyRef] = stats.extremes as [
    EvidenceRequest,
    EvidenceRequest | 0,
    EvidenceRequest | 0 | 1,
  ];
  const request = requestRef === 0 ? response : requestRef;
  const latency = latencyRef === 0 ? response : latencyRef === 1 ? request : latencyRef;
  return [key, { ...stats, extremes: { response, request, latency } }];
}

function sameRequest(a: EvidenceRequest, b: EvidenceRequest): boolean {
  return a === b || compareSamples(a, b) === 0;
}
