/** The benign traffic's shape, as the manifest reports it and the tests check it. */
export interface BenignStatistics {
  /** Days with no scenario in force; the cycle statistics use only these. */
  ordinaryDays: number;
  weekdayMeanRecords: number | null;
  weekendMeanRecords: number | null;
  /** Mean benign records per ordinary weekday over per ordinary weekend day. */
  weekdayToWeekendRatio: number | null;
  /** UTC hour with the most benign records on an average ordinary weekday. */
  peakHourOfDay: number | null;
  troughHourOfDay: number | null;
  /** The average ordinary weekday's busiest hour over its quietest. */
  peakToTroughRatio: number | null;
  /** Share of all benign records sent by the busiest 1% of caller addresses. */
  top1PercentClientShare: number;
  top10PercentClientShare: number;
  distinctClients: number;
}

/** The inputs: benign records per dataset hour, which days count, and records per caller. */
export interface StatisticsInput {
  benignPerHour: readonly number[];
  weekendDays: readonly boolean[];
  ordinaryDays: readonly boolean[];
  recordsPerClient: Iterable<number>;
}

export function computeBenignStatistics(input: StatisticsInput): BenignStatistics {
  const dayTotals = input.weekendDays.map((_, day) =>
    sum(input.benignPerHour.slice(day * 24, day * 24 + 24)),
  );
  const ordinary = (weekend: boolean) =>
    dayTotals.filter(
      (_, day) => input.ordinaryDays[day] === true && input.weekendDays[day] === weekend,
    );
  const weekdayMean = mean(ordinary(false));
  const weekendMean = mean(ordinary(true));
  const cycle = weekdayCycle(input);
  const shares = topShares([...input.recordsPerClient]);
  return {
    ordinaryDays: input.ordinaryDays.filter(Boolean).length,
    weekdayMeanRecords: weekdayMean,
    weekendMeanRecords: weekendMean,
    weekdayToWeekendRatio: ratio(weekdayMean, weekendMean),
    ...cycle,
    top1PercentClientShare: shares.top1,
    top10PercentClientShare: shares.top10,
    distinctClients: shares.clients,
  };
}

function weekdayCycle(input: StatisticsInput) {
  const byHour = Array.from({ length: 24 }, () => [] as number[]);
  input.weekendDays.forEach((weekend, day) => {
    if (weekend || input.ordinaryDays[day] !== true) return;
    for (let hour = 0; hour < 24; hour += 1)
      byHour[hour]?.push(input.benignPerHour[day * 24 + hour] ?? 0);
  });
  const means = byHour.map(mean);
  if (means.some((value) => value === null)) {
    return { peakHourOfDay: null, troughHourOfDay: null, peakToTroughRatio: null };
  }
  const values = means as number[];
  const peak = values.indexOf(Math.max(...values));
  const trough = values.indexOf(Math.min(...values));
  return {
    peakHourOfDay: peak,
    troughHourOfDay: trough,
    peakToTroughRatio: ratio(values[peak] ?? null, values[trough] ?? null),
  };
}

function topShares(counts: number[]): { top1: number; top10: number; clients: number } {
  counts.sort((left, right) => right - left);
  const total = sum(counts);
  const share = (fraction: number) =>
    total === 0
      ? 0
      : round(sum(counts.slice(0, Math.max(1, Math.ceil(counts.length * fraction)))) / total);
  return { top1: share(0.01), top10: share(0.1), clients: counts.length };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : round(sum(values) / values.length);
}

function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return round(numerator / denominator);
}

function round(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}
