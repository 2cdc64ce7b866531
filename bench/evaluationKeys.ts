/**
 * The keys of the evaluation and memory benchmarks: endpoint × status keys of the kind that
 * multiply when path templating cannot tell an id from a name (`/catalog/items/blue-widget-812`),
 * half of them answered 200 and half 404. Everything is a function of the key's index, so the
 * process that writes the window and the one that evaluates it agree without sharing state.
 */
import type { RequestRecord } from "../shared/records/requestRecord.js";
import { WINDOW_MS, windowIndexOf } from "../shared/windows/window.js";

export const BENCH_WINDOW_INDEX = windowIndexOf(Date.parse("2024-06-03T12:00:00Z"));

export interface EvaluationKey {
  endpoint: string;
  statusCode: number;
  path: string;
}

export function evaluationKeyOf(keyIndex: number): EvaluationKey {
  const path = `/catalog/items/blue-widget-${keyIndex >> 1}`;
  return { endpoint: `GET ${path}`, statusCode: keyIndex % 2 === 0 ? 200 : 404, path };
}

/** Requests per window the key usually has: 30–69 for busy keys, 1–3 for the rest. */
export function usualRequests(keyIndex: number, busyKeyShare: number): number {
  const spread = Math.imul(keyIndex, 2_654_435_761) >>> 0;
  return spread / 2 ** 32 < busyKeyShare ? 30 + (keyIndex % 40) : 1 + (keyIndex % 3);
}

/** The benchmark window's requests: as usual, except one busy key in 997 spikes eightfold. */
export function requestsInWindow(keyIndex: number, busyKeyShare: number): number {
  const usual = usualRequests(keyIndex, busyKeyShare);
  return usual >= 30 && keyIndex % 997 === 0 ? usual * 8 : usual;
}

/** One of the key's requests in the benchmark window, as a reader would have produced it. */
export function evaluationRecordOf(keyIndex: number, request: number): RequestRecord {
  const { endpoint, statusCode, path } = evaluationKeyOf(keyIndex);
  const client = `198.18.${(keyIndex >> 8) & 0xff}.${(keyIndex + request) & 0xff}`;
  return {
    timeMs: BENCH_WINDOW_INDEX * WINDOW_MS + ((keyIndex * 7_919 + request * 104_729) % WINDOW_MS),
    clientIp: client,
    callerIp: client,
    method: "GET",
    path,
    query: "include=reviews&page=2",
    apiId: "",
    operationId: "",
    endpoint,
    statusCode,
    requestBytes: 512,
    responseBytes: 2_048 + (keyIndex % 4_096),
    latencyMs: 20 + (request % 50),
    userAgent: "okhttp/4.12.0",
    subscriptionId: "partner-1",
    productId: "unlimited",
    userId: "",
    requestBody: "",
    correlationId: "",
    resourceId: "",
  };
}
