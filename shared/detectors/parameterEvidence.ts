import type { EvidenceRequest } from "../alerts/alert.js";
import {
  typeEntries,
  type CappedClients,
  type ParameterStats,
} from "../aggregation/parameterAggregate.js";
import { compareSamples } from "../aggregation/sampleReservoir.js";
import type { ValueType } from "../parameters/valueType.js";

/** Sample requests and redacted values shown per parameter alert. */
export const PARAMETER_SAMPLES = 3;

/** The one client behind a parameter, or "" when several sent it (the alert is then endpoint-wide). */
export function singleClientOf(clients: CappedClients): string {
  return clients.ips.length === 1 && !clients.more ? clients.ips[0]! : "";
}

/** `3 clients (a, b, c)` or `more than 16 clients (a, …)`: for descriptions. */
export function describeClients(clients: CappedClients): string {
  if (clients.ips.length === 1 && !clients.more) return `client ${clients.ips[0]}`;
  const count = clients.more ? `more than ${clients.ips.length}` : String(clients.ips.length);
  const shown = clients.ips.slice(0, 3).join(", ");
  return `${count} clients (${shown}${clients.ips.length > 3 || clients.more ? ", …" : ""})`;
}

/** The earliest sample of each value type the parameter received, earliest first. */
export function parameterSamples(
  stats: ParameterStats,
  onlyType?: ValueType,
): { requests: EvidenceRequest[]; values: string[] } {
  const samples = typeEntries(stats.types)
    .filter(([type]) => onlyType === undefined || type === onlyType)
    .map(([, typeStats]) => typeStats.sample)
    .sort((a, b) => compareSamples(a.request, b.request))
    .slice(0, PARAMETER_SAMPLES);
  return {
    requests: samples.map((sample) => sample.request),
    values: samples.map((sample) => sample.value),
  };
}

/** Values per type, in a stable order, for evidence. */
export function typeCountsOf(stats: ParameterStats): Record<string, number> {
  return Object.fromEntries(
    typeEntries(stats.types)
      .map(([type, typeStats]) => [type, typeStats.values] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
