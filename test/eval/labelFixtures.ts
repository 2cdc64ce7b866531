import type { AttackLabel, BenignLabel } from "../../eval/generator/datasetLabel.js";
import type { MatchableAlert } from "../../eval/matching/alertMatch.js";
import { detectionInfo, type DetectionId } from "../../shared/alerts/alertCatalog.js";

/** 2024-03-12 16:40Z, the window every fixture here starts in unless told otherwise. */
export const WINDOW_START_MS = Date.parse("2024-03-12T16:40:00Z");
export const WINDOW_MS = 20 * 60_000;

/** An attack label on client 198.51.100.20 at `orders-api;list-orders` with status 200. */
export function attackLabel(overrides: Partial<AttackLabel> = {}): AttackLabel {
  const detectionId: DetectionId = overrides.detectionId ?? "API_SpikeInAPITraffic";
  return {
    id: "attack-01",
    detectionId,
    alertType: detectionInfo(detectionId).alertType,
    entity: { clientIp: "198.51.100.20", endpoint: "orders-api;list-orders", statusCode: 200 },
    startMs: WINDOW_START_MS,
    endMs: WINDOW_START_MS + WINDOW_MS,
    size: 400,
    sizeUnit: "requests",
    description: "A scraper lists orders.",
    injectedRecords: 400,
    relatedDetections: [],
    ...overrides,
  };
}

/** A benign hard negative over the fixture window that names no entity. */
export function benignLabel(overrides: Partial<BenignLabel> = {}): BenignLabel {
  return {
    id: "benign-01",
    benign: true,
    scenario: "marketing-day",
    entity: {},
    startMs: WINDOW_START_MS,
    endMs: WINDOW_START_MS + WINDOW_MS,
    description: "A campaign doubles traffic.",
    ...overrides,
  };
}

/** An alert that matches `attackLabel()` exactly; overrides change what it is about. */
export function matchableAlert(overrides: Partial<MatchableAlert> = {}): MatchableAlert {
  const detectionId: DetectionId = overrides.detectionId ?? "API_SpikeInAPITraffic";
  return {
    detectionId,
    alertType: detectionInfo(detectionId).alertType,
    apiId: "orders-api",
    endpoint: "orders-api;list-orders",
    clientIp: "198.51.100.20",
    statusCode: 200,
    windowStartMs: WINDOW_START_MS,
    windowEndMs: WINDOW_START_MS + WINDOW_MS,
    ...overrides,
  };
}
