import ipaddr from "ipaddr.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { RequestRecord } from "../records/requestRecord.js";

export type FindingLevel = "ok" | "warning" | "problem";

/** One thing the detectors can or cannot see in the user's logs, and what to do about it. */
export interface Finding {
  level: FindingLevel;
  topic: string;
  observation: string;
  /** What to change, empty when nothing needs to. */
  action: string;
}

export interface RecordSample {
  /** Records parsed with X-Forwarded-For trusted, so `clientIp` shows whether the header is logged. */
  records: readonly RequestRecord[];
  rejections: readonly RecordRejection[];
}

/** A caller that carries this share of all requests is taken to be a proxy, not a client. */
const PROXY_SHARE = 0.5;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

/**
 * Reads a sample of parsed records and says what the detectors will miss: no User-Agent, no
 * body bytes, no API ids, a client address hidden behind a proxy, rejected records.
 */
export function diagnoseRecords(sample: RecordSample): Finding[] {
  const total = sample.records.length;
  if (total === 0) {
    return [
      {
        level: "problem",
        topic: "records",
        observation: `no usable records (${sample.rejections.length} rejected)`,
        action: `gatewarden can detect nothing without records. ${reasonsOf(sample.rejections)}`,
      },
    ];
  }
  return [
    rejectionFinding(sample),
    userAgentFinding(sample.records),
    bodyFinding(sample.records),
    apiIdFinding(sample.records),
    clientAddressFinding(sample.records),
    samplingFinding(),
  ];
}

/** The distinct reasons of the first rejections, as an operator would read them. */
function reasonsOf(rejections: readonly RecordRejection[]): string {
  const reasons = [...new Set(rejections.map((rejection) => rejection.reason))].slice(0, 3);
  return reasons.length === 0 ? "" : `Reasons: ${reasons.join("; ")}.`;
}

function share(count: number, total: number): string {
  return `${((100 * count) / Math.max(total, 1)).toFixed(1)}%`;
}

function rejectionFinding(sample: RecordSample): Finding {
  const rejected = sample.rejections.length;
  const total = rejected + sample.records.length;
  if (rejected === 0) {
    return {
      level: "ok",
      topic: "records",
      observation: `${total} records, none rejected`,
      action: "",
    };
  }
  const reasons = new Map<string, number>();
  for (const rejection of sample.rejections)
    reasons.set(rejection.field, (reasons.get(rejection.field) ?? 0) + 1);
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return {
    level: rejected / total > 0.01 ? "problem" : "warning",
    topic: "records",
    observation: `${rejected} of ${total} records (${share(rejected, total)}) were rejected; most often for ${top.map(([field, count]) => `${field} (${count})`).join(", ")}`,
    action: `Rejected records are not counted. ${reasonsOf(sample.rejections)}`,
  };
}

function userAgentFinding(records: readonly RequestRecord[]): Finding {
  const withAgent = records.filter((record) => record.userAgent !== "").length;
  if (withAgent === 0) {
    return {
      level: "problem",
      topic: "User-Agent",
      observation: "no record carries a User-Agent header",
      action:
        "Log the User-Agent request header: in APIM, the azuremonitor diagnostic's frontend.request.headers must list User-Agent. Without it API_AccessFromSuspiciousUserAgent sees nothing.",
    };
  }
  return {
    level: withAgent < records.length * 0.9 ? "warning" : "ok",
    topic: "User-Agent",
    observation: `${share(withAgent, records.length)} of records carry a User-Agent`,
    action:
      withAgent < records.length * 0.9
        ? "Some APIs may log headers and others not: check per-API diagnostics."
        : "",
  };
}

function bodyFinding(records: readonly RequestRecord[]): Finding {
  const writes = records.filter((record) => WRITE_METHODS.has(record.method.toUpperCase()));
  if (writes.length === 0) {
    return {
      level: "ok",
      topic: "request bodies",
      observation: "no POST, PUT or PATCH requests in the sample",
      action: "",
    };
  }
  const withBody = writes.filter((record) => record.requestBody !== "").length;
  if (withBody === 0) {
    return {
      level: "warning",
      topic: "request bodies",
      observation: `none of ${writes.length} POST/PUT/PATCH requests carries logged body bytes`,
      action:
        "Parameters in JSON and form bodies stay invisible to the parameter detections. Set body.bytes (up to 8,192) on the azuremonitor diagnostic if the privacy and cost trade-off suits you.",
    };
  }
  return {
    level: "ok",
    topic: "request bodies",
    observation: `${share(withBody, writes.length)} of writes carry body bytes`,
    action: "",
  };
}

function apiIdFinding(records: readonly RequestRecord[]): Finding {
  const withIds = records.filter(
    (record) => record.apiId !== "" && record.operationId !== "",
  ).length;
  if (withIds === records.length) {
    return {
      level: "ok",
      topic: "API ids",
      observation: "every record names its API and operation",
      action: "",
    };
  }
  return {
    level: "warning",
    topic: "API ids",
    observation: `${share(records.length - withIds, records.length)} of records have no API or operation id`,
    action:
      "Those requests are grouped by method and templated path instead, which splits an operation whose path holds a word-like id (/weather/Oslo) into many endpoints.",
  };
}

function clientAddressFinding(records: readonly RequestRecord[]): Finding {
  const callers = new Map<string, number>();
  for (const record of records)
    callers.set(record.callerIp, (callers.get(record.callerIp) ?? 0) + 1);
  const [topCaller, topCount] = [...callers].sort((a, b) => b[1] - a[1])[0]!;
  const forwarded = records.filter((record) => record.clientIp !== record.callerIp).length;
  const dominated = topCount / records.length >= PROXY_SHARE && callers.size > 0;

  if (dominated && forwarded > 0) {
    return {
      level: "warning",
      topic: "client address",
      observation: `${share(topCount, records.length)} of requests come from one caller, ${topCaller}${isPrivate(topCaller) ? " (a private address)" : ""}, and ${share(forwarded, records.length)} carry X-Forwarded-For`,
      action: `APIM sits behind a proxy. Set GATEWARDEN_TRUST_FORWARDED_FOR=true and GATEWARDEN_TRUSTED_PROXIES=${topCaller}, or every per-client detection sees one client.`,
    };
  }
  if (dominated) {
    return {
      level: "problem",
      topic: "client address",
      observation: `${share(topCount, records.length)} of requests come from one caller, ${topCaller}, and no X-Forwarded-For is logged`,
      action:
        "If that caller is a proxy (Front Door, Application Gateway), log the X-Forwarded-For request header in the azuremonitor diagnostic and trust it; otherwise per-client detections see one client.",
    };
  }
  return {
    level: "ok",
    topic: "client address",
    observation: `${callers.size} distinct callers; none dominates`,
    action: "",
  };
}

function samplingFinding(): Finding {
  return {
    level: "warning",
    topic: "sampling",
    observation: "sampling cannot be seen in the records themselves",
    action:
      "Check sampling.percentage on the azuremonitor diagnostic: below 100% every count-based baseline undercounts, and single attack requests may be missed.",
  };
}

function isPrivate(address: string): boolean {
  try {
    return ipaddr.process(address).range() !== "unicast";
  } catch {
    return false;
  }
}
