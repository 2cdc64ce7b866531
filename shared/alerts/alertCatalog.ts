/**
 * The thirteen detections gatewarden raises. Type names, tactics and severities match Defender for
 * APIs so that existing Sentinel content keeps working; the summaries are ours.
 */
export type AlertType =
  | "API_PopulationSpikeInAPITraffic"
  | "API_SpikeInAPITraffic"
  | "API_SpikeInPayload"
  | "API_SpikeInLatency"
  | "API_SprayInRequests"
  | "API_ParameterEnumeration"
  | "API_DistributedParameterEnumeration"
  | "API_UnseenParamType"
  | "API_UnseenParam"
  | "API_AccessFromTorExitNode"
  | "API_AccessFromSuspiciousIP"
  | "API_AccessFromSuspiciousUserAgent";

export type Severity = "Informational" | "Low" | "Medium" | "High";

/** One row per detection; two detections share `API_SpikeInPayload` (response and request size). */
export type DetectionId =
  | Exclude<AlertType, "API_SpikeInPayload">
  | "API_SpikeInPayload/response"
  | "API_SpikeInPayload/request";

export interface DetectionInfo {
  id: DetectionId;
  alertType: AlertType;
  alertName: string;
  tactics: string;
  severity: Severity;
  /** What the detection looks for, in one sentence, for docs and the alert's description. */
  summary: string;
}

const catalog: DetectionInfo[] = [
  {
    id: "API_PopulationSpikeInAPITraffic",
    alertType: "API_PopulationSpikeInAPITraffic",
    alertName: "Suspicious population-level spike in API traffic to an API endpoint",
    tactics: "Impact",
    severity: "Medium",
    summary:
      "All clients together sent an endpoint far more requests with one status code than that endpoint usually receives at this time of day.",
  },
  {
    id: "API_SpikeInAPITraffic",
    alertType: "API_SpikeInAPITraffic",
    alertName: "Suspicious spike in API traffic from a single IP address to an API endpoint",
    tactics: "Impact",
    severity: "Medium",
    summary: "One client sent an endpoint far more requests than its own history predicts.",
  },
  {
    id: "API_SpikeInPayload/response",
    alertType: "API_SpikeInPayload",
    alertName:
      "Unusually large response payload transmitted between a single IP address and an API endpoint",
    tactics: "Initial access",
    severity: "Medium",
    summary:
      "Responses from an endpoint to one client were much larger than that pair's usual response size for the same status code.",
  },
  {
    id: "API_SpikeInPayload/request",
    alertType: "API_SpikeInPayload",
    alertName:
      "Unusually large request body transmitted between a single IP address and an API endpoint",
    tactics: "Initial access",
    severity: "Medium",
    summary:
      "One client sent an endpoint request bodies much larger than that pair usually sends for the same status code.",
  },
  {
    id: "API_SpikeInLatency",
    alertType: "API_SpikeInLatency",
    alertName:
      "Suspicious spike in latency for traffic between a single IP address and an API endpoint",
    tactics: "Initial access",
    severity: "Medium",
    summary:
      "Calls from one client to an endpoint took much longer than that pair's usual latency for the same status code.",
  },
  {
    id: "API_SprayInRequests",
    alertType: "API_SprayInRequests",
    alertName:
      "API requests spray from a single IP address to an unusually large number of distinct API endpoints",
    tactics: "Discovery",
    severity: "Medium",
    summary: "One client touched far more distinct endpoints in a window than clients normally do.",
  },
  {
    id: "API_ParameterEnumeration",
    alertType: "API_ParameterEnumeration",
    alertName: "Parameter enumeration on an API endpoint",
    tactics: "Initial access",
    severity: "Medium",
    summary:
      "One client tried far more distinct parameter values on an endpoint than is usual for it.",
  },
  {
    id: "API_DistributedParameterEnumeration",
    alertType: "API_DistributedParameterEnumeration",
    alertName: "Distributed parameter enumeration on an API endpoint",
    tactics: "Initial access",
    severity: "Medium",
    summary:
      "Clients together tried far more distinct parameter values on an endpoint than its history predicts.",
  },
  {
    id: "API_UnseenParamType",
    alertType: "API_UnseenParamType",
    alertName: "Parameter value(s) with anomalous data types in an API call",
    tactics: "Impact",
    severity: "Medium",
    summary: "A parameter carried a kind of value that the endpoint has rarely or never received.",
  },
  {
    id: "API_UnseenParam",
    alertType: "API_UnseenParam",
    alertName: "Previously unseen parameter used in an API call",
    tactics: "Impact",
    severity: "Medium",
    summary:
      "A call used a parameter name that the endpoint has not learned from its last 30 days.",
  },
  {
    id: "API_AccessFromTorExitNode",
    alertType: "API_AccessFromTorExitNode",
    alertName: "Access from a Tor exit node to an API endpoint",
    tactics: "Pre-attack",
    severity: "Medium",
    summary: "A call came from an address that the Tor network lists as an exit relay.",
  },
  {
    id: "API_AccessFromSuspiciousIP",
    alertType: "API_AccessFromSuspiciousIP",
    alertName: "API Endpoint access from suspicious IP",
    tactics: "Pre-attack",
    severity: "High",
    summary:
      "A call came from an address that a configured threat-intelligence feed lists as hostile.",
  },
  {
    id: "API_AccessFromSuspiciousUserAgent",
    alertType: "API_AccessFromSuspiciousUserAgent",
    alertName: "Suspicious User Agent detected",
    tactics: "Execution",
    severity: "Medium",
    summary:
      "A request's User-Agent header carried code meant to run on the server, such as a JNDI lookup or a shell command.",
  },
];

export const DETECTIONS: ReadonlyMap<DetectionId, Readonly<DetectionInfo>> = new Map(
  catalog.map((info) => [info.id, Object.freeze(info)]),
);

export function detectionInfo(id: DetectionId): Readonly<DetectionInfo> {
  const info = DETECTIONS.get(id);
  if (!info) throw new Error(`unknown detection ${JSON.stringify(id)}`);
  return info;
}
