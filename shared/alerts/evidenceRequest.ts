import type { RequestRecord } from "../records/requestRecord.js";
import type { EvidenceRequest } from "./alert.js";

const MAX_EVIDENCE_UA_CHARS = 200;
const MAX_EVIDENCE_PATH_CHARS = 300;

/**
 * A request as an alert may show it: the query string keeps parameter names but never values,
 * because values can carry tokens and personal data.
 */
export function toEvidenceRequest(record: RequestRecord, userAgent?: string): EvidenceRequest {
  const evidence: EvidenceRequest = {
    time: new Date(record.timeMs).toISOString(),
    method: record.method,
    path: redactedPathOf(record.path, record.query),
    statusCode: record.statusCode,
    requestBytes: record.requestBytes,
    responseBytes: record.responseBytes,
    latencyMs: record.latencyMs,
    clientIp: record.clientIp,
  };
  if (userAgent !== undefined) evidence.userAgent = userAgent.slice(0, MAX_EVIDENCE_UA_CHARS);
  return evidence;
}

export function redactedPathOf(path: string, query: string): string {
  const shortPath =
    path.length > MAX_EVIDENCE_PATH_CHARS ? `${path.slice(0, MAX_EVIDENCE_PATH_CHARS)}…` : path;
  if (query === "") return shortPath;
  const names = query
    .split("&")
    .filter((pair) => pair !== "")
    .slice(0, 20)
    .map((pair) => `${pair.split("=", 1)[0]?.slice(0, 40)}=…`);
  return `${shortPath}?${names.join("&")}`;
}
