import { drawIpv4 } from "../addressSpace.js";
import type { ClientIdentity } from "../generatedRequest.js";
import type { ReferenceData } from "../referenceData.js";
import type { SeededRandom } from "../seededRandom.js";

const ATTACKER_HEADER_BYTES = 310;

/**
 * A fresh attacking client: a hosting-range address no benign client uses and no list names,
 * calling directly (no proxy), with the web shop's public subscription key.
 */
export function attackerIdentity(
  random: SeededRandom,
  reference: ReferenceData,
  userAgent: string,
  key: string,
): ClientIdentity {
  return listedAttackerIdentity(drawIpv4(random, "hosting", reference.listed), userAgent, key);
}

/** An attacking client at a given address, such as a Tor exit or a listed host. */
export function listedAttackerIdentity(
  callerIp: string,
  userAgent: string,
  key: string,
): ClientIdentity {
  return {
    key,
    kind: "attacker",
    callerIp,
    userAgent,
    subscriptionId: "web-app",
    headerBytes: ATTACKER_HEADER_BYTES,
  };
}
