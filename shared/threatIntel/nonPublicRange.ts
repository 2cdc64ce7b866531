import { type IpPrefix, parseIpPrefix } from "./ipPrefix.js";

/** A range of addresses no Internet client arrives from. */
export interface NonPublicRange {
  kind: "unspecified" | "private" | "loopback" | "link-local" | "multicast";
  cidr: string;
}

/** How a listed prefix meets a non-public range: inside it, or wider and covering it. */
export interface NonPublicOverlap {
  range: NonPublicRange;
  relation: "inside" | "covering";
}

/**
 * The ranges excluded from matching. Documentation ranges (192.0.2.0/24, 2001:db8::/32, …) are
 * deliberately absent: they are what test fixtures and examples use.
 */
const NON_PUBLIC_RANGES: readonly NonPublicRange[] = [
  { kind: "unspecified", cidr: "0.0.0.0/8" },
  { kind: "private", cidr: "10.0.0.0/8" },
  { kind: "loopback", cidr: "127.0.0.0/8" },
  { kind: "link-local", cidr: "169.254.0.0/16" },
  { kind: "private", cidr: "172.16.0.0/12" },
  { kind: "private", cidr: "192.168.0.0/16" },
  { kind: "multicast", cidr: "224.0.0.0/4" },
  { kind: "unspecified", cidr: "::/128" },
  { kind: "loopback", cidr: "::1/128" },
  { kind: "private", cidr: "fc00::/7" },
  { kind: "link-local", cidr: "fe80::/10" },
  { kind: "multicast", cidr: "ff00::/8" },
];

const PARSED_RANGES = NON_PUBLIC_RANGES.map((range) => ({
  range,
  prefix: parseIpPrefix(range.cidr),
}));

/**
 * The first non-public range `prefix` lies in or covers, or null for a public prefix. A covering
 * prefix such as `0.0.0.0/0` counts: listing it would flag every private client too.
 */
export function nonPublicOverlapOf(prefix: IpPrefix): NonPublicOverlap | null {
  for (const { range, prefix: excluded } of PARSED_RANGES) {
    if (excluded.network.kind() !== prefix.network.kind()) continue;
    const sharedBits = Math.min(excluded.prefixLength, prefix.prefixLength);
    if (!prefix.network.match(excluded.network, sharedBits)) continue;
    return {
      range,
      relation: prefix.prefixLength >= excluded.prefixLength ? "inside" : "covering",
    };
  }
  return null;
}
