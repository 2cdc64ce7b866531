import type { OperationSpec } from "./apiCatalog.js";

/** How a response of one status looks: lognormal size and latency, and who produced it. */
export interface StatusShape {
  responseBytesMedian: number;
  responseBytesSigma: number;
  latencyMsMedian: number;
  latencyMsSigma: number;
  /** False when the gateway answered itself (rate limit, missing key): no backend fields. */
  reachesBackend: boolean;
}

const SUCCESS_STATUSES = new Set([200, 201]);

/**
 * The shape of `statusCode` responses from `operation`. Success statuses use the operation's own
 * medians; errors are small problem documents, gateway rejections answer in a few milliseconds,
 * and server errors take longer and vary more than successes.
 */
export function statusShape(operation: OperationSpec, statusCode: number): StatusShape {
  const latency = operation.latencyMsMedian;
  if (SUCCESS_STATUSES.has(statusCode)) {
    return shape(operation.responseBytesMedian, 0.45, latency, 0.5, true);
  }
  switch (statusCode) {
    case 204:
      return shape(190, 0.1, latency, 0.5, true);
    case 304:
      return shape(240, 0.1, latency * 0.45, 0.45, true);
    case 400:
      return shape(430, 0.25, latency * 0.4, 0.5, true);
    case 401:
      return shape(330, 0.08, 2.5, 0.4, false);
    case 403:
      return shape(370, 0.15, latency * 0.5, 0.5, true);
    case 404:
      return shape(310, 0.2, latency * 0.45, 0.5, true);
    case 409:
      return shape(450, 0.2, latency * 0.9, 0.5, true);
    case 429:
      return shape(310, 0.05, 1.5, 0.4, false);
    case 500:
      return shape(350, 0.2, latency * 2.2, 0.9, true);
    case 503:
      return shape(290, 0.1, 1_800, 1.1, true);
    default:
      return shape(400, 0.3, latency, 0.6, true);
  }
}

function shape(
  responseBytesMedian: number,
  responseBytesSigma: number,
  latencyMsMedian: number,
  latencyMsSigma: number,
  reachesBackend: boolean,
): StatusShape {
  return {
    responseBytesMedian,
    responseBytesSigma,
    latencyMsMedian,
    latencyMsSigma,
    reachesBackend,
  };
}
