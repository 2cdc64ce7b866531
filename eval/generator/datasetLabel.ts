import type { AlertType, DetectionId } from "../../shared/alerts/alertCatalog.js";

/** What a label points at. Fields a detection does not key on are absent. */
export interface LabelEntity {
  /** The client as the detectors see it with default parse options: the caller address. */
  clientIp?: string;
  /** `apiId;operationId`, the reader's endpoint key. */
  endpoint?: string;
  statusCode?: number;
  /** The query parameter the attack or scenario is about. */
  parameter?: string;
  /** Set when a scenario touches every operation of one API. */
  apiId?: string;
}

/** One injected attack: the detection that should fire, on which entity, in which window. */
export interface AttackLabel {
  id: string;
  detectionId: DetectionId;
  alertType: AlertType;
  entity: LabelEntity;
  /** The 20-minute window holding every injected request, epoch ms, end exclusive. */
  startMs: number;
  endMs: number;
  size: number;
  sizeUnit: string;
  description: string;
  /** How many records the attack added. */
  injectedRecords: number;
  /** Other detections the same requests legitimately trip (volume that comes with enumeration). */
  relatedDetections: DetectionId[];
}

/**
 * Alerts a benign scenario raises by design, because the product's specification asks for them:
 * of one detection, naming every field of `entity`, in the scenario's time, at most `maxAlerts`.
 */
export interface AlertAllowance {
  detectionId: DetectionId;
  /** Fields the alert must name; `parameter` is compared without regard to case. */
  entity: LabelEntity;
  maxAlerts: number;
  /** The specification's words that make these alerts correct. */
  reason: string;
}

/**
 * One benign hard negative: traffic that looks unusual and must raise no alert beyond those its
 * `expectedAlerts` allow.
 */
export interface BenignLabel {
  id: string;
  benign: true;
  scenario: BenignScenarioName;
  entity: LabelEntity;
  startMs: number;
  endMs: number;
  description: string;
  /** Absent when the scenario should raise nothing at all. */
  expectedAlerts?: AlertAllowance[];
}

export type DatasetLabel = AttackLabel | BenignLabel;

export const BENIGN_SCENARIOS = [
  "deploy-slowdown",
  "marketing-day",
  "pagination-run",
  "new-api-version",
  "search-long-tail",
  "spa-startup",
] as const;

export type BenignScenarioName = (typeof BENIGN_SCENARIOS)[number];
