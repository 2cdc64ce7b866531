import { alertIdOf, type Alert, type AlertEvidence } from "../alerts/alert.js";
import { detectionInfo, type DetectionId } from "../alerts/alertCatalog.js";
import type { DetectionContext } from "./detector.js";

/** Who and what an alert is about. */
export interface AlertSubject {
  endpoint: string;
  clientIp: string;
  statusCode: number | null;
  /** The window that names the alert: its own, or the first window of its incident. */
  idWindowStartMs?: number;
  /** More of the entity, for alerts keyed finer than client and endpoint (e.g. a parameter). */
  extra?: string;
}

/** What a detector found, in the alert's own terms. */
export interface AlertFacts {
  description: string;
  observedValue: number;
  baselineValue: number | null;
  score: number;
  evidence: AlertEvidence;
}

/**
 * Assembles an alert: the catalog's name, tactic and severity for the detection, the API and
 * resource of the endpoint, the window, and a deterministic id, around what the detector found.
 */
export function alertOf(
  context: DetectionContext,
  detectionId: DetectionId,
  subject: AlertSubject,
  facts: AlertFacts,
): Alert {
  const info = detectionInfo(detectionId);
  const endpointInfo = context.aggregate.endpoints.get(subject.endpoint);
  const idWindowStartMs = subject.idWindowStartMs ?? context.window.startMs;
  return {
    alertId: alertIdOf(info.id, subject, idWindowStartMs),
    detectionId: info.id,
    alertType: info.alertType,
    alertName: info.alertName,
    severity: info.severity,
    tactics: info.tactics,
    description: facts.description,
    apiId: endpointInfo?.apiId ?? "",
    operationId: endpointInfo?.operationId ?? "",
    endpoint: subject.endpoint,
    clientIp: subject.clientIp,
    statusCode: subject.statusCode,
    windowStartMs: context.window.startMs,
    windowEndMs: context.window.endMs,
    raisedAtMs: context.nowMs,
    observedValue: facts.observedValue,
    baselineValue: facts.baselineValue,
    score: facts.score,
    evidence: facts.evidence,
    resourceId: endpointInfo?.resourceId ?? "",
  };
}
