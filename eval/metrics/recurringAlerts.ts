import type { Alert } from "../../shared/alerts/alert.js";
import { slotOfDay, windowIndexOf } from "../../shared/windows/window.js";
import type { JudgedAlert } from "../matching/matchAlerts.js";

/** Days a key must alert on, at one time of day, to count as a daily repeat. */
export const MIN_REPEAT_DAYS = 3;

/** False alerts of one detection and entity in the same window of the day on several days. */
export interface DailyRepeat {
  alert: Alert;
  /** The window's slot within the UTC day, 0..71. */
  slotOfDay: number;
  days: number;
  alerts: number;
}

/**
 * Groups false alerts by detection, entity and time of day, and returns the groups seen on at
 * least `minDays` different UTC days, most days first. Such a group is a daily burst that kept
 * alerting instead of becoming part of its baseline.
 */
export function dailyRepeats(
  judged: readonly JudgedAlert<Alert>[],
  minDays = MIN_REPEAT_DAYS,
): DailyRepeat[] {
  const groups = new Map<string, Alert[]>();
  for (const { alert, verdict } of judged) {
    if (verdict !== "false") continue;
    const slot = slotOfDay(windowIndexOf(alert.windowStartMs));
    const key = [alert.detectionId, alert.endpoint, alert.statusCode, alert.clientIp, slot].join(
      "\u001f",
    );
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  return [...groups.values()]
    .map((alerts) => ({
      alert: alerts[alerts.length - 1]!,
      slotOfDay: slotOfDay(windowIndexOf(alerts[0]!.windowStartMs)),
      days: new Set(alerts.map((alert) => Math.floor(alert.windowStartMs / 86_400_000))).size,
      alerts: alerts.length,
    }))
    .filter((group) => group.days >= minDays)
    .sort((left, right) => right.days - left.days || right.alert.score - left.alert.score);
}
