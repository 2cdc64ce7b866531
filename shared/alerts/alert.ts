import { createHash } from "node:crypto";
import type { AlertType, DetectionId, Severity } from "./alertCatalog.js";

/** A sample request kept as evidence; parameter values and secrets never appear in clear. */
export interface EvidenceRequest {
  time: string;
  method: string;
  /** Path with the query string redacted to parameter names: `/orders?id=…&debug=…`. */
  path: string;
  statusCode: number;
  requestBytes: number;
  responseBytes: number;
  latencyMs: number;
  clientIp: string;
  /** User-Agent cut and with secrets redacted, when the detection is about it. */
  userAgent?: string;
}

/** What an alert says about why it fired; detectors add fields of their own under `details`. */
export interface AlertEvidence {
  /** The measure that was compared, e.g. `requests per window` or `user agent`. */
  measure: string;
  observed: number;
  baseline?: { centre: number; spread: number; windows: number; days: number };
  score: number;
  samples: EvidenceRequest[];
  details?: Record<string, unknown>;
}

/** An alert as detectors raise it, before it is turned into a Log Analytics row. */
export interface Alert {
  alertId: string;
  detectionId: DetectionId;
  alertType: AlertType;
  alertName: string;
  severity: Severity;
  tactics: string;
  description: string;
  apiId: string;
  operationId: string;
  endpoint: string;
  clientIp: string;
  statusCode: number | null;
  windowStartMs: number;
  windowEndMs: number;
  /** Event time at which the alert was raised: the window end, or earlier for fast indicator alerts. */
  raisedAtMs: number;
  observedValue: number;
  baselineValue: number | null;
  score: number;
  evidence: AlertEvidence;
  resourceId: string;
}

/**
 * The alert id is a hash of what the alert is about, never of when it was computed, so a retried
 * evaluation or send produces the same id and Log Analytics queries can drop duplicates.
 */
export function alertIdOf(
  detectionId: DetectionId,
  entity: { endpoint: string; clientIp: string; statusCode: number | null; extra?: string },
  windowStartMs: number,
): string {
  const parts = [
    detectionId,
    entity.endpoint,
    entity.clientIp,
    String(entity.statusCode ?? ""),
    entity.extra ?? "",
    String(windowStartMs),
  ];
  const digest = createHash("sha256").update(parts.join("\u001f")).digest("hex");
  return [
    digest.slice(0, 8),
    digest.slice(8, 12),
    digest.slice(12, 16),
    digest.slice(16, 20),
    digest.slice(20, 32),
  ].join("-");
}
