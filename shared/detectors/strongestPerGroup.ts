/** The strongest candidate of a group, and the rest of the group to name in its evidence. */
export interface Strongest<T> {
  top: T;
  others: T[];
}

/**
 * Groups candidates (e.g. parameters of one endpoint) and keeps the highest-scoring one per group,
 * ties broken by `tieBreak`, so an attack that varies three parameters raises one alert naming all
 * three. Groups come back strongest first.
 */
export function strongestPerGroup<T>(
  candidates: readonly T[],
  groupOf: (candidate: T) => string,
  scoreOf: (candidate: T) => number,
  tieBreak: (candidate: T) => string,
): Strongest<T>[] {
  const order = (a: T, b: T) =>
    scoreOf(b) - scoreOf(a) || (tieBreak(a) < tieBreak(b) ? -1 : tieBreak(a) > tieBreak(b) ? 1 : 0);
  const groups = new Map<string, T[]>();
  for (const candidate of candidates) {
    const group = groupOf(candidate);
    groups.set(group, [...(groups.get(group) ?? []), candidate]);
  }
  return [...groups.values()]
    .map((members) => {
      const [top, ...others] = [...members].sort(order);
      return { top: top!, others };
    })
    .sort((a, b) => order(a.top, b.top));
}
