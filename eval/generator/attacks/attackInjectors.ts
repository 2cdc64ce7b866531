import type { DetectionId } from "../../../shared/alerts/alertCatalog.js";
import type { AttackInjector } from "./attackInjector.js";
import { injectClientSpike } from "./clientSpike.js";
import { injectDistributedEnumeration } from "./distributedEnumeration.js";
import { injectLatencySpike } from "./latencySpike.js";
import { injectParameterEnumeration } from "./parameterEnumeration.js";
import { injectPopulationSpike } from "./populationSpike.js";
import { injectRequestPayloadSpike } from "./requestPayloadSpike.js";
import { injectResponsePayloadSpike } from "./responsePayloadSpike.js";
import { injectSpray } from "./spray.js";
import { injectSuspiciousIpAccess } from "./suspiciousIpAccess.js";
import { injectSuspiciousUserAgent } from "./suspiciousUserAgent.js";
import { injectTorExitAccess } from "./torExitAccess.js";
import { injectUnseenParameter } from "./unseenParameter.js";
import { injectUnseenParamType } from "./unseenParamType.js";

/** One injector per detection, in the catalog's order. */
export const ATTACK_INJECTORS: ReadonlyMap<DetectionId, AttackInjector> = new Map<
  DetectionId,
  AttackInjector
>([
  ["API_PopulationSpikeInAPITraffic", injectPopulationSpike],
  ["API_SpikeInAPITraffic", injectClientSpike],
  ["API_SpikeInPayload/response", injectResponsePayloadSpike],
  ["API_SpikeInPayload/request", injectRequestPayloadSpike],
  ["API_SpikeInLatency", injectLatencySpike],
  ["API_SprayInRequests", injectSpray],
  ["API_ParameterEnumeration", injectParameterEnumeration],
  ["API_DistributedParameterEnumeration", injectDistributedEnumeration],
  ["API_UnseenParamType", injectUnseenParamType],
  ["API_UnseenParam", injectUnseenParameter],
  ["API_AccessFromTorExitNode", injectTorExitAccess],
  ["API_AccessFromSuspiciousIP", injectSuspiciousIpAccess],
  ["API_AccessFromSuspiciousUserAgent", injectSuspiciousUserAgent],
]);

/** Every detection id, in the catalog's order. */
export const ATTACK_KINDS: readonly DetectionId[] = [...ATTACK_INJECTORS.keys()];
