import type { EvidenceRequest } from "../alerts/alert.js";

/** How many sample requests an aggregate keeps per key. */
export const SAMPLES_PER_KEY = 3;

/**
 * Keeps the `SAMPLES_PER_KEY` earliest samples, ordered by time then path then client. Choosing by
 * a total order, not by arrival, makes merging partials from different partitions give the same
 * samples whatever order they are merged in.
 */
export function keepSample(samples: EvidenceRequest[], candidate: EvidenceRequest): void {
  if (samples.length >= SAMPLES_PER_KEY) {
    const last = samples[samples.length - 1];
    if (last && compareSamples(candidate, last) >= 0) return;
  }
  const position = samples.findIndex((kept) => compareSamples(candidate, kept) <= 0);
  if (position >= 0 && compareSamples(candidate, samples[position]!) === 0) return;
  if (position < 0) samples.push(candidate);
  else samples.splice(position, 0, candidate);
  if (samples.length > SAMPLES_PER_KEY) samples.length = SAMPLES_PER_KEY;
}

export function mergeSamples(into: EvidenceRequest[], from: readonly EvidenceRequest[]): void {
  for (const sample of from) keepSample(into, sample);
}

/** The total order samples are kept by: time, then path, client and the rest. */
export function compareSamples(a: EvidenceRequest, b: EvidenceRequest): number {
  return (
    compareText(a.time, b.time) ||
    compareText(a.path, b.path) ||
    compareText(a.clientIp, b.clientIp) ||
    a.statusCode - b.statusCode ||
    a.responseBytes - b.responseBytes ||
    a.requestBytes - b.requestBytes ||
    a.latencyMs - b.latencyMs ||
    compareText(a.method, b.method) ||
    compareText(a.userAgent ?? "", b.userAgent ?? "")
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
