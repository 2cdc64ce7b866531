import type { IndicatorFinding } from "../aggregation/windowAggregate.js";
import type { DetectionSettings } from "../config/detectionSettings.js";
import type { RequestRecord } from "../records/requestRecord.js";
import { createUserAgentClassifier } from "./userAgent/classifyUserAgent.js";

/** Looks at one request at ingest time for indicators that need no baseline. */
export type RecordInspector = (record: RequestRecord) => IndicatorFinding[];

export function createRecordInspector(settings: DetectionSettings): RecordInspector {
  const userAgentSettings = settings.suspiciousUserAgent;
  const classify = createUserAgentClassifier({
    maxExaminedChars: userAgentSettings.maxExaminedChars,
    reportAttackTools: userAgentSettings.reportAttackTools,
  });
  return (record) => {
    if (!userAgentSettings.enabled || record.userAgent === "") return [];
    const finding = classify(record.userAgent);
    if (!finding) return [];
    return [
      {
        detectionId: "API_AccessFromSuspiciousUserAgent",
        category: finding.category,
        indicator: finding.fragment,
      },
    ];
  };
}
