import type { DetectionId } from "../../shared/alerts/alertCatalog.js";
import type { AttackLabel, BenignLabel } from "../generator/datasetLabel.js";
import {
  alertFitsAllowance,
  alertIsRelatedToLabel,
  alertMatchesLabel,
  entityAgrees,
  type MatchableAlert,
  windowsOverlap,
} from "./alertMatch.js";

/**
 * What one alert turned out to be: `true` reports a labelled attack of its own kind, `related`
 * is a kind the attack's label says it also trips, `by design` is within what a benign label's
 * `expectedAlerts` allow, `false` is everything else.
 */
export type AlertVerdict = "true" | "related" | "by design" | "false";

export interface JudgedAlert<A extends MatchableAlert> {
  alert: A;
  verdict: AlertVerdict;
  /**
   * Ids of the labels it matched: attack labels for true and related alerts (its own kind first,
   * else related ones), the one benign label whose allowance it used for by design.
   */
  labelIds: string[];
  /** Benign hard-negative labels a false alert falls on, by id; empty for every other verdict. */
  hardNegativeIds: string[];
  /**
   * Attack labels a false alert coincides with, by id: same window and same endpoint or client,
   * but of a kind the label does not list as related. Empty for every other verdict.
   */
  coincidentAttackIds: string[];
}

export interface JudgedLabel<A extends MatchableAlert> {
  label: AttackLabel;
  /** Alerts of the label's own kind that matched it, in alert order. */
  alerts: A[];
}

export interface MatchOutcome<A extends MatchableAlert> {
  alerts: JudgedAlert<A>[];
  labels: JudgedLabel<A>[];
}

/**
 * Judges every alert against the attack labels and the benign hard negatives. An alert may match
 * several labels and a label several alerts (one per endpoint the attacker touched); a label
 * counts as detected when at least one alert of its kind matched it. Alerts that would be false
 * but fit a benign label's allowance are by design, earliest window first, up to its `maxAlerts`.
 */
export function matchAlerts<A extends MatchableAlert>(
  alerts: readonly A[],
  attacks: readonly AttackLabel[],
  benign: readonly BenignLabel[],
): MatchOutcome<A> {
  const labels = attacks.map((label) => ({ label, alerts: [] as A[] }));
  const judged = alerts.map((alert) => judge(alert, labels, benign));
  const allotted = allotAllowances(judged, benign);
  return {
    alerts: judged.map((entry) => {
      const labelId = allotted.get(entry);
      if (labelId === undefined) return entry;
      return {
        ...entry,
        verdict: "by design",
        labelIds: [labelId],
        hardNegativeIds: [],
        coincidentAttackIds: [],
      };
    }),
    labels,
  };
}

/**
 * Which false alerts each benign label's allowances take, as alert → benign label id. Each
 * allowance takes the fitting alerts with the earliest windows (ties in alert order), at most
 * `maxAlerts`; an alert is taken once.
 */
function allotAllowances<A extends MatchableAlert>(
  judged: readonly JudgedAlert<A>[],
  benign: readonly BenignLabel[],
): Map<JudgedAlert<A>, string> {
  const allotted = new Map<JudgedAlert<A>, string>();
  const candidates = judged
    .filter((entry) => entry.verdict === "false")
    .sort((left, right) => left.alert.windowStartMs - right.alert.windowStartMs);
  for (const label of benign) {
    for (const allowance of label.expectedAlerts ?? []) {
      const fitting = candidates.filter(
        (entry) => !allotted.has(entry) && alertFitsAllowance(entry.alert, allowance, label),
      );
      for (const entry of fitting.slice(0, allowance.maxAlerts)) allotted.set(entry, label.id);
    }
  }
  return allotted;
}

function judge<A extends MatchableAlert>(
  alert: A,
  labels: JudgedLabel<A>[],
  benign: readonly BenignLabel[],
): JudgedAlert<A> {
  const own = labels.filter((judged) => alertMatchesLabel(alert, judged.label));
  for (const judged of own) judged.alerts.push(alert);
  if (own.length > 0) {
    return {
      alert,
      verdict: "true",
      labelIds: own.map((judged) => judged.label.id),
      hardNegativeIds: [],
      coincidentAttackIds: [],
    };
  }
  const related = labels.filter((judged) => alertIsRelatedToLabel(alert, judged.label));
  if (related.length > 0) {
    return {
      alert,
      verdict: "related",
      labelIds: related.map((judged) => judged.label.id),
      hardNegativeIds: [],
      coincidentAttackIds: [],
    };
  }
  const hardNegatives = benign.filter(
    (label) => windowsOverlap(alert, label) && entityAgrees(alert, label.entity),
  );
  const coincident = labels.filter((judged) => coincides(alert, judged.label));
  return {
    alert,
    verdict: "false",
    labelIds: [],
    hardNegativeIds: hardNegatives.map((label) => label.id),
    coincidentAttackIds: coincident.map((judged) => judged.label.id),
  };
}

function coincides(alert: MatchableAlert, label: AttackLabel): boolean {
  if (!windowsOverlap(alert, label)) return false;
  const sameEndpoint = alert.endpoint !== "" && alert.endpoint === label.entity.endpoint;
  const sameClient = alert.clientIp !== "" && alert.clientIp === label.entity.clientIp;
  return sameEndpoint || sameClient;
}

/** The alerts of one detection. */
export function alertsOfKind<A extends MatchableAlert>(
  judged: readonly JudgedAlert<A>[],
  detectionId: DetectionId,
): JudgedAlert<A>[] {
  return judged.filter((entry) => entry.alert.detectionId === detectionId);
}
