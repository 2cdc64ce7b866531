import type { EvidenceRequest } from "../alerts/alert.js";
import type { ValueSpread } from "../aggregation/distinctAggregate.js";
import { compareSamples } from "../aggregation/sampleReservoir.js";
import { KEY_SEPARATOR, splitPopulationKey } from "../aggregation/windowAggregate.js";
import type { Deviation } from "../baselines/countDeviation.js";
import { SKETCH_STANDARD_ERROR } from "../sketches/distinctSketch.js";
import type { DetectionContext } from "./detector.js";

const SAMPLE_REQUESTS = 3;

/** Earliest sample requests of one client to one endpoint, whatever their status. */
export function clientSamplesOf(
  context: DetectionContext,
  clientIp: string,
  endpoint: string,
): EvidenceRequest[] {
  const prefix = `${clientIp}${KEY_SEPARATOR}${endpoint}${KEY_SEPARATOR}`;
  const samples: EvidenceRequest[] = [];
  for (const [key, stats] of context.aggregate.clients) {
    if (key.startsWith(prefix)) samples.push(stats.extremes.response);
  }
  return samples.sort(compareSamples).slice(0, SAMPLE_REQUESTS);
}

/** Earliest sample requests to one endpoint from all clients, whatever their status. */
export function endpointSamplesOf(context: DetectionContext, endpoint: string): EvidenceRequest[] {
  const samples: EvidenceRequest[] = [];
  for (const [key, kept] of context.aggregate.samples) {
    if (splitPopulationKey(key).endpoint === endpoint) samples.push(...kept);
  }
  return samples.sort(compareSamples).slice(0, SAMPLE_REQUESTS);
}

/** What every parameter alert says about the values it counted: redacted, never clear. */
export function valueDetailsOf(spread: ValueSpread): Record<string, unknown> {
  return {
    requests: spread.requests,
    failedShare: spread.requests === 0 ? 0 : round(spread.failed / spread.requests, 3),
    valueSamples: spread.samples.map((sample) => sample.redacted),
    exact: spread.values.exact,
    relativeStandardError: spread.values.exact ? 0 : round(SKETCH_STANDARD_ERROR, 4),
  };
}

export function baselineOf(
  deviation: Deviation,
  history: { windows: number; days: number },
): { centre: number; spread: number; windows: number; days: number } {
  return {
    centre: round(deviation.centre, 2),
    spread: round(deviation.spread, 2),
    windows: history.windows,
    days: history.days,
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** ` It also varied query:sort (60 values).` for the other parameters that fired, or nothing. */
export function alsoVaried(others: readonly { key: string; values: number }[]): string {
  if (others.length === 0) return "";
  const named = others.map(
    (other) =>
      `${other.key.slice(other.key.lastIndexOf(KEY_SEPARATOR) + 1)} (${other.values} values)`,
  );
  return ` It also varied ${named.join(", ")}.`;
}
