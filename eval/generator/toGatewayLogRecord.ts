import type { GeneratedRequest } from "./generatedRequest.js";
import { TICKS_PER_MS } from "./ticks.js";

/** What every record of one dataset shares: the gateway's host, its ARM id and its region. */
export interface GatewayIdentity {
  startMs: number;
  host: string;
  /** Upper-cased, as the Event Hubs export writes it. */
  resourceId: string;
  location: string;
}

/**
 * One GatewayLogs record as Azure Monitor streams it to Event Hubs, as JSON text: camelCase
 * fields, `Level` in PascalCase, `time` with seven fractional digits, and the logged headers and
 * body. Backend fields are absent when the gateway answered itself; `apiId` and `operationId`
 * when no API or operation matched. Built as text because JSON.stringify of an object per record
 * was most of the generator's time; only the free-form strings (URL, headers, body) are escaped,
 * since ids, host, location and resource id are the generator's own plain identifiers.
 */
export function toGatewayLogRecord(request: GeneratedRequest, gateway: GatewayIdentity): string {
  return (
    `{"Level":4,"isRequestSuccess":${request.statusCode < 400},` +
    `"time":"${apimTime(gateway.startMs, request.tick)}",` +
    `"operationName":"Microsoft.ApiManagement/GatewayLogs","category":"GatewayLogs",` +
    `"durationMs":${request.latencyMs},"callerIpAddress":"${request.client.callerIp}",` +
    `"correlationId":"${request.correlationId}","location":"${gateway.location}",` +
    `"properties":${properties(request, gateway)},"resourceId":"${gateway.resourceId}"}`
  );
}

let cachedSecondMs = Number.NaN;
let cachedSecondText = "";

/** `2024-03-04T10:15:31.1234567Z`: the ISO form with APIM's seven fractional digits. */
export function apimTime(startMs: number, tick: number): string {
  const wholeMs = startMs + Math.floor(tick / TICKS_PER_MS);
  const secondMs = wholeMs - (wholeMs % 1_000);
  // Records arrive in time order, so consecutive ones usually share their second.
  if (secondMs !== cachedSecondMs) {
    cachedSecondMs = secondMs;
    cachedSecondText = new Date(secondMs).toISOString().slice(0, 19);
  }
  const fraction = (wholeMs - secondMs) * TICKS_PER_MS + (tick % TICKS_PER_MS);
  return `${cachedSecondText}.${String(fraction).padStart(7, "0")}Z`;
}

function properties(request: GeneratedRequest, gateway: GatewayIdentity): string {
  const target = request.query === "" ? request.path : `${request.path}?${request.query}`;
  const reachedBackend = request.backendMs !== undefined;
  const matchedApi = request.apiId !== "";
  return (
    `{"method":"${request.method}","url":${json(`https://${gateway.host}${target}`)},` +
    (reachedBackend ? backendFields(request, target) : "") +
    `"responseCode":${request.statusCode},"responseSize":${request.responseBytes},"cache":"none",` +
    (reachedBackend ? `"backendTime":${request.backendMs},` : "") +
    `"requestSize":${request.requestBytes},` +
    (matchedApi ? `"apiId":"${request.apiId}",` : "") +
    (request.operationId === "" ? "" : `"operationId":"${request.operationId}",`) +
    `"apimSubscriptionId":"${request.client.subscriptionId}","clientTime":${request.clientMs},` +
    `"clientProtocol":"HTTP/1.1",${matchedApi ? '"apiRevision":"1",' : ""}"clientTlsVersion":"1.2",` +
    `"requestHeaders":${requestHeaders(request)}` +
    (request.body === undefined ? "" : `,"requestBody":${json(request.body)}`) +
    "}"
  );
}

function backendFields(request: GeneratedRequest, target: string): string {
  const backendUrl = `https://${request.apiId}-backend.azurewebsites.net${target}`;
  return (
    `"backendMethod":"${request.method}","backendUrl":${json(backendUrl)},` +
    `"backendResponseCode":${request.statusCode},"backendProtocol":"HTTP/1.1",`
  );
}

function requestHeaders(request: GeneratedRequest): string {
  const userAgent = `{"User-Agent":${json(request.client.userAgent)}`;
  const forwardedFor = request.client.forwardedFor;
  return forwardedFor === undefined
    ? `${userAgent}}`
    : `${userAgent},"X-Forwarded-For":${json(forwardedFor)}}`;
}

function json(text: string): string {
  return JSON.stringify(text);
}
