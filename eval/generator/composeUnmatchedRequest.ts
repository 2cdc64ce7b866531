import { apiForPath } from "./apiCatalog.js";
import { headerBytes } from "./composeRequest.js";
import type { ClientIdentity, GeneratedRequest, RequestOrigin } from "./generatedRequest.js";
import type { SeededRandom } from "./seededRandom.js";

/**
 * A call no operation matches: the gateway answers 404 itself, in a few milliseconds, without a
 * backend. `apiId` is set when the path lies under an API's base path, as APIM logs it.
 */
export function composeUnmatchedRequest(
  random: SeededRandom,
  client: ClientIdentity,
  tick: number,
  method: string,
  path: string,
  origin: RequestOrigin,
): GeneratedRequest {
  const latencyMs = Math.max(1, Math.round(random.logNormal(3, 0.4)));
  return {
    tick,
    client,
    apiId: apiForPath(path)?.apiId ?? "",
    operationId: "",
    method,
    path,
    query: "",
    statusCode: 404,
    requestBytes: headerBytes(random, client) + path.length,
    responseBytes: Math.round(random.logNormal(300, 0.08)),
    latencyMs,
    backendMs: undefined,
    clientMs: Math.round(latencyMs * random.uniform(0.05, 0.3)),
    body: undefined,
    correlationId: random.uuid(),
    origin,
  };
}
