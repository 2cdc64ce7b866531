import type { WindowAggregate } from "./windowAggregate.js";

/**
 * Distinct client keys (address × endpoint × status) one window's merged aggregate keeps. A key
 * costs about 2.5 KB of heap with its evidence, so the cap holds an evaluation near 500 MB however
 * many addresses a spray uses.
 */
export const MAX_CLIENT_KEYS_PER_WINDOW = 200_000;

/** Distinct population keys (endpoint × status) a window keeps: random unmatched paths make these. */
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
}

export function noKeysDropped(): KeysDropped {
  return { clientKeys: 0, populationKeys: 0 };
}

/**
 * Keeps the client and population keys with the most requests (ties: the smaller key), dropping
 * the rest with their samples, and adds what it dropped to `dropped`. Dropped requests still
 * count in the window's records, its indicators and, for client keys, the population. The busiest
 * keys, the ones a spike detector can alert on, are the ones kept.
 */
export function capKeys(
  aggregate: WindowAggregate,
  caps: Readonly<KeyCaps>,
  dropped: KeysDropped,
): void {
  dropped.clientKeys += trimToBusiest(aggregate.clients, caps.clientKeys);
  const populationBefore = aggregate.population.size;
  trimToBusiest(aggregate.population, caps.populationKeys);
  if (aggregate.population.size === populationBefore) return;
  dropped.populationKeys += populationBefore - aggregate.population.size;
  for (const key of aggregate.samples.keys()) {
    if (!aggregate.population.has(key)) aggregate.samples.delete(key);
  }
}

/** True when the aggregate holds half again as many keys as a cap allows: time to trim. */
export function isOverCap(aggregate: WindowAggregate, caps: Readonly<KeyCaps>): boolean {
  return (
    aggregate.clients.size > caps.clientKeys * 1.5 ||
    aggregate.population.size > caps.populationKeys * 1.5
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
