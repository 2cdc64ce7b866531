import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IpPrefixError } from "../../shared/threatIntel/ipPrefix.js";
import { IpPrefixSet, isValidAt } from "../../shared/threatIntel/ipPrefixSet.js";

interface Listing {
  id: number;
  validFromMs?: number;
  validUntilMs?: number;
}

function setOf(entries: [string, Listing][]): IpPrefixSet<Listing> {
  const set = new IpPrefixSet<Listing>();
  for (const [prefix, listing] of entries) set.add(prefix, listing);
  return set;
}

describe("IpPrefixSet", () => {
  it("returns the most specific of nested prefixes", () => {
    const set = setOf([
      ["198.51.0.0/16", { id: 1 }],
      ["198.51.100.0/24", { id: 2 }],
      ["198.51.100.7", { id: 3 }],
    ]);

    expect(set.match("198.51.100.7")?.id).toBe(3);
    expect(set.match("198.51.100.8")?.id).toBe(2);
    expect(set.match("198.51.101.1")?.id).toBe(1);
    expect(set.match("198.52.0.0")).toBeNull();
    expect(set.matchAll("198.51.100.7").map((listing) => listing.id)).toEqual([3, 2, 1]);
  });

  it("keeps several entries of one prefix in adding order", () => {
    const set = setOf([
      ["203.0.113.0/24", { id: 1 }],
      ["203.0.113.0/24", { id: 2 }],
    ]);

    expect(set.size).toBe(2);
    expect(set.prefixCount).toBe(1);
    expect(set.match("203.0.113.9")?.id).toBe(1);
    expect(set.matchAll("203.0.113.9").map((listing) => listing.id)).toEqual([1, 2]);
  });

  it("matches the first and last address of a prefix and not their neighbours", () => {
    const set = setOf([["192.0.2.0/24", { id: 1 }]]);

    expect(set.match("192.0.1.255")).toBeNull();
    expect(set.match("192.0.2.0")?.id).toBe(1);
    expect(set.match("192.0.2.255")?.id).toBe(1);
    expect(set.match("192.0.3.0")).toBeNull();
  });

  it("handles prefixes touching both ends of the address space", () => {
    const set = setOf([
      ["0.0.0.0/0", { id: 1 }],
      ["255.255.255.255", { id: 2 }],
      ["::/0", { id: 3 }],
      ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", { id: 4 }],
    ]);

    expect(set.match("0.0.0.0")?.id).toBe(1);
    expect(set.match("255.255.255.254")?.id).toBe(1);
    expect(set.match("255.255.255.255")?.id).toBe(2);
    expect(set.match("2001:db8::1")?.id).toBe(3);
    expect(set.match("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")?.id).toBe(4);
  });

  it("matches IPv4-mapped IPv6 addresses and prefixes as their IPv4 form", () => {
    const set = setOf([
      ["198.51.100.0/24", { id: 1 }],
      ["::ffff:203.0.113.0/120", { id: 2 }],
    ]);

    expect(set.match("::ffff:198.51.100.7")?.id).toBe(1);
    expect(set.match("::ffff:c633:6407")?.id).toBe(1);
    expect(set.match("203.0.113.9")?.id).toBe(2);
  });

  it("keeps IPv6 prefixes apart from IPv4 addresses with the same bits", () => {
    const set = setOf([
      ["2001:db8::/32", { id: 1 }],
      ["c633:6400::/24", { id: 2 }],
    ]);

    expect(set.match("2001:db8:ffff::1")?.id).toBe(1);
    expect(set.match("2001:db9::")).toBeNull();
    expect(set.match("198.51.100.1")).toBeNull();
  });

  it("passes over entries outside their validity window and falls back to wider prefixes", () => {
    const set = setOf([
      ["198.51.100.0/24", { id: 1 }],
      ["198.51.100.7", { id: 2, validFromMs: 1_000, validUntilMs: 2_000 }],
    ]);

    expect(set.match("198.51.100.7", 999)?.id).toBe(1);
    expect(set.match("198.51.100.7", 1_000)?.id).toBe(2);
    expect(set.match("198.51.100.7", 1_999)?.id).toBe(2);
    expect(set.match("198.51.100.7", 2_000)?.id).toBe(1);
    expect(set.match("198.51.100.7")?.id).toBe(2);
  });

  it("answers correctly when entries are added after lookups", () => {
    const set = setOf([["198.51.100.0/24", { id: 1 }]]);
    expect(set.match("198.51.100.7")?.id).toBe(1);

    set.add("198.51.100.7", { id: 2 });

    expect(set.match("198.51.100.7")?.id).toBe(2);
  });

  it("refuses text that is not an address or network prefix, saying why", () => {
    const set = new IpPrefixSet<Listing>();
    const refusals = [
      [
        "198.51.100.7/24",
        '"198.51.100.7/24" has host bits set; expected the network address 198.51.100.0/24',
      ],
      [
        "198.51.100.0/33",
        '"198.51.100.0/33" has prefix length "33"; expected a whole number from 0 to 32',
      ],
      [
        "2001:db8::/129",
        '"2001:db8::/129" has prefix length "129"; expected a whole number from 0 to 128',
      ],
      ["127.1", '"127.1" is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone'],
      [
        "010.0.0.1",
        '"010.0.0.1" is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone',
      ],
      [
        "fe80::1%eth0",
        '"fe80::1%eth0" is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone',
      ],
    ];

    for (const [text, message] of refusals) {
      expect(() => set.add(text!, { id: 0 })).toThrow(new IpPrefixError(message!));
    }
    expect(() => set.match("198.51.100.7:443")).toThrow(IpPrefixError);
  });

  it("agrees with a brute-force scan for small random sets near the edges of IPv4", () => {
    const bases = [0x0000_0000, 0xc633_6400, 0xffff_ff00];
    const address = fc
      .tuple(fc.constantFrom(...bases), fc.integer({ min: 0, max: 255 }))
      .map(([base, low]) => (base | low) >>> 0);
    const prefix = fc.record({
      network: address,
      prefixLength: fc.oneof(fc.integer({ min: 20, max: 32 }), fc.constant(0)),
      window: fc.option(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }))),
    });
    const lookup = fc.record({ address, atMs: fc.option(fc.integer({ min: 0, max: 20 })) });

    fc.assert(
      fc.property(
        fc.array(prefix, { maxLength: 30 }),
        fc.array(lookup, { maxLength: 30 }),
        (drawn, lookups) => {
          const prefixes = drawn.map(({ network, prefixLength, window }, id) =>
            toRandomPrefix(network, prefixLength, id, window),
          );
          const set = new IpPrefixSet<Listing>();
          for (const { text, listing } of prefixes) set.add(text, listing);

          for (const { address: value, atMs } of lookups) {
            const expected = bruteForceIpv4(prefixes, value, atMs ?? undefined);
            expect(set.match(ipv4Text(value), atMs ?? undefined)).toBe(expected);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("agrees with a brute-force scan for 300,000 random prefixes", () => {
    const random = seededUint32(20240312);
    const ipv4Prefixes = Array.from({ length: 285_000 }, (_, id) => randomIpv4Prefix(random, id));
    const ipv6Prefixes = Array.from({ length: 15_000 }, (_, id) =>
      randomIpv6Prefix(random, 285_000 + id),
    );
    const set = new IpPrefixSet<Listing>();
    for (const { text, listing } of [...ipv4Prefixes, ...ipv6Prefixes]) set.add(text, listing);
    expect(set.size).toBe(300_000);

    let listed = 0;
    for (let lookup = 0; lookup < 1_500; lookup += 1) {
      const value = lookup % 2 === 0 ? insideOneOf(ipv4Prefixes, random) : random();
      const atMs = lookup % 3 === 0 ? undefined : random() % 1_000;
      const expected = bruteForceIpv4(ipv4Prefixes, value, atMs);
      const text = lookup % 5 === 0 ? `::ffff:${ipv4Text(value)}` : ipv4Text(value);
      expect(set.match(text, atMs)).toBe(expected);
      if (expected !== null) listed += 1;
    }
    for (let lookup = 0; lookup < 300; lookup += 1) {
      const value = lookup % 2 === 0 ? insideOneOfIpv6(ipv6Prefixes, random) : randomIpv6(random);
      const expected = bruteForceIpv6(ipv6Prefixes, value, 500);
      expect(set.match(ipv6Text(value), 500)).toBe(expected);
      if (expected !== null) listed += 1;
    }
    // Guards against a generator that only ever misses, which would make the check vacuous.
    expect(listed).toBeGreaterThan(800);
  }, 120_000);
});

describe("isValidAt", () => {
  it("treats validFromMs as inclusive and validUntilMs as exclusive", () => {
    const listing = { validFromMs: 10, validUntilMs: 20 };

    expect([9, 10, 19, 20].map((atMs) => isValidAt(listing, atMs))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(isValidAt({}, 0)).toBe(true);
  });
});

interface RandomPrefix<Network> {
  text: string;
  network: Network;
  prefixLength: number;
  listing: Listing;
}

/** Mulberry32: a small seeded generator of uniform 32-bit integers. */
function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
}

function ipv4Mask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffff_ffff << (32 - prefixLength)) >>> 0;
}

function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".");
}

