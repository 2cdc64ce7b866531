import { gunzipSync, gzipSync } from "node:zlib";
import type { EvidenceRequest } from "../alerts/alert.js";
import type {
  ClientStats,
  EndpointInfo,
  IndicatorHit,
  TrafficStats,
  WindowAggregate,
} from "./windowAggregate.js";

const CODEC_VERSION = 2;

interface EncodedAggregate {
  version: number;
  windowIndex: number;
  records: number;
  endpoints: [string, EndpointInfo][];
  population: [string, TrafficStats][];
  samples: [string, EvidenceRequest[]][];
  indicators: [string, IndicatorHit][];
  clients: [string, ClientStats][];
}

/** Gzip-compressed JSON: partial aggregates compress several-fold, which keeps Table entities few. */
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
  };
  return gzipSync(JSON.stringify(encoded), { level: 6 });
}

export function decodeAggregate(bytes: Uint8Array): WindowAggregate {
  const encoded = JSON.parse(gunzipSync(bytes).toString("utf8")) as EncodedAggregate;
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
  };
}
