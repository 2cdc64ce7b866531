import type { ListedAddresses } from "./listedAddresses.js";
import type { SeededRandom } from "./seededRandom.js";

/**
 * Where simulated clients' addresses come from. Each kind of client draws from its own first
 * octets (ISP-like for people, cloud-like for servers, hosting-like for attackers), so an
 * attacker's fresh address can never equal a benign client's, and no draw lands on a listed one.
 */
export type AddressRole = "residential" | "cloud" | "hosting";

const IPV4_FIRST_OCTETS: Readonly<Record<AddressRole, readonly number[]>> = {
  residential: [2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 86, 88, 90, 92, 94, 176, 212],
  cloud: [4, 13, 20, 34, 35, 40, 51, 52, 104],
  hosting: [23, 45, 64, 103, 141, 146, 154, 167, 193, 209],
};

const IPV6_PREFIXES: Readonly<Record<AddressRole, ReadonlyArray<readonly string[]>>> = {
  residential: [
    ["2a02", "810"],
    ["2a01", "cb1"],
    ["2003", "e4"],
    ["2a00", "23c5"],
    ["2a01", "598"],
  ],
  cloud: [
    ["2603", "1020"],
    ["2a01", "111"],
    ["2600", "1f18"],
  ],
  hosting: [
    ["2a0e", "97c0"],
    ["2602", "fed2"],
  ],
};

/** A public IPv4 address of `role` that no list names. */
export function drawIpv4(random: SeededRandom, role: AddressRole, listed: ListedAddresses): string {
  for (;;) {
    const first = random.pick(IPV4_FIRST_OCTETS[role]);
    const address = `${first}.${random.int(256)}.${random.int(256)}.${random.between(1, 254)}`;
    if (!listed.has(address)) return address;
  }
}

/**
 * A global IPv6 address of `role` that no list names, in canonical form: lower case, no leading
 * zeros, and no zero groups, so there is nothing for a reader to compress.
 */
export function drawIpv6(random: SeededRandom, role: AddressRole, listed: ListedAddresses): string {
  for (;;) {
    const prefix = random.pick(IPV6_PREFIXES[role]);
    const groups = [...prefix];
    while (groups.length < 8) groups.push(random.between(1, 0xffff).toString(16));
    const address = groups.join(":");
    if (!listed.has(address)) return address;
  }
}

/** An address of `role`, IPv6 with probability `ipv6Share`. */
export function drawAddress(
  random: SeededRandom,
  role: AddressRole,
  listed: ListedAddresses,
  ipv6Share: number,
): string {
  return random.chance(ipv6Share) ? drawIpv6(random, role, listed) : drawIpv4(random, role, listed);
}

/** A private address, as a corporate proxy writes into X-Forwarded-For for its own users. */
export function drawPrivateIpv4(random: SeededRandom): string {
  return `10.${random.int(256)}.${random.int(256)}.${random.between(2, 254)}`;
}
