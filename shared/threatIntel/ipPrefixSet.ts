import ipaddr from "ipaddr.js";
import { type IpAddress, type IpPrefix, parseIpAddress, parseIpPrefix } from "./ipPrefix.js";
import { PrefixTable } from "./prefixTable.js";

/** When an entry applies, in epoch ms. Both bounds are optional. */
export interface PrefixPayload {
  /** The first instant the entry applies. */
  validFromMs?: number;
  /** The first instant the entry no longer applies: the bound is exclusive. */
  validUntilMs?: number;
}

const IPV4_WORDS = 1;
const IPV6_WORDS = 4;
const acceptAny = (): boolean => true;

/**
 * IPv4 and IPv6 addresses and prefixes, each carrying payloads, answering which most specific
 * entry lists an address. IPv4-mapped IPv6 (`::ffff:198.51.100.7`) is treated as its IPv4 form,
 * in entries and in lookups alike. A lookup is a binary search over disjoint address segments,
 * O(log n) for n prefixes, plus ipaddr.js parsing the address, which costs about as much again.
 * Adding is O(1); the first lookup after adds rebuilds the segments in O(n log n).
 */
export class IpPrefixSet<P extends PrefixPayload> {
  private readonly ipv4 = new PrefixTable<P>(IPV4_WORDS);
  private readonly ipv6 = new PrefixTable<P>(IPV6_WORDS);

  /** How many entries were added, counting one per `add`. */
  get size(): number {
    return this.ipv4.entryCount + this.ipv6.entryCount;
  }

  /** How many distinct prefixes the entries name; an address counts as a /32 or /128. */
  get prefixCount(): number {
    return this.ipv4.prefixCount + this.ipv6.prefixCount;
  }

  /**
   * Adds an entry for an address or a prefix written with its network address. Several entries
   * may name one prefix; they are kept in adding order. Throws `IpPrefixError` on other text.
   */
  add(cidrOrIp: string, payload: P): void {
    this.addPrefix(parseIpPrefix(cidrOrIp), payload);
  }

  /** Adds an entry for a prefix already read with `parseIpPrefix`. */
  addPrefix(prefix: IpPrefix, payload: P): void {
    const { network, prefixLength } = prefix;
    this.tableOf(network).add(addressWordsOf(network), prefixLength, payload);
  }

  /**
   * The entry of the most specific prefix that lists `ip`, or null. Given `atMs`, entries outside
   * their validity window are passed over, falling back to wider prefixes. Among entries of one
   * prefix the first added wins. Throws `IpPrefixError` when `ip` is not an address.
   */
  match(ip: string, atMs?: number): P | null {
    const address = parseIpAddress(ip);
    return this.tableOf(address).find(addressWordsOf(address), acceptorAt(atMs));
  }

  /** Every entry listing `ip` (valid at `atMs` when given), most specific prefix first. */
  matchAll(ip: string, atMs?: number): P[] {
    const address = parseIpAddress(ip);
    return this.tableOf(address).findAll(addressWordsOf(address), acceptorAt(atMs));
  }

  private tableOf(address: IpAddress): PrefixTable<P> {
    return address.kind() === "ipv4" ? this.ipv4 : this.ipv6;
  }
}

/** Whether `payload` applies at `atMs`: from `validFromMs` inclusive to `validUntilMs` exclusive. */
export function isValidAt(payload: PrefixPayload, atMs: number): boolean {
  if (payload.validFromMs !== undefined && atMs < payload.validFromMs) return false;
  return payload.validUntilMs === undefined || atMs < payload.validUntilMs;
}

function acceptorAt(atMs: number | undefined): (payload: PrefixPayload) => boolean {
  return atMs === undefined ? acceptAny : (payload) => isValidAt(payload, atMs);
}

/** The address as unsigned 32-bit words, most significant first. */
function addressWordsOf(address: IpAddress): number[] {
  if (address instanceof ipaddr.IPv4) {
    const [a = 0, b = 0, c = 0, d = 0] = address.octets;
    return [((a << 24) | (b << 16) | (c << 8) | d) >>> 0];
  }
  const parts = address.parts;
  const words: number[] = [];
  for (let part = 0; part < parts.length; part += 2) {
    words.push(parts[part]! * 0x1_0000 + parts[part + 1]!);
  }
  return words;
}
