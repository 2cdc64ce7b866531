import { windowRangeOf } from "../windows/window.js";

/**
 * Consecutive alerting windows of one detection on one key, merged into one incident: a flood
 * that lasts an hour is one alert whose count grows, not three alerts.
 */
export interface Incident {
  startWindow: number;
  lastWindow: number;
  /** Windows that alerted in the incident so far. */
  windows: number;
}

/** Windows without an alert after which the next alert starts a new incident: two hours. */
export const INCIDENT_GAP_WINDOWS = 6;

/** The incident an alert in `windowIndex` continues, or null when it starts a new one. */
export function continuedIncident(
  incident: Incident | undefined,
  windowIndex: number,
): Incident | null {
  if (!incident || incident.lastWindow >= windowIndex) return null;
  return windowIndex - incident.lastWindow <= INCIDENT_GAP_WINDOWS ? incident : null;
}

/** The incident after this window: extended when it alerted, forgotten once the gap has passed. */
export function foldIncident(
  incident: Incident | undefined,
  windowIndex: number,
  alerted: boolean,
): Incident | undefined {
  if (alerted) {
    const continued = continuedIncident(incident, windowIndex);
    return continued
      ? {
          startWindow: continued.startWindow,
          lastWindow: windowIndex,
          windows: continued.windows + 1,
        }
      : { startWindow: windowIndex, lastWindow: windowIndex, windows: 1 };
  }
  if (incident && windowIndex - incident.lastWindow <= INCIDENT_GAP_WINDOWS) return incident;
  return undefined;
}

/** What an alert needs to say about its incident: the id window and a sentence. */
export function incidentOf(
  incident: Incident | undefined,
  windowIndex: number,
): { idWindowStartMs: number; windows: number; sentence: string } {
  const continued = continuedIncident(incident, windowIndex);
  if (!continued)
    return { idWindowStartMs: windowRangeOf(windowIndex).startMs, windows: 1, sentence: "" };
  const startedAt = new Date(windowRangeOf(continued.startWindow).startMs).toISOString();
  return {
    idWindowStartMs: windowRangeOf(continued.startWindow).startMs,
    windows: continued.windows + 1,
    sentence: ` This continues the incident that began in the window starting ${startedAt} (${continued.windows + 1} alerting windows so far).`,
  };
}
