import type { ProfileName } from "./trafficProfile.js";
import { weekdayVolume } from "./trafficProfile.js";

/** One kind of benign traffic: its share of the weekly mean, its weekend dip, its daily shape. */
export interface TrafficShare {
  share: number;
  /** A weekend day's volume as a fraction of a weekday's. */
  weekendFactor: number;
  profile: ProfileName;
}

export type TrafficKind = "browser" | "mobile" | "partner" | "batch";

/**
 * How `--requests-per-day` splits: the weekly mean of each kind is `share` of it. People at desks
 * mostly vanish at weekends, phones barely dip, partners follow their own users, batch jobs
 * never rest. Batch's profile is unused: jobs run at fixed minutes.
 */
export const TRAFFIC_MIX: Readonly<Record<TrafficKind, TrafficShare>> = {
  browser: { share: 0.3, weekendFactor: 0.35, profile: "office" },
  mobile: { share: 0.3, weekendFactor: 0.9, profile: "leisure" },
  partner: { share: 0.32, weekendFactor: 0.75, profile: "server" },
  batch: { share: 0.08, weekendFactor: 1, profile: "server" },
};

/** Expected requests of `kind` on a weekday or weekend day, before scenario effects. */
export function dailyVolume(kind: TrafficKind, requestsPerDay: number, weekend: boolean): number {
  const { share, weekendFactor } = TRAFFIC_MIX[kind];
  const weekday = share * requestsPerDay * weekdayVolume(weekendFactor);
  return weekend ? weekday * weekendFactor : weekday;
}
