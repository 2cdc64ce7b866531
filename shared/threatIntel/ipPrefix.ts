import ipaddr from "ipaddr.js";

/** An address as ipaddr.js parses it. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * A network: its first address and how many leading bits are fixed. An IPv4-mapped IPv6 prefix
 * (`::ffff:198.51.100.0/120`) is held as its IPv4 form, so both spellings are one network.
 */
export interface IpPrefix {
  network: IpAddress;
  prefixLength: number;
}

/** Thrown for text that is not an address or prefix; the message says what was expected. */
export class IpPrefixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IpPrefixError";
  }
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;
const MAPPED_IPV4_FIRST_BIT = 96;

/**
 * Reads `198.51.100.7`, `198.51.100.0/24`, `2001:db8::1` or `2001:db8::/32`. IPv4 must be four
 * decimal parts (no `127.1`, `0x7f.0.0.1` or leading zeros), zone indexes are refused, and a
 * prefix must be written with its network address: `198.51.100.7/24` is an error, not a /24.
 */
export function parseIpPrefix(text: string): IpPrefix {
  const slash = text.indexOf("/");
  if (slash === -1) {
    const network = parseIpAddress(text);
    return { network, prefixLength: bitsOf(network) };
  }

  const network = parseAddressAsWritten(text.slice(0, slash));
  const prefixLength = parsePrefixLength(text.slice(slash + 1), bitsOf(network), text);
  if (hasHostBits(network, prefixLength)) {
    throw new IpPrefixError(
      `${JSON.stringify(text)} has host bits set; expected the network address ` +
        `${networkOf(network, prefixLength).toString()}/${prefixLength}`,
    );
  }
  return withMappedAsIpv4({ network, prefixLength });
}

/**
 * Reads one address with the same rules as `parseIpPrefix`; an IPv4-mapped IPv6 address comes
 * back as IPv4.
 */
export function parseIpAddress(text: string): IpAddress {
  const address = parseAddressAsWritten(text);
  return address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress()
    ? address.toIPv4Address()
    : address;
}

/** The canonical text of a prefix, e.g. `198.51.100.0/24` or `2001:db8::/32`. */
export function formatIpPrefix(prefix: IpPrefix): string {
  return `${prefix.network.toString()}/${prefix.prefixLength}`;
}

/** How many bits an address of this family has: 32 or 128. */
function bitsOf(address: IpAddress): number {
  return address.kind() === "ipv4" ? IPV4_BITS : IPV6_BITS;
}

function parsePrefixLength(text: string, maxBits: number, whole: string): number {
  const prefixLength = /^[0-9]{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(prefixLength <= maxBits)) {
    throw new IpPrefixError(
      `${JSON.stringify(whole)} has prefix length ${JSON.stringify(text)}; ` +
        `expected a whole number from 0 to ${maxBits}`,
    );
  }
  return prefixLength;
}

function parseAddressAsWritten(text: string): IpAddress {
  if (text.includes(":")) {
    const ipv6 = parsedOrNull(() => ipaddr.IPv6.parse(text));
    if (ipv6 !== null && ipv6.zoneId === undefined) return ipv6;
  } else {
    const ipv4 = parsedOrNull(() => ipaddr.IPv4.parse(text));
    // ipaddr.js also reads 127.1, 0x7f.0.0.1 and octal 010.0.0.1; feeds mean none of those.
    if (ipv4 !== null && ipv4.toString() === text) return ipv4;
  }
  throw new IpPrefixError(
    `${JSON.stringify(text)} is not an IP address; expected dotted-quad IPv4 or IPv6 without a zone`,
  );
}

function parsedOrNull<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

function hasHostBits(address: IpAddress, prefixLength: number): boolean {
  const mask = maskOf(address, prefixLength);
  return address.toByteArray().some((byte, index) => (byte & ~mask[index]!) !== 0);
}

const masks = new Map<string, number[]>();

function maskOf(address: IpAddress, prefixLength: number): number[] {
  const key = `${address.kind()}/${prefixLength}`;
  let mask = masks.get(key);
  if (mask === undefined) {
    const family = address.kind() === "ipv4" ? ipaddr.IPv4 : ipaddr.IPv6;
    mask = family.subnetMaskFromPrefixLength(prefixLength).toByteArray();
    masks.set(key, mask);
  }
  return mask;
}

function networkOf(address: IpAddress, prefixLength: number): IpAddress {
  const cidr = `${address.toString()}/${prefixLength}`;
  return address.kind() === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr);
}

function withMappedAsIpv4(prefix: IpPrefix): IpPrefix {
  const { network, prefixLength } = prefix;
  if (!(network instanceof ipaddr.IPv6) || prefixLength < MAPPED_IPV4_FIRST_BIT) return prefix;
  if (!network.isIPv4MappedAddress()) return prefix;
  return { network: network.toIPv4Address(), prefixLength: prefixLength - MAPPED_IPV4_FIRST_BIT };
}
