import {
  createHttpHeaders,
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { seededRandom } from "../../bench/seededRandom.js";

/**
 * What can go wrong with one attempt of a Table Storage request:
 * - `throttled429`, `busy503`: the service refuses the request without applying it;
 * - `timeoutBeforeSend`: the connection drops before the request reaches the service;
 * - `timeoutAfterSend`: the service applies the request but its answer is lost;
 * - `etagConflict`: another writer changed the entity first (claims of a window only).
 */
export type FaultKind =
  "throttled429" | "busy503" | "timeoutBeforeSend" | "timeoutAfterSend" | "etagConflict";

export const ALL_FAULTS: readonly FaultKind[] = [
  "throttled429",
  "busy503",
  "timeoutBeforeSend",
  "timeoutAfterSend",
  "etagConflict",
];

export interface FaultInjector {
  /** Goes into the SDK pipeline at position `perRetry`, so every attempt, retries included, may fail. */
  readonly policy: PipelinePolicy;
  /** Faults are injected only while this is true: tables open cleanly, then the test turns it on. */
  enabled: boolean;
  /** Attempts that reached the policy while enabled. */
  attempts: number;
  readonly injected: Record<FaultKind, number>;
}

/**
 * A pipeline policy that fails `share` of the attempts, drawn from a seeded generator so every
 * run injects the same faults into the same sequence of requests.
 */
export function createFaultInjector(
  seed: number,
  share: number,
  kinds: readonly FaultKind[] = ALL_FAULTS,
): FaultInjector {
  const random = seededRandom(seed);
  const injector: FaultInjector = {
    enabled: false,
    attempts: 0,
    injected: {
      throttled429: 0,
      busy503: 0,
      timeoutBeforeSend: 0,
      timeoutAfterSend: 0,
      etagConflict: 0,
    },
    policy: {
      name: "gatewardenFaultInjection",
      sendRequest: async (request, next) => {
        if (!injector.enabled) return next(request);
        injector.attempts += 1;
        const draw = random();
        const kind = kinds[Math.floor(random() * kinds.length)]!;
        if (draw >= share || !applies(kind, request)) return next(request);
        injector.injected[kind] += 1;
        return inject(kind, request, next);
      },
    },
  };
  return injector;
}

export interface Outage {
  readonly policy: PipelinePolicy;
  /** While true, every attempt is answered with the outage's status without reaching the service. */
  active: boolean;
  /** Attempts answered with the outage's status. */
  attempts: number;
}

/** A service outage that the test switches on and off. */
export function createOutage(status: 503 | 500): Outage {
  const outage: Outage = {
    active: false,
    attempts: 0,
    policy: {
      name: "gatewardenOutage",
      sendRequest: async (request, next) => {
        if (!outage.active) return next(request);
        outage.attempts += 1;
        return errorResponse(request, status, "ServerBusy", {});
      },
    },
  };
  return outage;
}

/** True when the error is one the injector produced and the SDK gave up retrying. */
export function isInjectedFailure(error: unknown): boolean {
  return error instanceof RestError && /injected/i.test(error.message);
}

/**
 * An ETag conflict is injected only into window claims: a real conflict there means another
 * evaluator took the window, which the evaluator must survive. A conflict on completing a window
 * means its lease was lost mid-evaluation, which a concurrency test covers instead.
 */
function applies(kind: FaultKind, request: PipelineRequest): boolean {
  if (kind !== "etagConflict") return true;
  const ifMatch = request.headers.get("If-Match");
  return (
    ifMatch !== undefined &&
    ifMatch !== "*" &&
    typeof request.body === "string" &&
    request.body.includes('"status":"evaluating"')
  );
}

async function inject(
  kind: FaultKind,
  request: PipelineRequest,
  next: (request: PipelineRequest) => Promise<PipelineResponse>,
): Promise<PipelineResponse> {
  switch (kind) {
    case "throttled429":
      return errorResponse(request, 429, "TooManyRequests", { "Retry-After": "0" });
    case "busy503":
      return errorResponse(request, 503, "ServerBusy", {});
    case "timeoutBeforeSend":
      throw new RestError("injected timeout before the request was sent", {
        code: "ETIMEDOUT",
        request,
      });
    case "timeoutAfterSend":
      await next(request);
      throw new RestError("injected timeout after the service applied the request", {
        code: "ETIMEDOUT",
        request,
      });
    case "etagConflict":
      return errorResponse(request, 412, "UpdateConditionNotSatisfied", {});
  }
}

function errorResponse(
  request: PipelineRequest,
  status: number,
  code: string,
  headers: Record<string, string>,
): PipelineResponse {
  const body = { "odata.error": { code, message: { lang: "en-US", value: `injected ${code}` } } };
  return {
    request,
    status,
    headers: createHttpHeaders({ "content-type": "application/json", ...headers }),
    bodyAsText: JSON.stringify(body),
  };
}
