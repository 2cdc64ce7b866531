import type { ClientPopulation, InteractiveUser, PartnerClient } from "./clientPopulation.js";

/**
 * Clients with a history, for attacks from a compromised client and for benign scenarios by a
 * known one. Heaviest first, so they certainly called their endpoints during the warm-up.
 */
export function establishedBrowserUsers(population: ClientPopulation): InteractiveUser[] {
  return population.users
    .filter((user) => user.kind === "browser" && user.firstDay === 0 && user.proxyIp === undefined)
    .sort((left, right) => right.weight - left.weight);
}

/** Partners that call `endpoint` at a Poisson rate (not pollers), heaviest first. */
export function establishedPartners(
  population: ClientPopulation,
  endpoint: string,
): PartnerClient[] {
  return population.partners
    .filter((partner) => !partner.polls)
    .filter((partner) =>
      partner.operations.items.some((operation) => operation.endpoint === endpoint),
    )
    .sort((left, right) => right.weight - left.weight);
}

/** The `ordinal`-th candidate, wrapping around; throws naming `purpose` when there is none. */
export function nthCandidate<T>(candidates: readonly T[], ordinal: number, purpose: string): T {
  const candidate = candidates[ordinal % Math.max(candidates.length, 1)];
  if (candidate === undefined) throw new Error(`no established client available for ${purpose}`);
  return candidate;
}
