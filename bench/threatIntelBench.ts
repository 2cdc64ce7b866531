/**
 * Builds an IpPrefixSet from 300,000 seeded random prefixes (mostly IPv4, some IPv6) and reports
 * build time, lookups per second and heap used. Run: `npx tsx bench/threatIntelBench.ts`; with
 * `node --expose-gc --import tsx bench/threatIntelBench.ts` the heap figure excludes garbage.
 */
import { IpPrefixSet } from "../shared/threatIntel/ipPrefixSet.js";
import type { ThreatEntry } from "../shared/threatIntel/threatEntry.js";
import { seededRandom } from "./seededRandom.js";

const PREFIX_COUNT = 300_000;
const IPV6_SHARE = 0.05;
const LOOKUP_COUNT = 1_000_000;
const SEED = 20240312;
const VALID_AT_MS = Date.parse("2024-03-12T12:00:00Z");

const random = seededRandom(SEED);

/** A uniform unsigned 32-bit integer. */
function next(): number {
  return Math.floor(random() * 2 ** 32);
}

function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".");
}

function randomIpv4Prefix(): string {
  const roll = next() % 10;
  const prefixLength = roll < 6 ? 32 : roll < 9 ? 24 + (next() % 8) : 16 + (next() % 8);
  const mask = prefixLength === 0 ? 0 : (0xffff_ffff << (32 - prefixLength)) >>> 0;
  return `${ipv4Text((next() & mask) >>> 0)}/${prefixLength}`;
}

function randomIpv6Prefix(): string {
  const prefixLength = [32, 48, 64][next() % 3]!;
  const groups = Array.from({ length: prefixLength / 16 }, () => (next() & 0xffff).toString(16));
  groups[0] = (0x2a00 + (next() & 0xff)).toString(16);
  return `${groups.join(":")}::/${prefixLength}`;
}

function randomQueries(prefixes: string[]): string[] {
  return Array.from({ length: LOOKUP_COUNT }, (_, index) => {
    if (index % 2 === 1) return ipv4Text(next());
    const prefix = prefixes[next() % prefixes.length]!;
    const address = prefix.slice(0, prefix.indexOf("/"));
    return address.endsWith("::") ? `${address}1` : address;
  });
}

function heapUsedMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function main(): void {
  const prefixes = Array.from({ length: PREFIX_COUNT }, () =>
    random() < IPV6_SHARE ? randomIpv6Prefix() : randomIpv4Prefix(),
  );
  const queries = randomQueries(prefixes);
  const heapBeforeMb = heapUsedMb();

  const set = new IpPrefixSet<ThreatEntry>();
  const addMs = timeMs(() => {
    prefixes.forEach((prefix, index) => {
      set.add(prefix, { feedName: "bench", listedAs: prefix, prefix, line: index + 1 });
    });
  });
  const indexMs = timeMs(() => set.match("198.51.100.1"));
  const heapAfterMb = heapUsedMb();

  let hits = 0;
  const lookupMs = timeMs(() => {
    for (const query of queries) if (set.match(query, VALID_AT_MS) !== null) hits += 1;
  });

  const report = {
    entries: set.size,
    distinctPrefixes: set.prefixCount,
    addMs: Math.round(addMs),
    firstLookupBuildMs: Math.round(indexMs),
    heapUsedMb: Math.round(heapAfterMb - heapBeforeMb),
    lookups: queries.length,
    hits,
    lookupsPerSecond: Math.round(queries.length / (lookupMs / 1000)),
    nsPerLookup: Math.round((lookupMs * 1e6) / queries.length),
  };
  console.log(JSON.stringify(report, null, 2));
}

main();
