import type { SeededRandom } from "./seededRandom.js";

/**
 * Daily and weekly cycles, in UTC. Each profile gives the relative request rate at the start of
 * every hour; the rate runs linearly to the next hour's value, so counts change smoothly across
 * window boundaries instead of in hourly steps.
 */
export type ProfileName = "office" | "leisure" | "server";

/** People at work: a business-hours plateau, quiet nights. */
const OFFICE = [
  0.06, 0.04, 0.03, 0.03, 0.04, 0.08, 0.2, 0.45, 0.8, 1, 1, 0.97, 0.9, 0.95, 1, 0.97, 0.88, 0.74,
  0.58, 0.46, 0.38, 0.3, 0.2, 0.11,
];

/** People on their phones: a daytime shoulder and an evening peak. */
const LEISURE = [
  0.35, 0.2, 0.11, 0.07, 0.06, 0.09, 0.2, 0.38, 0.52, 0.58, 0.6, 0.64, 0.7, 0.68, 0.66, 0.68, 0.74,
  0.84, 0.95, 1, 0.98, 0.88, 0.72, 0.52,
];

// Partner servers act for their own users, so they follow the office day, damped.
const SERVER = OFFICE.map((rate) => 0.3 + 0.7 * rate);

const PROFILES: Readonly<Record<ProfileName, readonly number[]>> = {
  office: OFFICE,
  leisure: LEISURE,
  server: SERVER,
};

/** The rate at the start of `hourOfDay` and at its end. */
function rateBounds(profile: ProfileName, hourOfDay: number): [number, number] {
  const rates = PROFILES[profile];
  return [rates[hourOfDay] as number, rates[(hourOfDay + 1) % 24] as number];
}

/** The share of a day's requests that falls in `hourOfDay` (0..23); the 24 shares sum to 1. */
export function hourShare(profile: ProfileName, hourOfDay: number): number {
  const rates = PROFILES[profile];
  const total = rates.reduce((sum, rate) => sum + rate, 0);
  const [start, end] = rateBounds(profile, hourOfDay);
  return (start + end) / 2 / total;
}

/** A position in [0, 1) within `hourOfDay`, drawn from the linearly changing rate. */
export function positionInHour(
  profile: ProfileName,
  hourOfDay: number,
  random: SeededRandom,
): number {
  const [start, end] = rateBounds(profile, hourOfDay);
  const uniform = random.next();
  if (Math.abs(end - start) < 1e-9) return uniform;
  const position =
    (Math.sqrt(start * start + uniform * (end * end - start * start)) - start) / (end - start);
  return Math.min(Math.max(position, 0), 0.999_999_9);
}

/**
 * The volume of a weekday relative to the weekly mean, for a kind whose weekend days carry
 * `weekendFactor` of a weekday: the week's seven days then average exactly 1.
 */
export function weekdayVolume(weekendFactor: number): number {
  return 7 / (5 + 2 * weekendFactor);
}

/** True for Saturday and Sunday (UTC). */
export function isWeekend(dayStartMs: number): boolean {
  const weekday = new Date(dayStartMs).getUTCDay();
  return weekday === 0 || weekday === 6;
}
