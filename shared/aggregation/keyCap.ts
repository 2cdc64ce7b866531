import type { WindowAggregate } from "./windowAggregate.js";

/**
 * Distinct client keys (address × endpoint × status) one window's aggregate keeps. A key costs
 * about 2.5 KB of heap with its evidence, so the cap holds an aggregate near 500 MB however many
 * addresses a spray uses. The same cap bounds the per-client distinct counts (endpoints reached,
 * values per client × endpoint × parameter).
 */
export const MAX_CLIENT_KEYS_PER_WINDOW = 200_000;

/**
 * Distinct population keys (endpoint × status) a window keeps: random unmatched paths make these.
 * The same cap bounds the values counted per endpoint × parameter.
 */
export const MAX_POPULATION_KEYS_PER_WINDOW = 50_000;

export interface KeyCaps {
  clientKeys: number;
  populationKeys: number;
}

export const DEFAULT_KEY_CAPS: Readonly<KeyCaps> = Object.freeze({
  clientKeys: MAX_CLIENT_KEYS_PER_WINDOW,
  populationKeys: MAX_POPULATION_KEYS_PER_WINDOW,
});

/** What a cap took out of an aggregate. */
export interface KeysDropped {
  clientKeys: number;
  populationKeys: number;
  /** Entries of the distinct counts: clients' reach, and values per parameter. */
  distinctKeys: number;
}

export function noKeysDropped(): KeysDropped {
  return { clientKeys: 0, populationKeys: 0, distinctKeys: 0 };
}

export function addKeysDropped(into: KeysDropped, from: Readonly<KeysDropped>): void {
  into.clientKeys += from.clientKeys;
  into.populationKeys += from.populationKeys;
  into.distinctKeys += from.distinctKeys;
}

/**
 * Keeps the keys with the most requests (ties: the smaller key) in every keyed part of the
 * aggregate that grows with clients or endpoints, dropping the rest (population keys with their
 * samples), and adds what it dropped to `dropped`. Dropped requests still count in the window's
 * records, its indicators and, for client keys, the population. The busiest keys, the ones a
 * spike, spray or enumeration detector can alert on, are the ones kept.
 */
export function capKeys(
  aggregate: WindowAggregate,
  caps: Readonly<KeyCaps>,
  dropped: KeysDropped,
): void {
  dropped.clientKeys += trimToBusiest(aggregate.clients, caps.clientKeys);
  const populationBefore = aggregate.population.size;
  trimToBusiest(aggregate.population, caps.populationKeys);
  if (aggregate.population.size !== populationBefore) {
    dropped.populationKeys += populationBefore - aggregate.population.size;
    for (const key of aggregate.samples.keys()) {
      if (!aggregate.population.has(key)) aggregate.samples.delete(key);
    }
  }
  const { distinct } = aggregate;
  dropped.distinctKeys +=
    trimToBusiest(distinct.clients, caps.clientKeys) +
    trimToBusiest(distinct.clientValues, caps.clientKeys) +
    trimToBusiest(distinct.endpointValues, caps.populationKeys);
}

/** True when the aggregate holds half again as many keys as a cap allows: time to trim. */
export function isOverCap(aggregate: WindowAggregate, caps: Readonly<KeyCaps>): boolean {
  const clientLimit = caps.clientKeys * 1.5;
  const populationLimit = caps.populationKeys * 1.5;
  const { distinct } = aggregate;
  return (
    aggregate.clients.size > clientLimit ||
    distinct.clients.size > clientLimit ||
    distinct.clientValues.size > clientLimit ||
    aggregate.population.size > populationLimit ||
    distinct.endpointValues.size > populationLimit
  );
}

function trimToBusiest<T extends { requests: number }>(keys: Map<string, T>, cap: number): number {
  if (keys.size <= cap) return 0;
  const ranked = [...keys].sort(([leftKey, left], [rightKey, right]) =>
    right.requests !== left.requests ? right.requests - left.requests : leftKey < rightKey ? -1 : 1,
  );
  for (const [key] of ranked.slice(cap)) keys.delete(key);
  return ranked.length - cap;
}
