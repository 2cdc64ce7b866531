import type { Alert } from "../../shared/alerts/alert.js";
import type {
  AlertAllowance,
  AttackLabel,
  BenignLabel,
  LabelEntity,
} from "../generator/datasetLabel.js";

/**
 * The alert fields the matcher reads. The parameter an alert is about sits in its evidence
 * details, so the evidence is optional here: an alert without it names no parameter.
 */
export type MatchableAlert = Pick<
  Alert,
  | "detectionId"
  | "alertType"
  | "apiId"
  | "endpoint"
  | "clientIp"
  | "statusCode"
  | "windowStartMs"
  | "windowEndMs"
> & { evidence?: { details?: Record<string, unknown> } };

/** A labelled span of time: [startMs, endMs), epoch ms. */
export interface LabelSpan {
  startMs: number;
  endMs: number;
}

/**
 * The alert is of the label's detection. The two payload detections share the alert type
 * `API_SpikeInPayload`, so they are told apart by detection id; every other kind by alert type.
 */
export function detectionAgrees(alert: MatchableAlert, label: AttackLabel): boolean {
  if (label.alertType === "API_SpikeInPayload") return alert.detectionId === label.detectionId;
  return alert.alertType === label.alertType;
}

/**
 * The alert names the entity the label points at: the same client when the label has one, the
 * same endpoint when the label has one, the same API when the label names only an API, and the
 * same status code when both carry one. Fields the label leaves out match anything.
 */
export function entityAgrees(alert: MatchableAlert, entity: LabelEntity): boolean {
  if (entity.clientIp !== undefined && alert.clientIp !== entity.clientIp) return false;
  if (entity.endpoint !== undefined && alert.endpoint !== entity.endpoint) return false;
  if (entity.apiId !== undefined && !belongsToApi(alert, entity.apiId)) return false;
  if (entity.statusCode === undefined || alert.statusCode === null) return true;
  return alert.statusCode === entity.statusCode;
}

/** The alert's window and the label's span share at least one millisecond. */
export function windowsOverlap(alert: MatchableAlert, span: LabelSpan): boolean {
  return alert.windowStartMs < span.endMs && span.startMs < alert.windowEndMs;
}

/** The alert reports the labelled attack: same detection, same entity, overlapping time. */
export function alertMatchesLabel(alert: MatchableAlert, label: AttackLabel): boolean {
  return (
    detectionAgrees(alert, label) &&
    entityAgrees(alert, label.entity) &&
    windowsOverlap(alert, label)
  );
}

/**
 * The alert is one the label says its traffic legitimately trips as well (a credential-stuffing
 * flood also spikes one client's volume). Only entity fields the alert carries are compared,
 * because a population alert names no client and a client alert may name another endpoint key.
 */
export function alertIsRelatedToLabel(alert: MatchableAlert, label: AttackLabel): boolean {
  if (!label.relatedDetections.includes(alert.detectionId)) return false;
  const entity = label.entity;
  if (alert.clientIp !== "" && entity.clientIp !== undefined && alert.clientIp !== entity.clientIp)
    return false;
  if (alert.endpoint !== "" && entity.endpoint !== undefined && alert.endpoint !== entity.endpoint)
    return false;
  if (alert.statusCode !== null && entity.statusCode !== undefined) {
    if (alert.statusCode !== entity.statusCode) return false;
  }
  return windowsOverlap(alert, label);
}

/**
 * The alert is one the benign label allows by design: of the allowance's detection, in the
 * label's time, naming every entity field the allowance gives. The allowance's count is applied
 * by `matchAlerts`, which sees all the alerts.
 */
export function alertFitsAllowance(
  alert: MatchableAlert,
  allowance: AlertAllowance,
  label: BenignLabel,
): boolean {
  return (
    alert.detectionId === allowance.detectionId &&
    alertNamesEntity(alert, allowance.entity) &&
    windowsOverlap(alert, label)
  );
}

/**
 * The alert names each field `entity` gives, and names it the same. Unlike `entityAgrees`, a field
 * the alert leaves empty does not agree. Parameter names are compared without regard to case,
 * because the detectors lower-case them.
 */
export function alertNamesEntity(alert: MatchableAlert, entity: LabelEntity): boolean {
  if (entity.clientIp !== undefined && alert.clientIp !== entity.clientIp) return false;
  if (entity.endpoint !== undefined && alert.endpoint !== entity.endpoint) return false;
  if (entity.apiId !== undefined && !belongsToApi(alert, entity.apiId)) return false;
  if (entity.statusCode !== undefined && alert.statusCode !== entity.statusCode) return false;
  if (entity.parameter === undefined) return true;
  return alertParameterOf(alert)?.toLowerCase() === entity.parameter.toLowerCase();
}

/** The parameter the alert is about, from its evidence details; null when it names none. */
export function alertParameterOf(alert: MatchableAlert): string | null {
  const parameter = alert.evidence?.details?.parameter;
  return typeof parameter === "string" ? parameter : null;
}

function belongsToApi(alert: MatchableAlert, apiId: string): boolean {
  return alert.apiId === apiId || alert.endpoint.startsWith(`${apiId};`);
}