function toRandomPrefix(
  address: number,
  prefixLength: number,
  id: number,
  window: [number, number] | null,
): RandomPrefix<number> {
  const network = (address & ipv4Mask(prefixLength)) >>> 0;
  const listing: Listing =
    window === null ? { id } : { id, validFromMs: window[0], validUntilMs: window[0] + window[1] };
  return { text: `${ipv4Text(network)}/${prefixLength}`, network, prefixLength, listing };
}

/** Mostly /24–/32 with a sprinkling of /8–/23, so that prefixes nest and lookups also miss. */
function randomIpv4Prefix(random: () => number, id: number): RandomPrefix<number> {
  const roll = random() % 1_000;
  const prefixLength =
    roll < 2 ? 8 + (random() % 8) : roll < 300 ? 16 + (random() % 8) : 24 + (random() % 9);
  const window =
    random() % 5 === 0 ? ([random() % 1_000, 1 + (random() % 500)] as [number, number]) : null;
  return toRandomPrefix(random(), prefixLength, id, window);
}

function insideOneOf(prefixes: RandomPrefix<number>[], random: () => number): number {
  const { network, prefixLength } = prefixes[random() % prefixes.length]!;
  return (network | (random() & ~ipv4Mask(prefixLength))) >>> 0;
}

/** The reference answer: every prefix checked in adding order, the longest valid one kept. */
function bruteForceIpv4(
  prefixes: RandomPrefix<number>[],
  address: number,
  atMs: number | undefined,
): Listing | null {
  const scan = scans.get(prefixes) ?? toScan(prefixes);
  let best = -1;
  for (let index = 0; index < scan.networks.length; index += 1) {
    if ((address & scan.masks[index]!) >>> 0 !== scan.networks[index]) continue;
    if (best !== -1 && scan.masks[index]! <= scan.masks[best]!) continue;
    if (atMs !== undefined && !isValidAt(prefixes[index]!.listing, atMs)) continue;
    best = index;
  }
  return best === -1 ? null : prefixes[best]!.listing;
}

