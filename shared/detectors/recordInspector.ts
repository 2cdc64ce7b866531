import type { IndicatorFinding } from "../aggregation/windowAggregate.js";
import type { DetectionSettings } from "../config/detectionSettings.js";
import type { RequestRecord } from "../records/requestRecord.js";
import type { ListingMatch, ThreatIntelSet } from "../threatIntel/threatIntelSet.js";
import { createUserAgentClassifier } from "./userAgent/classifyUserAgent.js";

/** Looks at one request at ingest time for indicators that need no baseline. */
export type RecordInspector = (record: RequestRecord) => IndicatorFinding[];

/** The lists in force now; the host swaps in a new set when the refresh timer stored one. */
export interface ThreatIntelSource {
  current(): ThreatIntelSet | null;
}

export function createRecordInspector(
  settings: DetectionSettings,
  threatIntel: ThreatIntelSource = { current: () => null },
): RecordInspector {
  const userAgentSettings = settings.suspiciousUserAgent;
  const classify = memoised(
    createUserAgentClassifier({
      maxExaminedChars: userAgentSettings.maxExaminedChars,
      reportAttackTools: userAgentSettings.reportAttackTools,
    }),
  );
  return (record) => {
    const findings: IndicatorFinding[] = [];
    if (userAgentSettings.enabled && record.userAgent !== "") {
      const finding = classify(record.userAgent);
      if (finding) {
        findings.push({
          detectionId: "API_AccessFromSuspiciousUserAgent",
          category: finding.category,
          indicator: finding.fragment,
        });
      }
    }
    const lists = threatIntel.current();
    if (lists) findings.push(...listFindings(lists, record, settings));
    return findings;
  };
}

/** Distinct User-Agents remembered; a fleet sends a few thousand, so most records hit. */
const MAX_REMEMBERED_USER_AGENTS = 20_000;
/** Longer headers are rare (and often attacks): classified every time rather than kept. */
const MAX_REMEMBERED_USER_AGENT_CHARS = 512;

/**
 * The classifier with its answers remembered per User-Agent: the same few strings arrive on
 * most requests, and classifying one costs microseconds. The memory is emptied when full.
 */
function memoised<R>(classify: (userAgent: string) => R): (userAgent: string) => R {
  const answers = new Map<string, R>();
  return (userAgent) => {
    if (userAgent.length > MAX_REMEMBERED_USER_AGENT_CHARS) return classify(userAgent);
    if (answers.has(userAgent)) return answers.get(userAgent)!;
    const answer = classify(userAgent);
    if (answers.size >= MAX_REMEMBERED_USER_AGENTS) answers.clear();
    answers.set(userAgent, answer);
    return answer;
  };
}

function listFindings(
  lists: ThreatIntelSet,
  record: RequestRecord,
  settings: DetectionSettings,
): IndicatorFinding[] {
  const match = lists.classify(record.clientIp, record.timeMs);
  const findings: IndicatorFinding[] = [];
  if (match.tor && settings.torExitNode.enabled) {
    findings.push({
      detectionId: "API_AccessFromTorExitNode",
      category: match.tor.entry.feedName,
      indicator: describeListing(match.tor),
    });
  }
  if (match.suspicious && settings.suspiciousIp.enabled) {
    findings.push({
      detectionId: "API_AccessFromSuspiciousIP",
      category: match.suspicious.entry.feedName,
      indicator: describeListing(match.suspicious),
    });
  }
  return findings;
}

/** `185.220.101.4/32 (line 12; also: et-compromised)`: the entry as listed, where, and who else. */
function describeListing(match: ListingMatch): string {
  const entry = match.entry;
  const detail = entry.detail ? `, ${entry.detail.slice(0, 80)}` : "";
  const score = entry.score !== undefined ? `, score ${entry.score}` : "";
  const others = match.alsoListedBy.length > 0 ? `; also ${match.alsoListedBy.join(", ")}` : "";
  return `${entry.listedAs} (line ${entry.line}${score}${detail}${others})`;
}