// Typed copies of the prefixes keep the 400 million comparisons of the large check fast.
const scans = new WeakMap<RandomPrefix<number>[], { networks: Uint32Array; masks: Uint32Array }>();

function toScan(prefixes: RandomPrefix<number>[]): { networks: Uint32Array; masks: Uint32Array } {
  const scan = {
    networks: Uint32Array.from(prefixes, (prefix) => prefix.network),
    masks: Uint32Array.from(prefixes, (prefix) => ipv4Mask(prefix.prefixLength)),
  };
  scans.set(prefixes, scan);
  return scan;
}

const ALL_IPV6_BITS = (1n << 128n) - 1n;
const IPV6_MASKS = Array.from(
  { length: 129 },
  (_, prefixLength) => ALL_IPV6_BITS ^ ((1n << BigInt(128 - prefixLength)) - 1n),
);

function ipv6Mask(prefixLength: number): bigint {
  return IPV6_MASKS[prefixLength]!;
}

/** A few /32 heads, so random IPv6 prefixes nest the way real allocations do. */
const IPV6_POOL = [0x2001_0db8n, 0x2a12_2640n, 0x2a0e_d601n, 0x2602_ffa0n];

function randomIpv6(random: () => number): bigint {
  const head = IPV6_POOL[random() % IPV6_POOL.length]!;
  const rest = (BigInt(random()) << 64n) | (BigInt(random()) << 32n) | BigInt(random());
  return (head << 96n) | rest;
}

function ipv6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, group) =>
    ((value >> BigInt(112 - group * 16)) & 0xffffn).toString(16),
  );
  return groups.join(":");
}

function randomIpv6Prefix(random: () => number, id: number): RandomPrefix<bigint> {
  const prefixLength = [32, 40, 48, 56, 64, 96, 128][random() % 7]!;
  const network = randomIpv6(random) & ipv6Mask(prefixLength);
  const text = `${ipv6Text(network)}/${prefixLength}`;
  return { text, network, prefixLength, listing: { id } };
}

function insideOneOfIpv6(prefixes: RandomPrefix<bigint>[], random: () => number): bigint {
  const { network, prefixLength } = prefixes[random() % prefixes.length]!;
  return network | (randomIpv6(random) & ~ipv6Mask(prefixLength) & ALL_IPV6_BITS);
}

function bruteForceIpv6(
  prefixes: RandomPrefix<bigint>[],
  address: bigint,
  atMs: number,
): Listing | null {
  let best: RandomPrefix<bigint> | null = null;
  for (const candidate of prefixes) {
    if ((address & ipv6Mask(candidate.prefixLength)) !== candidate.network) continue;
    if (!isValidAt(candidate.listing, atMs)) continue;
    if (best === null || candidate.prefixLength > best.prefixLength) best = candidate;
  }
  return best?.listing ?? null;
}
